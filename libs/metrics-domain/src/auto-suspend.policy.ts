import type { EndpointCategory, EndpointDirection } from './attempt';
import type { ActivitySummary } from './activity-summary';
import type { EndpointDirectoryEntry } from './endpoint-directory';
import { formatDuration } from './format-duration';

/**
 * The automatic suspension policy, after Svix ("an endpoint whose every attempt has failed for
 * 5 days is disabled"), made safe against too little data and against flapping.
 *
 * An endpoint is suspended when, counting only attempts after its last success and after the
 * moment it last became ACTIVE (the *floor*):
 * 1. the failures span at least `periodMs` (first to last failure), and
 * 2. there are at least `minFailures` of them, and
 * 3. it is ACTIVE in the registry, outbound, and not BOOKING.
 *
 * Never on too little data: a short burst of failures, or a few failures spread over the
 * period, does not qualify. Never flapping: once suspended (by anyone) the endpoint is not
 * evaluated until it is activated again, and activation moves the floor, so failures from
 * before it never count again: a reactivated endpoint must fail for a whole new period.
 * BOOKING endpoints are never suspended (a booking must not be dropped without a person
 * deciding) and inbound endpoints neither (suspending them only locks the partner out); both
 * get a health warning instead. The request id is derived from the endpoint and the floor, so
 * a retried call, or another instance making the same decision, suspends once.
 */
export interface AutoSuspendPolicy {
  /** @defaultValue true */
  enabled: boolean;
  /** @defaultValue 5 days */
  periodMs: number;
  /** @defaultValue 50 */
  minFailures: number;
}

/** The failures after the floor: what the policy judges. */
export interface FailingRun {
  /** Epoch ms of the first and last failure counted. */
  since: number;
  lastFailureAt: number;
  failures: number;
  /** The later of the last success and the last activation; null when neither is known. */
  floor: number | null;
}

/**
 * The failures after the floor, read from the activity's bins. The bin holding the floor counts
 * only when all of its failures follow it; otherwise it is left out (an undercount, which can
 * only delay a suspension, never hasten it).
 */
export function failingRun(activity: Pick<ActivitySummary, 'lastSuccessAt' | 'failureBins' | 'failureBinWidthMs'>, activeSince: number | null): FailingRun | null {
  const floors = [activity.lastSuccessAt, activeSince].filter((v): v is number => v !== null);
  const floor = floors.length === 0 ? null : Math.max(...floors);
  const floorBin = floor === null ? -Infinity : Math.floor(floor / activity.failureBinWidthMs);
  let run: FailingRun | null = null;
  for (const [key, bin] of Object.entries(activity.failureBins)) {
    const index = Number(key);
    if (index < floorBin || (index === floorBin && floor !== null && bin.first <= floor)) continue;
    run = run
      ? { since: Math.min(run.since, bin.first), lastFailureAt: Math.max(run.lastFailureAt, bin.last), failures: run.failures + bin.n, floor }
      : { since: bin.first, lastFailureAt: bin.last, failures: bin.n, floor };
  }
  return run;
}

export type Exemption = 'BOOKING' | 'INBOUND';

/** Endpoints the policy never suspends, whatever their figures. */
export function exemptionOf(category: EndpointCategory | null, direction: EndpointDirection | null): Exemption | null {
  if (category === 'BOOKING') return 'BOOKING';
  if (direction === 'INBOUND') return 'INBOUND';
  return null;
}

export const EXEMPTION_TEXT: Record<Exemption, string> = {
  BOOKING: 'BOOKING endpoints are never suspended automatically: a person must decide',
  INBOUND: 'inbound endpoints are never suspended automatically: suspending would only lock the partner out',
};

export interface AutoSuspendFigure {
  metric: 'error_rate';
  value: number;
  windowSeconds: number;
  attempts: number;
}

export type AutoSuspendDecision =
  | { action: 'SUSPEND'; requestId: string; figure: AutoSuspendFigure; explanation: string }
  | { action: 'NONE'; criterionMet: boolean; explanation: string };

export interface AutoSuspendInput {
  endpointId: string;
  policy: AutoSuspendPolicy;
  run: FailingRun | null;
  /** Category and direction from the registry, else from the attempts. */
  category: EndpointCategory | null;
  direction: EndpointDirection | null;
  /** Null when the registry's events for the endpoint were not seen yet. */
  directory: Pick<EndpointDirectoryEntry, 'status'> | null;
  /** A suspension this service already had accepted by the registry. */
  acceptedRequestId: string | null;
}

export function criterionMet(run: FailingRun | null, policy: Pick<AutoSuspendPolicy, 'periodMs' | 'minFailures'>): boolean {
  return run !== null && run.lastFailureAt - run.since >= policy.periodMs && run.failures >= policy.minFailures;
}

/** "every attempt failed for 5 days (57 failures)", or that there is no run. */
export function describeRun(run: FailingRun | null): string {
  if (!run) return 'no failure since the last success';
  return `every attempt failed for ${formatDuration(run.lastFailureAt - run.since)} (${run.failures} failure${run.failures === 1 ? '' : 's'})`;
}

export function decideAutoSuspension(input: AutoSuspendInput): AutoSuspendDecision {
  const { run, policy } = input;
  const met = criterionMet(run, policy);
  const none = (explanation: string): AutoSuspendDecision => ({ action: 'NONE', criterionMet: met, explanation });
  if (!met || !run) return none(run ? `${describeRun(run)}; the policy needs ${formatDuration(policy.periodMs)} and ${policy.minFailures} failures` : describeRun(run));
  const exemption = exemptionOf(input.category, input.direction);
  if (exemption) return none(EXEMPTION_TEXT[exemption]);
  if (!policy.enabled) return none('automatic suspension is disabled');
  if (!input.directory) return none("the registry's events for this endpoint were not seen yet: nothing is suspended blind");
  if (input.directory.status !== 'ACTIVE') return none(`the endpoint is ${input.directory.status}; it is evaluated again once activated`);
  if (input.category === null) return none("the endpoint's category is unknown: BOOKING endpoints must never be suspended");
  const requestId = `metrics.auto-suspend:${input.endpointId}:${run.floor ?? run.since}`;
  if (input.acceptedRequestId === requestId) return none("suspension accepted by the registry; waiting for its EndpointSuspended event");
  const windowSeconds = Math.floor((run.lastFailureAt - run.since) / 1000);
  return {
    action: 'SUSPEND',
    requestId,
    figure: { metric: 'error_rate', value: 1, windowSeconds, attempts: run.failures },
    explanation: `suspend: ${describeRun(run)}`,
  };
}
