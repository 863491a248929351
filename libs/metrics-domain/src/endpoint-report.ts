import { ActivitySummary, copyActivity, emptyActivity, failureBinWidthFor, mergeActivityInto, pruneActivity } from './activity-summary';
import { archiveCutoff, AttemptSegment, selectSegments } from './attempt-segment';
import { AutoSuspendDecision, AutoSuspendPolicy, decideAutoSuspension, Exemption, exemptionOf, FailingRun, failingRun } from './auto-suspend.policy';
import type { EndpointDirectoryEntry } from './endpoint-directory';
import { assessHealth, HealthAssessment, HealthThresholds, PublishedFigures } from './endpoint-health';
import { EndpointWindows, windowsAt } from './window-figures';

/** Activity of the hours whose segments were deleted: everything before `archivedThrough`. */
export interface EndpointArchive {
  activity: ActivitySummary;
  /** Epoch ms; segments of earlier hours are folded in here (and ignored if still stored). */
  archivedThrough: number | null;
}

export interface EndpointReportInput {
  endpointId: string;
  partnerId: string;
  now: number;
  /** Every stored segment of the endpoint. */
  segments: readonly AttemptSegment[];
  archive: EndpointArchive | null;
  directory: EndpointDirectoryEntry | null;
  acceptedRequestId: string | null;
  policy: AutoSuspendPolicy;
  thresholds: HealthThresholds;
}

/** Everything the service says about an endpoint at an instant, from its stored documents. */
export interface EndpointReport {
  endpointId: string;
  partnerId: string;
  computedAt: number;
  windows: EndpointWindows;
  activity: ActivitySummary;
  run: FailingRun | null;
  exemption: Exemption | null;
  decision: AutoSuspendDecision;
  health: HealthAssessment;
  figures: PublishedFigures;
}

export function reportEndpoint(input: EndpointReportInput): EndpointReport {
  const { now, policy } = input;
  const live = liveSegments(input.segments, input.archive);
  const activity = activityOf(live, input.archive, policy.periodMs);
  const windows = windowsAt(live, now);
  const category = input.directory?.category ?? activity.category;
  const direction = input.directory?.direction ?? activity.direction;
  const run = failingRun(activity, input.directory?.activeSince ?? null);
  const exemption = exemptionOf(category, direction);
  const decision = decideAutoSuspension({ endpointId: input.endpointId, policy, run, category, direction, directory: input.directory, acceptedRequestId: input.acceptedRequestId });
  const health = assessHealth({ windows, run, policy, exemption, thresholds: input.thresholds });
  return {
    endpointId: input.endpointId,
    partnerId: input.directory?.partnerId ?? input.partnerId,
    computedAt: now,
    windows,
    activity,
    run,
    exemption,
    decision,
    health,
    figures: {
      computedAt: now,
      state: health.state,
      errorRate1h: windows.lastHour.errorRate,
      errorRate24h: windows.lastDay.errorRate,
      attempts1h: windows.lastHour.attempts,
      attempts24h: windows.lastDay.attempts,
      lastSuccessAt: activity.lastSuccessAt,
      lastFailureAt: activity.lastFailureAt,
      lastFailureClass: activity.lastFailureClass,
    },
  };
}

/** The selected segments not yet folded into the archive. */
export function liveSegments(segments: readonly AttemptSegment[], archive: EndpointArchive | null): AttemptSegment[] {
  const through = archive?.archivedThrough ?? -Infinity;
  return selectSegments(segments.filter((s) => s.hourStart >= through));
}

function activityOf(live: readonly AttemptSegment[], archive: EndpointArchive | null, periodMs: number): ActivitySummary {
  const activity = archive ? copyActivity(archive.activity) : emptyActivity(failureBinWidthFor(periodMs));
  if (activity.failureBinWidthMs !== failureBinWidthFor(periodMs)) {
    activity.failureBinWidthMs = failureBinWidthFor(periodMs);
    activity.failureBins = {};
  }
  for (const s of live) mergeActivityInto(activity, s.activity);
  pruneActivity(activity, periodMs);
  return activity;
}

export interface ArchivePlan {
  archive: EndpointArchive;
  /** Segments now held by the archive, to delete once it is stored. */
  remove: AttemptSegment[];
}

/** Folds the hours older than `archiveCutoff(now)` into the archive; null when there is nothing to fold. */
export function planArchive(segments: readonly AttemptSegment[], archive: EndpointArchive | null, now: number, periodMs: number): ArchivePlan | null {
  const cutoff = archiveCutoff(now);
  const old = segments.filter((s) => s.hourStart < cutoff);
  if (old.length === 0) return null;
  const through = archive?.archivedThrough ?? -Infinity;
  const activity = archive ? copyActivity(archive.activity) : emptyActivity(failureBinWidthFor(periodMs));
  for (const s of selectSegments(old.filter((s) => s.hourStart >= through))) mergeActivityInto(activity, s.activity);
  pruneActivity(activity, periodMs);
  return { archive: { activity, archivedThrough: Math.max(cutoff, archive?.archivedThrough ?? cutoff) }, remove: old };
}
