import { breakerAt, closedBreaker, recordResult, reopensAt, tryAcquire, type BreakerPolicy, type BreakerState } from './circuit-breaker';

const policy: BreakerPolicy = { failureThreshold: 3, openMs: 1_000, maxOpenMs: 3_000 };

function fail(state: BreakerState, times: number, at: number): BreakerState {
  let s = state;
  for (let i = 0; i < times; i++) s = recordResult(s, true, at, policy);
  return s;
}

describe('circuit breaker per endpoint', () => {
  it('stays closed below the threshold and a success resets the count', () => {
    const twice = fail(closedBreaker, 2, 0);
    expect(twice).toEqual({ status: 'CLOSED', consecutiveFailures: 2 });
    expect(recordResult(twice, false, 0, policy)).toEqual(closedBreaker);
    expect(tryAcquire(twice, 0).allowed).toBe(true);
  });

  it('opens at the threshold and refuses attempts until its time is up', () => {
    const open = fail(closedBreaker, 3, 100);
    expect(open).toEqual({ status: 'OPEN', until: 1_100, openMs: 1_000 });
    expect(tryAcquire(open, 1_099).allowed).toBe(false);
    expect(reopensAt(open)).toBe(1_100);
  });

  it('lets exactly one probe through when half-open; its success closes the breaker', () => {
    const open = fail(closedBreaker, 3, 0);
    const probe = tryAcquire(open, 1_000);
    expect(probe.allowed).toBe(true);
    expect(tryAcquire(probe.state, 1_000).allowed).toBe(false);
    expect(recordResult(probe.state, false, 1_010, policy)).toEqual(closedBreaker);
  });

  it('a failed probe reopens it for twice as long, up to the maximum', () => {
    let state = fail(closedBreaker, 3, 0);
    const at: number[] = [];
    for (let t = 1_000, i = 0; i < 4; i++) {
      state = tryAcquire(state, t).state;
      state = recordResult(state, true, t, policy);
      at.push(reopensAt(state)! - t);
      t = reopensAt(state)!;
    }
    expect(at).toEqual([2_000, 3_000, 3_000, 3_000]);
  });

  it('an OPEN breaker becomes HALF_OPEN by time alone', () => {
    expect(breakerAt({ status: 'OPEN', until: 10, openMs: 5 }, 10)).toEqual({ status: 'HALF_OPEN', openMs: 5, probeInFlight: false });
  });
});
