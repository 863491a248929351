import { Inject, Injectable } from '@nestjs/common';
import { confirmOperatorPassword, credentialsRejected, PASSWORD_MAX_LENGTH, registerFailure, registerSuccess, type PasswordHasher } from '@bakuun/key-domain';
import { PASSWORD_HASHER } from '../keys.di-tokens';
import { OperatorAccountRepository } from '../persistence/operator-account.repository';

/** Lockout writes that lost a race are recomputed from the fresh account this many times. */
const MAX_LOCKOUT_WRITE_ATTEMPTS = 5;

/** The operator whose password was confirmed. */
export interface ConfirmedOperator {
  readonly operatorId: string;
  readonly passwordChangedAt: Date;
}

/**
 * Confirms an operator's password (one argon2id computation on every path, one error for wrong
 * password, unknown operator and locked account) and persists the lockout state before answering,
 * so concurrent wrong attempts all count. Used by RollKey and by the console's sign-in
 * (VerifyOperatorPassword), so both share one lockout.
 */
@Injectable()
export class OperatorPasswordConfirmer {
  constructor(
    private readonly accounts: OperatorAccountRepository,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
  ) {}

  /** Resolves when confirmed; otherwise throws `OPERATOR.CREDENTIALS_REJECTED` (UNAUTHENTICATED). */
  async confirm(partnerId: string, operatorId: string, password: string, now: Date): Promise<ConfirmedOperator> {
    // No password is longer than this (4 bytes per code point at most): refuse before spending argon2id time on it.
    if (Buffer.byteLength(password, 'utf8') > 4 * PASSWORD_MAX_LENGTH) throw credentialsRejected();
    let account = await this.accounts.get(partnerId, operatorId);
    const confirmation = await confirmOperatorPassword(account, password, now, this.hasher);
    let lockout = confirmation.lockout;
    for (let attempt = 0; account !== null && lockout !== null && lockout !== account.lockout; attempt++) {
      if (await this.accounts.saveLockout(account, lockout)) break;
      if (attempt + 1 >= MAX_LOCKOUT_WRITE_ATTEMPTS) break;
      account = await this.accounts.get(partnerId, operatorId);
      if (account === null) break;
      lockout = confirmation.confirmed ? registerSuccess(account.lockout, now) : registerFailure(account.lockout, now);
    }
    if (!confirmation.confirmed || account === null) throw confirmation.confirmed ? credentialsRejected() : confirmation.error;
    return { operatorId: account.operatorId, passwordChangedAt: account.passwordChangedAt };
  }
}
