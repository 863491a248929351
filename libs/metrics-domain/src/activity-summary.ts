import type { AttemptRecord, EndpointCategory, EndpointDirection, FailureClass } from './attempt';
import type { AttemptVerdict } from './attempt-verdict';

/** Failed attempts of one bin of time: enough to find, after any instant, the failures that followed it. */
export interface FailureBin {
  n: number;
  /** Epoch ms of the first and last failure in the bin. */
  first: number;
  last: number;
}

/**
 * What is known about an endpoint's attempts beyond the windows: last success and failure, and
 * failures binned in time for the auto-suspend policy. Summaries merge (maxima, sums of bins),
 * so any grouping of attempts into segments folds to the same summary.
 */
export interface ActivitySummary {
  category: EndpointCategory | null;
  direction: EndpointDirection | null;
  lastAttemptAt: number | null;
  lastSuccessAt: number | null;
  lastFailureAt: number | null;
  lastFailureClass: FailureClass | null;
  failureBinWidthMs: number;
  /** Keyed by bin index (epoch ms / width). */
  failureBins: Record<string, FailureBin>;
}

export function emptyActivity(failureBinWidthMs: number): ActivitySummary {
  return { category: null, direction: null, lastAttemptAt: null, lastSuccessAt: null, lastFailureAt: null, lastFailureClass: null, failureBinWidthMs, failureBins: {} };
}

/**
 * Bins about 1/120 of the auto-suspend period wide (an hour for 5 days), at least a second: the
 * policy then errs by at most one bin, always on the side of not suspending.
 */
export function failureBinWidthFor(periodMs: number): number {
  return Math.max(1000, Math.floor(periodMs / 120));
}

export function recordInActivity(activity: ActivitySummary, attempt: AttemptRecord, verdict: AttemptVerdict): void {
  activity.category ??= attempt.category;
  activity.direction ??= attempt.direction;
  const at = attempt.attemptedAt;
  activity.lastAttemptAt = max(activity.lastAttemptAt, at);
  if (verdict.outcome === 'SUCCEEDED') activity.lastSuccessAt = max(activity.lastSuccessAt, at);
  if (verdict.outcome !== 'FAILED') return;
  if (activity.lastFailureAt === null || at >= activity.lastFailureAt) {
    activity.lastFailureAt = at;
    activity.lastFailureClass = verdict.failureClass;
  }
  addToBin(activity.failureBins, String(Math.floor(at / activity.failureBinWidthMs)), { n: 1, first: at, last: at });
}

/** Merges `source` into `target`; bins of another width (the period was reconfigured) are dropped. */
export function mergeActivityInto(target: ActivitySummary, source: ActivitySummary): void {
  target.category ??= source.category;
  target.direction ??= source.direction;
  target.lastAttemptAt = max(target.lastAttemptAt, source.lastAttemptAt);
  target.lastSuccessAt = max(target.lastSuccessAt, source.lastSuccessAt);
  if (source.lastFailureAt !== null && (target.lastFailureAt === null || source.lastFailureAt >= target.lastFailureAt)) {
    target.lastFailureAt = source.lastFailureAt;
    target.lastFailureClass = source.lastFailureClass;
  }
  if (source.failureBinWidthMs !== target.failureBinWidthMs) return;
  for (const [key, bin] of Object.entries(source.failureBins)) addToBin(target.failureBins, key, bin);
}

/**
 * Drops bins that can no longer matter: those entirely before the last success, and those more
 * than `keepMs` (plus two bins) before the newest failure.
 */
export function pruneActivity(activity: ActivitySummary, keepMs: number): void {
  const width = activity.failureBinWidthMs;
  const oldestKept = activity.lastFailureAt === null ? Infinity : Math.floor(activity.lastFailureAt / width) - Math.ceil(keepMs / width) - 2;
  for (const [key, bin] of Object.entries(activity.failureBins)) {
    if (Number(key) < oldestKept && activity.lastFailureAt !== null && bin.last < activity.lastFailureAt - keepMs) delete activity.failureBins[key];
    else if (activity.lastSuccessAt !== null && bin.last <= activity.lastSuccessAt) delete activity.failureBins[key];
  }
}

export function copyActivity(activity: ActivitySummary): ActivitySummary {
  const copy = emptyActivity(activity.failureBinWidthMs);
  mergeActivityInto(copy, activity);
  return copy;
}

function addToBin(bins: Record<string, FailureBin>, key: string, add: FailureBin): void {
  const bin = bins[key];
  bins[key] = bin ? { n: bin.n + add.n, first: Math.min(bin.first, add.first), last: Math.max(bin.last, add.last) } : { ...add };
}

function max(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}
