import { Inject, Injectable } from '@nestjs/common';
import { Connection, Model, Schema } from 'mongoose';
import { MONGO_CONNECTION } from '../inbound.di-tokens';

/** The first answer to a request, replayed to its retries. */
export interface StoredAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

export type Claim =
  | { readonly kind: 'CLAIMED'; readonly leaseUntilMs: number }
  | { readonly kind: 'REPLAY'; readonly answer: StoredAnswer }
  | { readonly kind: 'IN_PROGRESS'; readonly retryAfterMs: number }
  | { readonly kind: 'KEY_REUSED' };

interface IdempotencyDocument {
  _id: string;
  endpointId: string;
  fingerprint: string;
  state: 'PENDING' | 'DONE';
  leaseUntil: Date;
  answer: StoredAnswer | null;
  expiresAt: Date;
}

const schema = new Schema<IdempotencyDocument>(
  {
    _id: { type: String, required: true },
    endpointId: { type: String, required: true },
    fingerprint: { type: String, required: true },
    state: { type: String, required: true },
    leaseUntil: { type: Date, required: true },
    answer: { type: Schema.Types.Mixed, default: null },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false, collection: 'idempotency_keys' },
);
// FerretDB v1 has no TTL indexes: expired records are purged by `purgeExpired`.
schema.index({ expiresAt: 1 });

const DUPLICATE_KEY = 11000;

/**
 * One record per endpoint and idempotency key, claimed with a unique `_id` (no transactions):
 * the first request inserts PENDING with a lease; a retry finds DONE (the first answer is
 * replayed), PENDING within its lease (in progress), or PENDING past its lease (the holder
 * crashed: taken over by compare-and-set on the lease). Another body under the same key is
 * refused. Mongoose stays here.
 */
@Injectable()
export class IdempotencyRepository {
  private readonly records: Model<IdempotencyDocument>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.records = connection.models.InboundIdempotency ?? connection.model<IdempotencyDocument>('InboundIdempotency', schema);
  }

  async ensureIndexes(): Promise<void> {
    await this.records.createIndexes();
  }

  async claim(endpointId: string, key: string, fingerprint: string, nowMs: number, leaseMs: number, retentionMs: number): Promise<Claim> {
    const _id = idOf(endpointId, key);
    const leaseUntil = new Date(nowMs + leaseMs);
    try {
      await this.records.collection.insertOne({ _id, endpointId, fingerprint, state: 'PENDING', leaseUntil, answer: null, expiresAt: new Date(nowMs + retentionMs) } as never);
      return { kind: 'CLAIMED', leaseUntilMs: leaseUntil.getTime() };
    } catch (error) {
      if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
    }
    const existing = await this.records.findById(_id).lean();
    if (!existing) return this.claim(endpointId, key, fingerprint, nowMs, leaseMs, retentionMs);
    if (existing.fingerprint !== fingerprint) return { kind: 'KEY_REUSED' };
    if (existing.state === 'DONE' && existing.answer) return { kind: 'REPLAY', answer: existing.answer };
    if (existing.leaseUntil.getTime() > nowMs) return { kind: 'IN_PROGRESS', retryAfterMs: existing.leaseUntil.getTime() - nowMs };
    const taken = await this.records.updateOne({ _id, state: 'PENDING', leaseUntil: existing.leaseUntil }, { $set: { leaseUntil } });
    return taken.modifiedCount === 1 ? { kind: 'CLAIMED', leaseUntilMs: leaseUntil.getTime() } : { kind: 'IN_PROGRESS', retryAfterMs: 1000 };
  }

  async complete(endpointId: string, key: string, answer: StoredAnswer): Promise<void> {
    await this.records.updateOne({ _id: idOf(endpointId, key) }, { $set: { state: 'DONE', answer } });
  }

  /** Removes records past their retention; returns how many. */
  async purgeExpired(nowMs: number): Promise<number> {
    return (await this.records.deleteMany({ expiresAt: { $lt: new Date(nowMs) } })).deletedCount;
  }

  /** Gives the key back after a failure nothing was accepted for, so a retry starts afresh. */
  async release(endpointId: string, key: string): Promise<void> {
    await this.records.deleteOne({ _id: idOf(endpointId, key), state: 'PENDING' });
  }
}

const idOf = (endpointId: string, key: string): string => `${endpointId}|${key}`;
