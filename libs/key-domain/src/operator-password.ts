import { UnauthenticatedError, ValidationError } from '@bakuun/errors';
import { isLockedOut, registerFailure, registerSuccess, type LockoutState } from './operator-lockout';

/**
 * Port for operator password hashing. The argon2id adapter (a native module) lives in the
 * key-management service, never in this domain lib; it hashes with {@link ARGON2ID_PARAMETERS}
 * and its `verify` compares in constant time.
 */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

/**
 * argon2id at the OWASP Password Storage Cheat Sheet minimum: 19 MiB memory, 2 iterations,
 * 1 lane. Names follow `@node-rs/argon2` options; memory is in KiB. The salt (16 random bytes) is
 * drawn by the adapter's library, and every hash string carries its parameters, so raising them
 * later keeps old hashes verifiable.
 */
export const ARGON2ID_PARAMETERS = Object.freeze({
  algorithm: 'argon2id',
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
} as const);

/** Length limits in Unicode code points (after NFKC): long passphrases welcome, unbounded input not. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/** NFKC, so the same passphrase typed on different keyboards hashes the same (NIST SP 800-63B). Apply before hash and verify. */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

/** Checks a new password against the rules; the error gives the limits, never the password. */
export function checkPasswordPolicy(password: string): void {
  const length = [...normalizePassword(password)].length;
  if (length < PASSWORD_MIN_LENGTH) {
    throw new ValidationError('OPERATOR.PASSWORD_TOO_SHORT', `Password must have at least ${PASSWORD_MIN_LENGTH} characters`, { field: 'password', details: { min: PASSWORD_MIN_LENGTH } });
  }
  if (length > PASSWORD_MAX_LENGTH) {
    throw new ValidationError('OPERATOR.PASSWORD_TOO_LONG', `Password must have at most ${PASSWORD_MAX_LENGTH} characters`, { field: 'password', details: { max: PASSWORD_MAX_LENGTH } });
  }
}

/** Hash of a new operator password, after the policy check (used by the set-password CLI). */
export async function hashNewPassword(password: string, hasher: PasswordHasher): Promise<string> {
  checkPasswordPolicy(password);
  return hasher.hash(normalizePassword(password));
}

export const CREDENTIALS_REJECTED = 'OPERATOR.CREDENTIALS_REJECTED';

/** The single error for a wrong password, an unknown operator and a locked account alike. */
export function credentialsRejected(): UnauthenticatedError {
  return new UnauthenticatedError(CREDENTIALS_REJECTED, 'Operator credentials were rejected');
}

export interface OperatorAccount {
  readonly operatorId: string;
  readonly passwordHash: string;
  readonly lockout: LockoutState;
}

export type PasswordConfirmation =
  | { readonly confirmed: true; readonly lockout: LockoutState }
  /** `lockout` is null for an unknown operator (nothing to store). */
  | { readonly confirmed: false; readonly lockout: LockoutState | null; readonly error: UnauthenticatedError };

/**
 * Confirms an operator's password and returns the lockout state to store.
 *
 * Callers see one outcome for wrong password, unknown operator and locked account: the same
 * error, and about the same time, because every path runs exactly one argon2id computation
 * (a verify against the stored hash, or a throw-away hash when there is nothing to verify).
 * Whether the account is locked stays visible in the returned state, for the service and tests.
 */
export async function confirmOperatorPassword(account: OperatorAccount | null, password: string, now: Date, hasher: PasswordHasher): Promise<PasswordConfirmation> {
  const normalized = normalizePassword(password);
  if (account === null || isLockedOut(account.lockout, now)) {
    await hasher.hash(normalized);
    return { confirmed: false, lockout: account?.lockout ?? null, error: credentialsRejected() };
  }
  if (await hasher.verify(account.passwordHash, normalized)) {
    return { confirmed: true, lockout: registerSuccess(account.lockout, now) };
  }
  return { confirmed: false, lockout: registerFailure(account.lockout, now), error: credentialsRejected() };
}
