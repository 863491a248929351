import { isLockedOut, LOCKOUT_DURATION_MS, MAX_FAILED_ATTEMPTS, NO_FAILURES, registerFailure, registerSuccess, type LockoutState } from './operator-lockout';

const T0 = new Date('2025-03-01T10:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const MINUTE = 60_000;

const failTimes = (state: LockoutState, times: number, now: Date): LockoutState =>
  Array.from({ length: times }).reduce<LockoutState>((s) => registerFailure(s, now), state);

describe('operator lockout', () => {
  it('locks after 5 failures for 15 minutes', () => {
    expect(MAX_FAILED_ATTEMPTS).toBe(5);
    expect(LOCKOUT_DURATION_MS).toBe(15 * MINUTE);
  });

  it('given 4 failures, when checking, then the account is not locked', () => {
    const state = failTimes(NO_FAILURES, 4, T0);

    expect(state).toEqual({ failedAttempts: 4, lockedUntil: null });
    expect(isLockedOut(state, T0)).toBe(false);
  });

  it('given a 5th failure, when checking, then the account is locked until 15 minutes later and unlocks exactly then', () => {
    const state = failTimes(NO_FAILURES, 5, T0);

    expect(state.lockedUntil).toEqual(at(15 * MINUTE));
    expect(isLockedOut(state, at(15 * MINUTE - 1))).toBe(true);
    expect(isLockedOut(state, at(15 * MINUTE))).toBe(false);
  });

  it('given a lockout, when more failures arrive during it, then the lockout is not extended', () => {
    const locked = failTimes(NO_FAILURES, 5, T0);
    expect(failTimes(locked, 10, at(MINUTE))).toBe(locked);
  });

  it('given a lockout that ended, when failing again, then a fresh run of 5 failures is needed to lock again', () => {
    const afterLock = failTimes(NO_FAILURES, 5, T0);
    const later = at(20 * MINUTE);

    expect(isLockedOut(failTimes(afterLock, 4, later), later)).toBe(false);
    expect(isLockedOut(failTimes(afterLock, 5, later), later)).toBe(true);
  });

  it('given some failures, when the password is then right, then the counter restarts', () => {
    const state = registerSuccess(failTimes(NO_FAILURES, 4, T0), T0);

    expect(state).toEqual(NO_FAILURES);
    expect(isLockedOut(failTimes(state, 4, T0), T0)).toBe(false);
  });

  it('given a lockout in force, when a success is registered, then the lockout stays', () => {
    const locked = failTimes(NO_FAILURES, 5, T0);
    expect(registerSuccess(locked, at(MINUTE))).toBe(locked);
  });

  it('given a clean state, when a success is registered, then the same state is returned (no write needed)', () => {
    expect(registerSuccess(NO_FAILURES, T0)).toBe(NO_FAILURES);
  });
});
