import { Inject, Injectable } from '@nestjs/common';
import { Connection, FilterQuery, Model } from 'mongoose';
import { ValidationError } from '@bakuun/errors';
import { MONGO_CONNECTION } from '../delivery.di-tokens';
import { AttemptDocument, attemptSchema } from './delivery-store.schemas';
import { duplicateIndexes, insertDocuments, modelOf } from './models';

export interface AttemptRecord {
  attemptId: string;
  endpointId: string;
  partnerId: string;
  category: string;
  messageId: string;
  deliveryId: string;
  attemptNumber: number;
  outcome: 'DELIVERED' | 'RETRY_SCHEDULED' | 'EXHAUSTED' | 'GONE';
  statusCode: number;
  latencyMs: number;
  errorClass: string;
  errorMessage: string;
  endpointStreamVersion: number;
  apiVersion: string;
  signingKeyIds: string[];
  attemptedAt: Date;
  nextAttemptAt: Date | null;
}

/** Where a stored delivery's current round stands, from its attempts (the delivery document is not updated per attempt). */
export interface RoundProgress {
  /** The round ended (delivered, exhausted or gone): the delivery only waits to be closed. */
  ended: boolean;
  attemptCount: number;
  roundFailures: number;
  nextAttemptAt: Date | null;
}

export interface AttemptPage {
  attempts: AttemptRecord[];
  nextPageToken: string;
}

@Injectable()
export class AttemptRepository {
  private readonly attempts: Model<AttemptDocument>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.attempts = modelOf(connection, 'DeliveryAttempt', attemptSchema);
  }

  async ensureIndexes(): Promise<void> {
    await this.attempts.createIndexes();
  }

  /** Ordered, so a crash during the insert leaves a prefix: never a later attempt of a lane without the earlier one. */
  async insertMany(records: AttemptRecord[]): Promise<void> {
    if (records.length === 0) return;
    try {
      await insertDocuments(this.attempts, records.map(toDocument), true);
    } catch (error) {
      duplicateIndexes(error);
      const stored = new Set((await this.attempts.find({ _id: { $in: records.map((r) => r.attemptId) } }, { _id: 1 }).lean()).map((d) => d._id));
      const missing = records.filter((r) => !stored.has(r.attemptId));
      if (missing.length > 0) await this.insertMany(missing);
    }
  }

  async byIds(ids: string[]): Promise<AttemptRecord[]> {
    if (ids.length === 0) return [];
    return (await this.attempts.find({ _id: { $in: ids } }).sort({ attemptedAt: 1, _id: 1 }).batchSize(ids.length).lean()).map(toRecord);
  }

  /** Open deliveries whose current round already ended (the process died between storing the attempt and closing the delivery). */
  async endedRounds(deliveries: { deliveryId: string; attemptCount: number }[]): Promise<Set<string>> {
    const progress = await this.roundProgress(deliveries);
    return new Set([...progress].filter(([, p]) => p.ended).map(([id]) => id));
  }

  /**
   * The current round of each delivery, from the attempts numbered after the round began (the
   * stored `attemptCount`): retries are recorded as attempts only, so a reload continues from
   * here. Deliveries without such attempts are absent from the map.
   */
  async roundProgress(deliveries: { deliveryId: string; attemptCount: number }[]): Promise<Map<string, RoundProgress>> {
    const progress = new Map<string, RoundProgress>();
    if (deliveries.length === 0) return progress;
    const roundStart = new Map(deliveries.map((d) => [d.deliveryId, d.attemptCount]));
    const docs = await this.attempts.find({ deliveryId: { $in: [...roundStart.keys()] } }, { deliveryId: 1, attemptNumber: 1, outcome: 1, nextAttemptAt: 1 }).lean();
    for (const d of docs.sort((a, b) => a.attemptNumber - b.attemptNumber)) {
      if (d.attemptNumber <= (roundStart.get(d.deliveryId) ?? Number.MAX_SAFE_INTEGER)) continue;
      const current = progress.get(d.deliveryId) ?? { ended: false, attemptCount: 0, roundFailures: 0, nextAttemptAt: null };
      const retry = d.outcome === 'RETRY_SCHEDULED';
      progress.set(d.deliveryId, {
        ended: current.ended || !retry,
        attemptCount: d.attemptNumber,
        roundFailures: current.roundFailures + (retry ? 1 : 0),
        nextAttemptAt: retry ? (d.nextAttemptAt ?? null) : current.nextAttemptAt,
      });
    }
    return progress;
  }

  /** The last attempt per endpoint for a message (what Redeliver continues from). */
  async lastPerEndpoint(partnerId: string, messageId: string, endpointId?: string): Promise<AttemptRecord[]> {
    const docs = await this.attempts.find({ messageId, partnerId, ...(endpointId ? { endpointId } : {}) }).lean();
    const last = new Map<string, AttemptDocument>();
    for (const d of docs) if ((last.get(d.endpointId)?.attemptNumber ?? 0) < d.attemptNumber) last.set(d.endpointId, d);
    return [...last.values()].map(toRecord);
  }

  /** For each message the endpoint has attempts of: the last attempt's number and outcome. */
  async lastOutcomes(endpointId: string, messageIds: string[]): Promise<Map<string, { attemptNumber: number; outcome: string }>> {
    const out = new Map<string, { attemptNumber: number; outcome: string }>();
    if (messageIds.length === 0) return out;
    const docs = await this.attempts.find({ endpointId, messageId: { $in: messageIds } }, { messageId: 1, attemptNumber: 1, outcome: 1 }).lean();
    for (const d of docs) if ((out.get(d.messageId)?.attemptNumber ?? 0) < d.attemptNumber) out.set(d.messageId, { attemptNumber: d.attemptNumber, outcome: d.outcome });
    return out;
  }

  /** An endpoint's attempts, newest first; every query names the partner. */
  async page(query: { partnerId: string; endpointId: string; messageId?: string; pageSize: number; pageToken?: string }): Promise<AttemptPage> {
    const filter: FilterQuery<AttemptDocument> = { partnerId: query.partnerId, endpointId: query.endpointId };
    if (query.messageId) filter.messageId = query.messageId;
    if (query.pageToken) {
      const after = decodeToken(query.pageToken);
      filter.$or = [{ attemptedAt: { $lt: after.at } }, { attemptedAt: after.at, _id: { $lt: after.id } }];
    }
    const docs = await this.attempts.find(filter).sort({ attemptedAt: -1, _id: -1 }).limit(query.pageSize + 1).lean();
    const page = docs.slice(0, query.pageSize).map(toRecord);
    const last = page.at(-1);
    return { attempts: page, nextPageToken: docs.length > query.pageSize && last ? encodeToken(last) : '' };
  }

  async purgeBefore(before: Date): Promise<number> {
    return (await this.attempts.deleteMany({ attemptedAt: { $lt: before } })).deletedCount;
  }
}

function toDocument(r: AttemptRecord): AttemptDocument {
  const { attemptId, ...rest } = r;
  return { _id: attemptId, ...rest, signingKeyIds: [...r.signingKeyIds] };
}

function toRecord(d: AttemptDocument): AttemptRecord {
  return {
    attemptId: d._id,
    endpointId: d.endpointId,
    partnerId: d.partnerId,
    category: d.category,
    messageId: d.messageId,
    deliveryId: d.deliveryId,
    attemptNumber: d.attemptNumber,
    outcome: d.outcome as AttemptRecord['outcome'],
    statusCode: d.statusCode,
    latencyMs: d.latencyMs,
    errorClass: d.errorClass,
    errorMessage: d.errorMessage ?? '',
    endpointStreamVersion: d.endpointStreamVersion,
    apiVersion: d.apiVersion,
    signingKeyIds: [...(d.signingKeyIds ?? [])],
    attemptedAt: d.attemptedAt,
    nextAttemptAt: d.nextAttemptAt ?? null,
  };
}

function encodeToken(r: AttemptRecord): string {
  return Buffer.from(JSON.stringify({ t: r.attemptedAt.toISOString(), i: r.attemptId })).toString('base64url');
}

function decodeToken(token: string): { at: Date; id: string } {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { t?: unknown; i?: unknown };
    if (typeof parsed.t === 'string' && typeof parsed.i === 'string' && !Number.isNaN(Date.parse(parsed.t))) return { at: new Date(parsed.t), id: parsed.i };
  } catch {
    // fall through
  }
  throw new ValidationError('LIST.PAGE_TOKEN_INVALID', 'page_token is not a token returned by ListAttempts', { field: 'page_token' });
}
