import { UnauthenticatedError, ValidationError } from '@bakuun/errors';
import { isLockedOut, NO_FAILURES, type LockoutState } from './operator-lockout';
import {
  ARGON2ID_PARAMETERS,
  checkPasswordPolicy,
  confirmOperatorPassword,
  CREDENTIALS_REJECTED,
  hashNewPassword,
  type OperatorAccount,
  type PasswordHasher,
} from './operator-password';

const T0 = new Date('2025-03-01T10:00:00.000Z');
const PASSWORD = 'correct horse battery staple';

/** Reversible stand-in for argon2id that counts the work done, so timing-equivalent paths are visible. */
function fakeHasher(): PasswordHasher & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    hash: async (password) => {
      calls.push('hash');
      return `fake$${password}`;
    },
    verify: async (hash, password) => {
      calls.push('verify');
      return hash === `fake$${password}`;
    },
  };
}

const account = (lockout: LockoutState = NO_FAILURES): OperatorAccount => ({ operatorId: 'op_1', passwordHash: `fake$${PASSWORD}`, lockout });

describe('operator password', () => {
  it('uses argon2id with at least the OWASP minimum (m=19456 KiB, t=2, p=1)', () => {
    expect(ARGON2ID_PARAMETERS).toMatchObject({ algorithm: 'argon2id', memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  });

  describe('policy', () => {
    it.each([
      ['11 characters', 'a'.repeat(11), 'OPERATOR.PASSWORD_TOO_SHORT'],
      ['129 characters', 'a'.repeat(129), 'OPERATOR.PASSWORD_TOO_LONG'],
      ['11 emoji (22 UTF-16 units)', '🔑'.repeat(11), 'OPERATOR.PASSWORD_TOO_SHORT'],
    ])('given %s, when checked, then a ValidationError gives the limit without echoing the password', (_, password, code) => {
      expect(() => checkPasswordPolicy(password)).toThrow(ValidationError);
      expect(() => checkPasswordPolicy(password)).toThrow(expect.objectContaining({ code, field: 'password' }));
      expect(() => checkPasswordPolicy(password)).not.toThrow(password);
    });

    it.each([12, 128])('given %i characters, when checked, then it is accepted', (length) => {
      expect(() => checkPasswordPolicy('a'.repeat(length))).not.toThrow();
    });

    it('given a valid new password, when hashed, then the hasher gets its NFKC form', async () => {
      const hasher = fakeHasher();
      expect(await hashNewPassword('ｃｏｒｒｅｃｔ horse battery staple', hasher)).toBe(`fake$${PASSWORD}`);
    });

    it('given a too short new password, when hashed, then nothing is hashed', async () => {
      const hasher = fakeHasher();
      await expect(hashNewPassword('short', hasher)).rejects.toThrow(ValidationError);
      expect(hasher.calls).toEqual([]);
    });
  });

  describe('confirmation', () => {
    it('given the right password, when confirming, then it is confirmed and failures are cleared', async () => {
      const result = await confirmOperatorPassword(account({ failedAttempts: 3, lockedUntil: null }), PASSWORD, T0, fakeHasher());
      expect(result).toEqual({ confirmed: true, lockout: NO_FAILURES });
    });

    it('given a wrong password, when confirming, then it is rejected with the single code and counts toward lockout', async () => {
      const result = await confirmOperatorPassword(account(), 'wrong password!!', T0, fakeHasher());

      expect(result).toMatchObject({ confirmed: false, lockout: { failedAttempts: 1, lockedUntil: null } });
      expect(!result.confirmed && result.error).toBeInstanceOf(UnauthenticatedError);
    });

    it('given 5 wrong passwords, when the right one follows, then it is rejected while locked and accepted 15 minutes later', async () => {
      const hasher = fakeHasher();
      let state = account();
      for (let i = 0; i < 5; i++) {
        const result = await confirmOperatorPassword(state, `wrong ${i} password`, T0, hasher);
        state = { ...state, lockout: result.lockout ?? NO_FAILURES };
      }
      expect(isLockedOut(state.lockout, T0)).toBe(true);

      const whileLocked = await confirmOperatorPassword(state, PASSWORD, new Date(T0.getTime() + 15 * 60_000 - 1), hasher);
      expect(whileLocked).toMatchObject({ confirmed: false, lockout: state.lockout });

      const afterLock = await confirmOperatorPassword(state, PASSWORD, new Date(T0.getTime() + 15 * 60_000), hasher);
      expect(afterLock).toEqual({ confirmed: true, lockout: NO_FAILURES });
    });

    it('given wrong password, unknown operator and locked account, when confirming, then callers see the same error and the same work', async () => {
      const locked = account({ failedAttempts: 0, lockedUntil: new Date(T0.getTime() + 60_000) });
      const outcomes = await Promise.all(
        [
          [account(), 'wrong password!!'],
          [null, PASSWORD],
          [locked, PASSWORD],
        ].map(async ([acc, password]) => {
          const hasher = fakeHasher();
          const result = await confirmOperatorPassword(acc as OperatorAccount | null, password as string, T0, hasher);
          return { error: result.confirmed ? null : result.error.toJSON(), work: hasher.calls.length };
        }),
      );

      const expected = { error: { name: 'UnauthenticatedError', code: CREDENTIALS_REJECTED, category: 'UNAUTHENTICATED', message: 'Operator credentials were rejected' }, work: 1 };
      expect(outcomes).toEqual([expected, expected, expected]);
    });

    it('given an unknown operator, when confirming, then there is no lockout state to store', async () => {
      expect(await confirmOperatorPassword(null, PASSWORD, T0, fakeHasher())).toMatchObject({ confirmed: false, lockout: null });
    });
  });
});
