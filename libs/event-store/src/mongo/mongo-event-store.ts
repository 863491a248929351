import { Connection, Model } from 'mongoose';
import { ConcurrencyError, UnavailableError } from '@bakuun/errors';
import type { EventStore, ReadAllOptions, StreamScope } from '../event-store';
import { hashEvent } from '../hash-chain';
import type { AppendContext, NewEvent, StoredEvent } from '../stored-event';
import { uuidV7 } from '../uuid-v7';
import { CommitDocument, commitSchema, EventDocument } from './commit.schema';

const DUPLICATE_KEY = 11000;
/** Appends waiting together are inserted in one round trip (group commit), at most this many. */
const MAX_BATCH = 100;
/** Position races with other processes are retried; a stream conflict is not. */
const MAX_POSITION_RETRIES = 50;

export interface AppendObserver {
  (durationMs: number, outcome: 'ok' | 'conflict'): void;
}

interface PendingAppend {
  streamId: string;
  expectedVersion: number;
  headHash: string;
  events: readonly NewEvent[];
  context: AppendContext;
  attempts: number;
  resolve(events: StoredEvent[]): void;
  reject(error: unknown): void;
}

/**
 * The log on MongoDB (see ADR 0004). Appends from this process go through one queue: each
 * flush gives the waiting commits consecutive global positions and inserts them with one
 * ordered `insertMany`, so concurrent commands do not race each other for positions, while the
 * unique indexes still arbitrate against other processes.
 */
export class MongoEventStore implements EventStore {
  private readonly commits: Model<CommitDocument>;
  private readonly queue: PendingAppend[] = [];
  private flushing = false;
  /** The position after the last commit this process knows of; null = read it from the log. */
  private nextPosition: number | null = null;

  constructor(connection: Connection, private readonly observeAppend?: AppendObserver) {
    this.commits = connection.models.EventCommit ?? connection.model<CommitDocument>('EventCommit', commitSchema);
  }

  /** Builds the unique indexes the concurrency guarantees rest on; call once at start-up. */
  async ensureIndexes(): Promise<void> {
    await this.commits.createIndexes();
  }

  async append(streamId: string, expectedVersion: number, events: readonly NewEvent[], context: AppendContext): Promise<StoredEvent[]> {
    if (events.length === 0) return [];
    const started = performance.now();
    const head = await this.commits.findOne({ streamId }).sort({ fromVersion: -1 }).lean();
    const actual = head?.toVersion ?? 0;
    if (actual !== expectedVersion) {
      this.observeAppend?.(performance.now() - started, 'conflict');
      throw new ConcurrencyError({ streamId, expected: expectedVersion, actual });
    }
    try {
      const stored = await new Promise<StoredEvent[]>((resolve, reject) => {
        this.queue.push({ streamId, expectedVersion, headHash: head?.events.at(-1)?.hash ?? '', events, context, attempts: 0, resolve, reject });
        void this.flush();
      });
      this.observeAppend?.(performance.now() - started, 'ok');
      return stored;
    } catch (error) {
      if (error instanceof ConcurrencyError) this.observeAppend?.(performance.now() - started, 'conflict');
      throw error;
    }
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          await this.insertBatch(batch);
        } catch (error) {
          for (const pending of batch) pending.reject(error);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private async insertBatch(batch: PendingAppend[]): Promise<void> {
    this.nextPosition ??= ((await this.commits.findOne({}, { nextPosition: 1 }).sort({ position: -1 }).lean())?.nextPosition ?? 1);
    let position = this.nextPosition;
    const commits = batch.map((pending) => {
      const commit = buildCommit(pending, position);
      position = commit.nextPosition;
      return commit;
    });
    try {
      await this.commits.insertMany(commits, { ordered: true });
      this.nextPosition = position;
      batch.forEach((pending, i) => pending.resolve(toStoredEvents(commits[i]!)));
      return;
    } catch (error) {
      if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
      const failedAt = (error as { writeErrors?: { index: number }[] }).writeErrors?.[0]?.index ?? 0;
      this.nextPosition = null;
      batch.slice(0, failedAt).forEach((pending, i) => pending.resolve(toStoredEvents(commits[i]!)));
      const failed = batch[failedAt]!;
      const retry = batch.slice(failedAt + 1);
      const winner = await this.commits.findOne({ streamId: failed.streamId, fromVersion: failed.expectedVersion + 1 }, { _id: 1 }).lean();
      if (winner) {
        const head = await this.commits.findOne({ streamId: failed.streamId }, { toVersion: 1 }).sort({ fromVersion: -1 }).lean();
        failed.reject(new ConcurrencyError({ streamId: failed.streamId, expected: failed.expectedVersion, actual: head?.toVersion ?? 0 }));
      } else if (++failed.attempts >= MAX_POSITION_RETRIES) {
        failed.reject(new UnavailableError('STREAM.APPEND_CONTENDED', `Could not append to ${failed.streamId}: too many concurrent writers, try again`));
      } else {
        retry.unshift(failed);
      }
      this.queue.unshift(...retry);
    }
  }

  async readStream(streamId: string, scope: StreamScope): Promise<StoredEvent[]> {
    const filter = scope === 'ALL_TENANTS' ? { streamId } : { streamId, tenantId: scope.tenantId };
    const commits = await this.commits.find(filter).sort({ fromVersion: 1 }).lean();
    return commits.flatMap(toStoredEvents);
  }

  async readAll({ after, limit }: ReadAllOptions): Promise<StoredEvent[]> {
    const commits = await this.commits.find({ nextPosition: { $gt: after + 1 } }).sort({ position: 1 }).limit(limit).lean();
    return commits.flatMap(toStoredEvents).filter((e) => e.globalPosition > after).slice(0, Math.max(limit, 1));
  }

  async listStreamIds(tenantId?: string): Promise<string[]> {
    const ids: string[] = await this.commits.distinct('streamId', tenantId ? { tenantId } : {});
    return ids.sort();
  }
}

function buildCommit(pending: PendingAppend, position: number): CommitDocument {
  const { streamId, expectedVersion, events, context } = pending;
  const occurredAt = context.occurredAt.toISOString();
  let previousHash = pending.headHash;
  const stored: EventDocument[] = events.map((event, index) => {
    const eventId = uuidV7(context.occurredAt.getTime());
    const unhashed = {
      eventId,
      streamId,
      tenantId: context.tenantId,
      streamVersion: expectedVersion + index + 1,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data,
      metadata: context.metadata,
      occurredAt,
      previousHash,
    };
    const hash = hashEvent(unhashed);
    previousHash = hash;
    return { eventId, type: event.type, schemaVersion: event.schemaVersion, data: event.data, metadata: context.metadata, occurredAt, previousHash: unhashed.previousHash, hash };
  });
  return {
    _id: stored[0]!.eventId,
    streamId,
    tenantId: context.tenantId,
    fromVersion: expectedVersion + 1,
    toVersion: expectedVersion + events.length,
    position,
    nextPosition: position + events.length,
    events: stored,
  };
}

/** The explicit mapper: only whitelisted fields leave the repository, never `_id` or mongoose internals. */
function toStoredEvents(commit: CommitDocument): StoredEvent[] {
  return commit.events.map((event, index) => ({
    eventId: event.eventId,
    streamId: commit.streamId,
    tenantId: commit.tenantId,
    streamVersion: commit.fromVersion + index,
    globalPosition: commit.position + index,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: {
      actor: { kind: event.metadata.actor.kind as StoredEvent['metadata']['actor']['kind'], id: event.metadata.actor.id },
      correlationId: event.metadata.correlationId,
      causationId: event.metadata.causationId,
      requestId: event.metadata.requestId,
    },
    occurredAt: event.occurredAt,
    previousHash: event.previousHash,
    hash: event.hash,
  }));
}
