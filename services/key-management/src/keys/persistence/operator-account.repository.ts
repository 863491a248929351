import { Inject, Injectable } from '@nestjs/common';
import { Connection, Model, Schema } from 'mongoose';
import type { LockoutState, OperatorAccount } from '@bakuun/key-domain';
import { MONGO_CONNECTION } from '../keys.di-tokens';

/** Operator accounts of a partner, for password confirmation; `version` guards lockout updates. */
interface OperatorAccountDocument {
  _id: string;
  partnerId: string;
  operatorId: string;
  passwordHash: string;
  failedAttempts: number;
  lockedUntil: Date | null;
  version: number;
  createdAt: Date;
  passwordChangedAt: Date;
}

const operatorAccountSchema = new Schema<OperatorAccountDocument>(
  {
    _id: { type: String, required: true },
    partnerId: { type: String, required: true },
    operatorId: { type: String, required: true },
    passwordHash: { type: String, required: true },
    failedAttempts: { type: Number, required: true },
    lockedUntil: { type: Date, default: null },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    passwordChangedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'operator_accounts' },
);

export interface StoredOperatorAccount extends OperatorAccount {
  readonly partnerId: string;
  readonly version: number;
}

const DUPLICATE_KEY = 11000;
const accountId = (partnerId: string, operatorId: string) => JSON.stringify([partnerId, operatorId]);

@Injectable()
export class OperatorAccountRepository {
  private readonly accounts: Model<OperatorAccountDocument>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.accounts = connection.models.OperatorAccount ?? connection.model<OperatorAccountDocument>('OperatorAccount', operatorAccountSchema);
  }

  async get(partnerId: string, operatorId: string): Promise<StoredOperatorAccount | null> {
    const doc = await this.accounts.findOne({ _id: accountId(partnerId, operatorId), partnerId }).lean<OperatorAccountDocument>();
    return doc
      ? {
          partnerId: doc.partnerId,
          operatorId: doc.operatorId,
          passwordHash: doc.passwordHash,
          lockout: { failedAttempts: doc.failedAttempts, lockedUntil: doc.lockedUntil ?? null },
          version: doc.version,
        }
      : null;
  }

  /** False when the operator already exists. */
  async create(partnerId: string, operatorId: string, passwordHash: string, now: Date): Promise<boolean> {
    try {
      await this.accounts.create({ _id: accountId(partnerId, operatorId), partnerId, operatorId, passwordHash, failedAttempts: 0, lockedUntil: null, version: 1, createdAt: now, passwordChangedAt: now });
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === DUPLICATE_KEY) return false;
      throw error;
    }
  }

  /** A new password also lifts any lockout (an administrator set it). False when the operator does not exist. */
  async setPassword(partnerId: string, operatorId: string, passwordHash: string, now: Date): Promise<boolean> {
    const result = await this.accounts.updateOne(
      { _id: accountId(partnerId, operatorId), partnerId },
      { $set: { passwordHash, failedAttempts: 0, lockedUntil: null, passwordChangedAt: now }, $inc: { version: 1 } },
    );
    return result.matchedCount === 1;
  }

  /** Stores the lockout state if the account is still at `expectedVersion`; false when another attempt got there first. */
  async saveLockout(partnerId: string, operatorId: string, expectedVersion: number, lockout: LockoutState): Promise<boolean> {
    const result = await this.accounts.updateOne(
      { _id: accountId(partnerId, operatorId), partnerId, version: expectedVersion },
      { $set: { failedAttempts: lockout.failedAttempts, lockedUntil: lockout.lockedUntil, version: expectedVersion + 1 } },
    );
    return result.matchedCount === 1;
  }
}
