import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Collection, Connection, Model, Schema } from 'mongoose';
import { GroupCommit, type ItemOutcome } from '../batching/group-commit';
import { GroupCommitMetrics } from '../batching/group-commit.metrics';
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
  /** Inline answers of records written before answers had documents of their own. */
  answer: StoredAnswer | null;
  expiresAt: Date;
}

/** The first answer, a document of its own beside its claim (`_id` = `answer:` + the claim's). */
interface AnswerDocument {
  _id: string;
  answer: StoredAnswer;
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
 * Retry-After of a 409: a request usually finishes (or its answer, written just after its 202,
 * lands) well within a second; only a crashed holder makes retries wait for the whole lease.
 */
const IN_PROGRESS_RETRY_MS = 1000;

export interface ClaimRequest {
  readonly endpointId: string;
  readonly key: string;
  readonly fingerprint: string;
  readonly nowMs: number;
  readonly leaseMs: number;
  readonly retentionMs: number;
}

export interface Completion {
  readonly endpointId: string;
  readonly key: string;
  readonly fingerprint: string;
  readonly answer: StoredAnswer;
  readonly expiresAtMs: number;
}

/**
 * One claim per endpoint and idempotency key, taken with a unique `_id` (no transactions): the
 * first request inserts PENDING with a lease; a retry finds an answer (replayed), PENDING within
 * its lease (in progress), or PENDING past its lease (the holder crashed: taken over by
 * compare-and-set on the lease). Another body under the same key is refused.
 *
 * Claims and answers are both inserts (an answer is a document of its own, not an update of its
 * claim), group-committed together: every claim and answer waiting while the previous write is
 * in flight goes out in one unordered insertMany, and each duplicate key is mapped back to its
 * request. FerretDB on SQLite writes a batch for about the price of one document, and updates
 * one by one. Mongoose stays here.
 */
@Injectable()
export class IdempotencyRepository implements OnApplicationShutdown {
  private readonly records: Model<IdempotencyDocument>;
  private readonly unstored = new Map<string, { fingerprint: string; answer: StoredAnswer }>();
  private readonly inserts: GroupCommit<IdempotencyDocument | AnswerDocument, void>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection, metrics: GroupCommitMetrics) {
    this.records = connection.models.InboundIdempotency ?? connection.model<IdempotencyDocument>('InboundIdempotency', schema);
    this.inserts = new GroupCommit((docs) => insertUnordered(this.records.collection, docs), { onFlush: metrics.observer('idempotency') });
  }

  async ensureIndexes(): Promise<void> {
    await this.records.createIndexes();
  }

  async claim(request: ClaimRequest): Promise<Claim> {
    const { endpointId, nowMs } = request;
    const _id = idOf(endpointId, request.key);
    const leaseUntil = new Date(nowMs + request.leaseMs);
    try {
      await this.inserts.submit({ _id, endpointId, fingerprint: request.fingerprint, state: 'PENDING', leaseUntil, answer: null, expiresAt: new Date(nowMs + request.retentionMs) });
      return { kind: 'CLAIMED', leaseUntilMs: leaseUntil.getTime() };
    } catch (error) {
      if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
    }
    const unstored = this.unstored.get(answerIdOf(_id));
    if (unstored) return unstored.fingerprint === request.fingerprint ? { kind: 'REPLAY', answer: unstored.answer } : { kind: 'KEY_REUSED' };
    const found = await this.records.collection.find<IdempotencyDocument | AnswerDocument>({ _id: { $in: [_id, answerIdOf(_id)] } } as never).toArray();
    const existing = found.find((d): d is IdempotencyDocument => d._id === _id);
    const answer = found.find((d) => d._id === answerIdOf(_id))?.answer ?? (existing?.state === 'DONE' ? existing.answer : null);
    if (!existing) return this.claim(request); // released in between: try again
    if (existing.fingerprint !== request.fingerprint) return { kind: 'KEY_REUSED' };
    if (answer) return { kind: 'REPLAY', answer };
    if (existing.leaseUntil.getTime() > nowMs) return { kind: 'IN_PROGRESS', retryAfterMs: Math.min(existing.leaseUntil.getTime() - nowMs, IN_PROGRESS_RETRY_MS) };
    const taken = await this.records.updateOne({ _id, state: 'PENDING', leaseUntil: existing.leaseUntil }, { $set: { leaseUntil } });
    return taken.modifiedCount === 1 ? { kind: 'CLAIMED', leaseUntilMs: leaseUntil.getTime() } : { kind: 'IN_PROGRESS', retryAfterMs: IN_PROGRESS_RETRY_MS };
  }

  /**
   * Stores the first answer; one already stored (a taken-over claim raced its old holder) stays
   * as it is. The caller need not wait: until the insert lands, this instance replays the answer
   * from memory, and other instances answer 409 with a 1 s Retry-After.
   */
  async complete(completion: Completion): Promise<void> {
    const _id = answerIdOf(idOf(completion.endpointId, completion.key));
    this.unstored.set(_id, { fingerprint: completion.fingerprint, answer: completion.answer });
    try {
      await this.inserts.submit({ _id, answer: completion.answer, expiresAt: new Date(completion.expiresAtMs) });
    } catch (error) {
      if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
    } finally {
      this.unstored.delete(_id);
    }
  }

  /** Answers still waiting to be written go out before the connection closes. */
  async onApplicationShutdown(): Promise<void> {
    await this.inserts.idle();
  }

  /** Removes records and answers past their retention; returns how many. */
  async purgeExpired(nowMs: number): Promise<number> {
    return (await this.records.deleteMany({ expiresAt: { $lt: new Date(nowMs) } })).deletedCount;
  }

  /** Gives the key back after a failure nothing was accepted for, so a retry starts afresh. */
  async release(endpointId: string, key: string): Promise<void> {
    await this.records.deleteOne({ _id: idOf(endpointId, key), state: 'PENDING' });
  }
}

/** Endpoint ids start with `ep_`, so no claim's id starts with `answer:`. */
const idOf = (endpointId: string, key: string): string => `${endpointId}|${key}`;
const answerIdOf = (claimId: string): string => `answer:${claimId}`;

/** One unordered insertMany; the documents that were not written fail alone, with their error (a duplicate key has code 11000). */
async function insertUnordered(collection: Collection, docs: readonly object[]): Promise<ItemOutcome<void>[]> {
  const ok: ItemOutcome<void> = { ok: true, value: undefined };
  try {
    await collection.insertMany(docs as never[], { ordered: false });
    return docs.map(() => ok);
  } catch (error) {
    const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
    if (writeErrors === undefined) throw error;
    const list = (Array.isArray(writeErrors) ? writeErrors : [writeErrors]) as { index: number; code?: number; errmsg?: string }[];
    const failed = new Map(list.map((w) => [w.index, Object.assign(new Error(w.errmsg ?? 'write failed'), { code: w.code })]));
    return docs.map((_, i) => (failed.has(i) ? { ok: false, error: failed.get(i) } : ok));
  }
}
