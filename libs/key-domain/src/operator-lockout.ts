/**
 * Lockout after repeated wrong passwords: {@link MAX_FAILED_ATTEMPTS} consecutive failures lock
 * the account for {@link LOCKOUT_DURATION_MS}. The counter restarts after a success or when a
 * lockout begins, so each lockout needs a fresh run of failures.
 */
export const MAX_FAILED_ATTEMPTS = 5;
/** 15 minutes. */
export const LOCKOUT_DURATION_MS = 15 * 60 * 1000;

export interface LockoutState {
  /** Consecutive failures since the last success or lockout. */
  readonly failedAttempts: number;
  /** Locked strictly before this instant; null when never locked or the lock has been superseded. */
  readonly lockedUntil: Date | null;
}

export const NO_FAILURES: LockoutState = Object.freeze({ failedAttempts: 0, lockedUntil: null });

/** Locked at `now` if `now` is before `lockedUntil`; the account unlocks at exactly that instant. */
export function isLockedOut(state: LockoutState, now: Date): boolean {
  return state.lockedUntil !== null && now.getTime() < state.lockedUntil.getTime();
}

/**
 * Counts a wrong password. Attempts during a lockout change nothing (they are rejected without
 * checking the password, and must not let an attacker extend a victim's lockout forever).
 */
export function registerFailure(state: LockoutState, now: Date): LockoutState {
  if (isLockedOut(state, now)) return state;
  const failedAttempts = state.failedAttempts + 1;
  if (failedAttempts >= MAX_FAILED_ATTEMPTS) return { failedAttempts: 0, lockedUntil: new Date(now.getTime() + LOCKOUT_DURATION_MS) };
  return { failedAttempts, lockedUntil: null };
}

/** A correct password clears the failures; it cannot lift a lockout in force (the password is not even checked then). */
export function registerSuccess(state: LockoutState, now: Date): LockoutState {
  if (isLockedOut(state, now)) return state;
  return state.failedAttempts === 0 && state.lockedUntil === null ? state : NO_FAILURES;
}
