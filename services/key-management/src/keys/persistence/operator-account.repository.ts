import { Inject, Injectable } from '@nestjs/common';
import { Connection } from 'mongoose';
import { ConcurrencyError } from '@bakuun/errors';
import type { LockoutState, OperatorAccount } from '@bakuun/key-domain';
import { MONGO_CONNECTION } from '../keys.di-tokens';
import { VersionedDocuments } from './versioned-documents.repository';

/** Operator accounts of a partner, for password confirmation; one revision per change, so concurrent lockout updates never lose a failure. */
interface OperatorAccountDocument {
  partnerId: string;
  operatorId: string;
  passwordHash: string;
  failedAttempts: number;
  lockedUntil: Date | null;
  createdAt: Date;
  passwordChangedAt: Date;
}

export interface StoredOperatorAccount extends OperatorAccount {
  readonly partnerId: string;
  readonly version: number;
  /** When the password was last set (creation or set-password). */
  readonly passwordChangedAt: Date;
}

const accountKey = (partnerId: string, operatorId: string) => JSON.stringify([partnerId, operatorId]);
const MAX_WRITE_ATTEMPTS = 5;

@Injectable()
export class OperatorAccountRepository {
  private readonly accounts: VersionedDocuments<OperatorAccountDocument, { partnerId: string }>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.accounts = new VersionedDocuments(connection, 'operator_accounts');
  }

  async get(partnerId: string, operatorId: string): Promise<StoredOperatorAccount | null> {
    const latest = await this.accounts.latest(accountKey(partnerId, operatorId));
    if (latest === null || latest.doc.partnerId !== partnerId) return null;
    const doc = latest.doc;
    return {
      partnerId: doc.partnerId,
      operatorId: doc.operatorId,
      passwordHash: doc.passwordHash,
      lockout: { failedAttempts: doc.failedAttempts, lockedUntil: doc.lockedUntil ?? null },
      version: latest.version,
      passwordChangedAt: doc.passwordChangedAt,
    };
  }

  /** False when the operator already exists. */
  async create(partnerId: string, operatorId: string, passwordHash: string, now: Date): Promise<boolean> {
    const doc: OperatorAccountDocument = { partnerId, operatorId, passwordHash, failedAttempts: 0, lockedUntil: null, createdAt: now, passwordChangedAt: now };
    return this.accounts.tryWrite(accountKey(partnerId, operatorId), 1, doc, { partnerId });
  }

  /** A new password also lifts any lockout (an administrator set it). False when the operator does not exist. */
  async setPassword(partnerId: string, operatorId: string, passwordHash: string, now: Date): Promise<boolean> {
    const key = accountKey(partnerId, operatorId);
    for (let attempt = 1; ; attempt++) {
      const latest = await this.accounts.latest(key);
      if (latest === null) return false;
      const doc = { ...latest.doc, passwordHash, failedAttempts: 0, lockedUntil: null, passwordChangedAt: now };
      if (await this.accounts.tryWrite(key, latest.version + 1, doc, { partnerId })) return true;
      if (attempt >= MAX_WRITE_ATTEMPTS) throw new ConcurrencyError({ streamId: key, expected: latest.version, actual: latest.version + 1 }, { code: 'OPERATOR.CONCURRENT_CHANGE' });
    }
  }

  /** Stores the lockout state as the account's next revision; false when another attempt got there first (reload and recompute). */
  async saveLockout(account: StoredOperatorAccount, lockout: LockoutState): Promise<boolean> {
    const key = accountKey(account.partnerId, account.operatorId);
    const latest = await this.accounts.latest(key);
    if (latest === null || latest.version !== account.version) return false;
    return this.accounts.tryWrite(key, account.version + 1, { ...latest.doc, failedAttempts: lockout.failedAttempts, lockedUntil: lockout.lockedUntil }, { partnerId: account.partnerId });
  }
}
