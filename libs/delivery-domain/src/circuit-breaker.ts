/**
 * One breaker per endpoint, so a dead receiver stops taking dispatcher slots: after
 * `failureThreshold` consecutive health failures (timeouts, refused connections, 5xx, 429) it
 * opens for `openMs`; then one probe is let through (half-open). The probe's success closes it,
 * its failure reopens it for twice as long, up to `maxOpenMs`. Deliveries held back by an open
 * breaker are not attempted and use up no retries.
 */
export interface BreakerPolicy {
  readonly failureThreshold: number;
  readonly openMs: number;
  readonly maxOpenMs: number;
}

export const DEFAULT_BREAKER_POLICY: BreakerPolicy = { failureThreshold: 5, openMs: 30_000, maxOpenMs: 600_000 };

export type BreakerState =
  | { readonly status: 'CLOSED'; readonly consecutiveFailures: number }
  | { readonly status: 'OPEN'; readonly until: number; readonly openMs: number }
  | { readonly status: 'HALF_OPEN'; readonly openMs: number; readonly probeInFlight: boolean };

export const closedBreaker: BreakerState = { status: 'CLOSED', consecutiveFailures: 0 };

/** The state as time passes: an OPEN breaker whose time is up becomes HALF_OPEN. */
export function breakerAt(state: BreakerState, now: number): BreakerState {
  return state.status === 'OPEN' && now >= state.until ? { status: 'HALF_OPEN', openMs: state.openMs, probeInFlight: false } : state;
}

/** Whether an attempt may start now; starting one in HALF_OPEN makes it the probe. */
export function tryAcquire(state: BreakerState, now: number): { allowed: boolean; state: BreakerState } {
  const current = breakerAt(state, now);
  switch (current.status) {
    case 'CLOSED':
      return { allowed: true, state: current };
    case 'OPEN':
      return { allowed: false, state: current };
    case 'HALF_OPEN':
      return current.probeInFlight ? { allowed: false, state: current } : { allowed: true, state: { ...current, probeInFlight: true } };
  }
}

/** Folds an attempt's result in: `healthFailure` is true for the failures that count (see isEndpointHealthFailure). */
export function recordResult(state: BreakerState, healthFailure: boolean, now: number, policy: BreakerPolicy): BreakerState {
  const current = breakerAt(state, now);
  if (!healthFailure) return current.status === 'OPEN' ? current : closedBreaker;
  switch (current.status) {
    case 'CLOSED': {
      const consecutiveFailures = current.consecutiveFailures + 1;
      return consecutiveFailures >= policy.failureThreshold ? { status: 'OPEN', until: now + policy.openMs, openMs: policy.openMs } : { status: 'CLOSED', consecutiveFailures };
    }
    case 'HALF_OPEN': {
      const openMs = Math.min(current.openMs * 2, policy.maxOpenMs);
      return { status: 'OPEN', until: now + openMs, openMs };
    }
    case 'OPEN':
      return current;
  }
}

/** When an OPEN breaker lets a probe through; null when it is not open. */
export function reopensAt(state: BreakerState): number | null {
  return state.status === 'OPEN' ? state.until : null;
}
