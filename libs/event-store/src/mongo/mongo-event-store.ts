import { Connection, Model } from 'mongoose';
import { ConcurrencyError, UnavailableError } from '@bakuun/errors';
import type { EventStore, ReadAllOptions, StreamScope } from '../event-store';
import { hashEvent } from '../hash-chain';
import type { AppendContext, NewEvent, StoredEvent } from '../stored-event';
import { uuidV7 } from '../uuid-v7';
import { CommitDocument, commitSchema, EventDocument } from './commit.schema';

const DUPLICATE_KEY = 11000;
/** Position races between writers of different streams are retried; a stream conflict is not. */
const MAX_POSITION_RETRIES = 50;

export interface AppendObserver {
  (durationMs: number, outcome: 'ok' | 'conflict'): void;
}

export class MongoEventStore implements EventStore {
  private readonly commits: Model<CommitDocument>;

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
    for (let attempt = 0; attempt < MAX_POSITION_RETRIES; attempt++) {
      const head = await this.commits.findOne({ streamId }).sort({ fromVersion: -1 }).lean();
      const actual = head?.toVersion ?? 0;
      if (actual !== expectedVersion) {
        this.observeAppend?.(performance.now() - started, 'conflict');
        throw new ConcurrencyError({ streamId, expected: expectedVersion, actual });
      }
      const last = await this.commits.findOne({}, { nextPosition: 1 }).sort({ position: -1 }).lean();
      const commit = this.buildCommit(streamId, expectedVersion, head?.events.at(-1)?.hash ?? '', last?.nextPosition ?? 1, events, context);
      try {
        await this.commits.create(commit);
        this.observeAppend?.(performance.now() - started, 'ok');
        return toStoredEvents(commit);
      } catch (error) {
        if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
      }
    }
    throw new UnavailableError('STREAM.APPEND_CONTENDED', `Could not append to ${streamId}: too many concurrent writers, try again`);
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

  private buildCommit(streamId: string, expectedVersion: number, headHash: string, position: number, events: readonly NewEvent[], context: AppendContext): CommitDocument {
    const occurredAt = context.occurredAt.toISOString();
    let previousHash = headHash;
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
