import type { AttemptVerdict } from './attempt-verdict';
import type { FailureClass } from './attempt';
import { LatencyHistogram, mergeHistogramInto, recordLatency } from './latency-histogram';

/** Counts of one slot of time: the unit every window is summed from. */
export interface Tally {
  /** Counted attempts: succeeded + failed. */
  attempts: number;
  failures: number;
  /** Seen but left out of the rate (see `classifyAttempt`). */
  notCounted: number;
  byClass: Partial<Record<FailureClass, number>>;
  /** Latency of the counted attempts. */
  latency: LatencyHistogram;
}

export function emptyTally(): Tally {
  return { attempts: 0, failures: 0, notCounted: 0, byClass: {}, latency: {} };
}

export function addToTally(tally: Tally, verdict: AttemptVerdict, latencyMs: number | null): void {
  if (verdict.outcome === 'NOT_COUNTED') {
    tally.notCounted += 1;
    return;
  }
  tally.attempts += 1;
  if (verdict.outcome === 'FAILED') {
    tally.failures += 1;
    tally.byClass[verdict.failureClass] = (tally.byClass[verdict.failureClass] ?? 0) + 1;
  }
  if (latencyMs !== null && Number.isFinite(latencyMs) && latencyMs >= 0) recordLatency(tally.latency, latencyMs);
}

export function mergeTallyInto(target: Tally, source: Tally): void {
  target.attempts += source.attempts;
  target.failures += source.failures;
  target.notCounted += source.notCounted;
  for (const [failureClass, count] of Object.entries(source.byClass) as [FailureClass, number][]) {
    target.byClass[failureClass] = (target.byClass[failureClass] ?? 0) + count;
  }
  mergeHistogramInto(target.latency, source.latency);
}

export function copyTally(tally: Tally): Tally {
  const copy = emptyTally();
  mergeTallyInto(copy, tally);
  return copy;
}
