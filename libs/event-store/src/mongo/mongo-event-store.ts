import { Connection, Model } from 'mongoose';
import { ConcurrencyError, UnavailableError } from '@bakuun/errors';
import type { EventStore, ReadAllOptions, ReadStreamOptions, StreamScope } from '../event-store';
import { hashEvent } from '../hash-chain';
import type { AppendContext, NewEvent, StoredEvent } from '../stored-event';
import { uuidV7 } from '../uuid-v7';
import { CommitDocument, commitSchema, EventDocument } from './commit.schema';

const DUPLICATE_KEY = 11000;
/** Appends waiting together are inserted in one round trip (group commit), at most this many. */
const MAX_BATCH = 100;
/** Position races with other processes are retried; a stream conflict is not. */
const MAX_POSITION_RETRIES = 50;
/** Streams whose commits are kept for the command path (least recently used dropped first). */
const MAX_KNOWN_STREAMS = 10_000;
/** Events kept by global position for readAll (oldest dropped first). */
const MAX_KNOWN_EVENTS = 100_000;

export interface AppendObserver {
  (durationMs: number, outcome: 'ok' | 'conflict'): void;
}

export interface MongoEventStoreOptions {
  observeAppend?: AppendObserver;
  /**
   * How often readAll may read the log for commits this process does not know of (written by
   * another process); in between, a reader that has caught up with this process's commits gets
   * an empty page.
   * @defaultValue 500
   */
  lookElsewhereEveryMs?: number;
  /**
   * How often such a look reads the whole log instead of probing the next position by `_id` (a
   * scan finds commits a probe cannot: ones written by a version of this store that keyed
   * commits otherwise). The first look of a process always scans.
   * @defaultValue 300000
   */
  scanEveryMs?: number;
}

/** How many commits of other processes one look reads by probing before it returns a page. */
const MAX_PROBES = 100;

/** A commit's `_id`: its global position, zero-padded so ids sort as positions do. */
export const commitIdOf = (position: number): string => `commit-${String(position).padStart(16, '0')}`;

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
 *
 * Reads are kept off the command path (services/endpoint-registry/README.md): on FerretDB v1 (SQLite) every query, `_id`
 * equality included, scans the whole collection, while an insert checks its unique indexes in
 * O(log n). So this store remembers the commits it wrote or read: commands decide on the
 * stream it knows and append on that head (the unique `(streamId, fromVersion)` index refuses a
 * stale head), and readers of the log are served from memory, reading the log only for commits
 * they do not know (at start, after eviction, or at most every `lookElsewhereEveryMs` for
 * commits of other processes).
 *
 * A commit's `_id` is its global position (`commitIdOf`), so looking for other processes'
 * commits is an indexed probe of the next position, one commit at a time, rather than a scan:
 * positions are gap-free, so the next position existing is the only way a new commit can.
 * A scan still runs at a process's first look and every `scanEveryMs`.
 */
export class MongoEventStore implements EventStore {
  private readonly commits: Model<CommitDocument>;
  private readonly queue: PendingAppend[] = [];
  private flushing = false;
  /** The position after the last commit this process knows of; null = read it from the log. */
  private nextPosition: number | null = null;
  /** streamId → its commits in version order, as this process last saw them (LRU order). */
  private readonly knownStreams = new Map<string, CommitDocument[]>();
  /** streamId → its in-flight append (the version it will leave); one append per stream at a time. */
  private readonly inFlight = new Map<string, { version: number; done: Promise<unknown> }>();
  /** Global position of every known event → its commit. */
  private readonly knownPositions = new Map<number, CommitDocument>();
  /** Every position below this is known to be committed (from appends, scans and readers' checkpoints). */
  private logEnd = 1;
  private lastLookElsewhere = 0;
  private lastScan: number | null = null;
  private readonly observeAppend: AppendObserver | undefined;
  private readonly lookElsewhereEveryMs: number;
  private readonly scanEveryMs: number;

  constructor(connection: Connection, options: MongoEventStoreOptions = {}) {
    this.commits = connection.models.EventCommit ?? connection.model<CommitDocument>('EventCommit', commitSchema);
    this.observeAppend = options.observeAppend;
    this.lookElsewhereEveryMs = options.lookElsewhereEveryMs ?? 500;
    this.scanEveryMs = options.scanEveryMs ?? 300_000;
  }

  /** Builds the unique indexes the concurrency guarantees rest on; call once at start-up. */
  async ensureIndexes(): Promise<void> {
    await this.commits.createIndexes();
  }

  async append(streamId: string, expectedVersion: number, events: readonly NewEvent[], context: AppendContext): Promise<StoredEvent[]> {
    if (events.length === 0) return [];
    const started = performance.now();
    const conflict = (actual: number) => {
      this.observeAppend?.(performance.now() - started, 'conflict');
      return new ConcurrencyError({ streamId, expected: expectedVersion, actual });
    };
    // A new stream is not read first: if it exists after all, the unique index refuses the insert.
    const known = this.knownStreams.get(streamId) ?? (expectedVersion === 0 ? [] : await this.readCommits(streamId));
    const actual = this.inFlight.get(streamId)?.version ?? known.at(-1)?.toVersion ?? 0;
    if (actual !== expectedVersion) throw conflict(actual);
    const stored = new Promise<StoredEvent[]>((resolve, reject) => {
      this.queue.push({ streamId, expectedVersion, headHash: known.at(-1)?.events.at(-1)?.hash ?? '', events, context, attempts: 0, resolve, reject });
      void this.flush();
    });
    this.inFlight.set(streamId, { version: expectedVersion + events.length, done: stored.catch(() => undefined) });
    try {
      const appended = await stored;
      this.observeAppend?.(performance.now() - started, 'ok');
      return appended;
    } catch (error) {
      if (error instanceof ConcurrencyError) {
        // Another process appended: forget this stream, so the retry reads it from the log.
        this.knownStreams.delete(streamId);
        this.observeAppend?.(performance.now() - started, 'conflict');
      }
      throw error;
    } finally {
      this.inFlight.delete(streamId);
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
      // Through the driver: a commit is built whole here, and mongoose's casting of its events added nothing but CPU.
      await this.commits.collection.insertMany(commits as never[], { ordered: true });
      this.nextPosition = position;
      batch.forEach((pending, i) => this.committed(pending, commits[i]!));
      return;
    } catch (error) {
      if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
      const writeErrors = (error as { writeErrors?: { index: number } | { index: number }[] }).writeErrors;
      const failedAt = (Array.isArray(writeErrors) ? writeErrors[0]?.index : writeErrors?.index) ?? 0;
      this.nextPosition = null;
      batch.slice(0, failedAt).forEach((pending, i) => this.committed(pending, commits[i]!));
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

  private committed(pending: PendingAppend, commit: CommitDocument): void {
    const known = this.knownStreams.get(pending.streamId) ?? [];
    if ((known.at(-1)?.toVersion ?? 0) === pending.expectedVersion) this.rememberStream(pending.streamId, [...known, commit]);
    else this.knownStreams.delete(pending.streamId);
    this.rememberPositions([commit]);
    pending.resolve(toStoredEvents(commit));
  }

  async readStream(streamId: string, scope: StreamScope, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    if (options.reuseKnownCommits) for (let running = this.inFlight.get(streamId); running; running = this.inFlight.get(streamId)) await running.done;
    const known = options.reuseKnownCommits ? this.knownStreams.get(streamId) : undefined;
    const commits = known ?? (await this.readCommits(streamId));
    if (known) this.rememberStream(streamId, known);
    if (scope !== 'ALL_TENANTS' && commits.some((c) => c.tenantId !== scope.tenantId)) return [];
    const after = options.afterVersion ?? 0;
    if (after <= 0) return commits.flatMap(toStoredEvents);
    let first = commits.length;
    while (first > 0 && commits[first - 1]!.toVersion > after) first--;
    return commits.slice(first).flatMap((commit) => toStoredEvents(commit).filter((e) => e.streamVersion > after));
  }

  /** The stream as stored; remembered unless an append of this process got further meanwhile. */
  private async readCommits(streamId: string): Promise<CommitDocument[]> {
    const commits = await this.commits.find({ streamId }).sort({ fromVersion: 1 }).lean();
    const known = this.knownStreams.get(streamId);
    if (!known || (known.at(-1)?.toVersion ?? 0) <= (commits.at(-1)?.toVersion ?? 0)) this.rememberStream(streamId, commits);
    return commits;
  }

  async readAll({ after, limit }: ReadAllOptions): Promise<StoredEvent[]> {
    const page = this.knownAfter(after, limit);
    if (page.length > 0) return page;
    const now = Date.now();
    const knownToExist = after + 1 < this.logEnd;
    if (!knownToExist && now - this.lastLookElsewhere < this.lookElsewhereEveryMs) return [];
    this.lastLookElsewhere = now;
    const scan = knownToExist || after + 1 > this.logEnd || this.lastScan === null || now - this.lastScan >= this.scanEveryMs;
    if (scan) await this.scanFrom(after, now);
    else if ((await this.probeFrom(after + 1)) === MAX_PROBES) this.lastLookElsewhere = 0; // more may follow: look again at once
    return this.knownAfter(after, limit);
  }

  /** Reads every commit that ends after `after` (a scan of the collection on FerretDB v1). */
  private async scanFrom(after: number, now: number): Promise<void> {
    this.lastScan = now;
    const commits = await this.commits.find({ nextPosition: { $gt: after + 1 } }).lean();
    commits.sort((a, b) => a.position - b.position);
    this.logEnd = Math.max(this.logEnd, after + 1, commits.at(-1)?.nextPosition ?? 0);
    this.rememberPositions(commits.slice(0, MAX_KNOWN_EVENTS));
  }

  /** Reads the commits at `position` and after it by `_id`, until one is missing; returns how many it found. */
  private async probeFrom(position: number): Promise<number> {
    const found: CommitDocument[] = [];
    for (let next = position; found.length < MAX_PROBES; ) {
      const commit = await this.commits.findById(commitIdOf(next)).lean();
      if (!commit) break;
      found.push(commit);
      next = commit.nextPosition;
    }
    this.rememberPositions(found);
    return found.length;
  }

  /** Known events after `after`, contiguous from `after + 1`, so nothing is ever skipped. */
  private knownAfter(after: number, limit: number): StoredEvent[] {
    const page: StoredEvent[] = [];
    let commit = this.knownPositions.get(after + 1);
    while (commit && page.length < Math.max(limit, 1)) {
      page.push(...toStoredEvents(commit).filter((e) => e.globalPosition > after));
      commit = this.knownPositions.get(commit.nextPosition);
    }
    return page.slice(0, Math.max(limit, 1));
  }

  private rememberStream(streamId: string, commits: CommitDocument[]): void {
    this.knownStreams.delete(streamId);
    this.knownStreams.set(streamId, commits);
    for (const oldest of this.knownStreams.keys()) {
      if (this.knownStreams.size <= MAX_KNOWN_STREAMS) break;
      this.knownStreams.delete(oldest);
    }
  }

  private rememberPositions(commits: CommitDocument[]): void {
    for (const commit of commits) {
      for (let p = commit.position; p < commit.nextPosition; p++) this.knownPositions.set(p, commit);
      this.logEnd = Math.max(this.logEnd, commit.nextPosition);
    }
    for (const oldest of this.knownPositions.keys()) {
      if (this.knownPositions.size <= MAX_KNOWN_EVENTS) break;
      this.knownPositions.delete(oldest);
    }
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
    _id: commitIdOf(position),
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
