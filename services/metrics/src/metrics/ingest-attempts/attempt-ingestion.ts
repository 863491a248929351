import { Inject, Injectable } from '@nestjs/common';
import {
  acceptsAttemptAt,
  AttemptPosition,
  AttemptRecord,
  AttemptSegment,
  bucketKey,
  BucketState,
  bucketStateOf,
  hourStartOf,
  ingestAttempt,
  openSegment,
  partitionKeyOf,
} from '@bakuun/metrics-domain';
import type { MetricsConfig } from '../../config';
import { MetricsInstruments } from '../application/metrics.instruments';
import type { PolicySettings } from '../application/policy-settings';
import { ATTEMPT_DECODER, CLOCK, METRICS_CONFIG, POLICY_SETTINGS } from '../metrics.di-tokens';
import type { AttemptDecoder } from '../ports/attempt-decoder.port';
import type { Clock } from '../ports/clock.port';
import { AttemptSegmentRepository } from '../persistence/attempt-segment.repository';

export interface RawMessage {
  offset: string;
  value: Buffer | null;
}

export interface OffsetToCommit {
  topic: string;
  partition: number;
  /** The next offset to consume. */
  offset: string;
}

/** A flush could not be stored: everything since the last commit must be consumed again from `replayFrom`. */
export class FlushFailedError extends Error {
  constructor(
    readonly replayFrom: OffsetToCommit[],
    cause: unknown,
  ) {
    super(`storing attempts failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'FlushFailedError';
  }
}

/** A bucket held in memory, with this flush's segment per partition. */
interface LiveBucket {
  key: string;
  endpointId: string;
  hourStart: number;
  state: BucketState;
  usedAt: number;
  pending: Map<string, AttemptSegment>;
  /** This flush's segment of the bucket for a partition, opened on first use (made once per bucket: it runs for every message). */
  pendingFor: (position: AttemptPosition, record: AttemptRecord) => AttemptSegment;
}

/** Buckets not used for this long are dropped from memory (and reloaded if an attempt comes for them). */
const IDLE_BUCKET_MS = 10 * 60_000;
const MAX_BUCKETS_IN_MEMORY = 100_000;

/**
 * The hot path: consumed attempt messages become pending segments in memory, and a flush
 * stores them with one insert, after which their offsets may be committed. Kafka is the
 * write-ahead log: anything not flushed is consumed again after a crash or a rebalance, and the
 * watermarks and attempt ids loaded with each bucket make that second pass count nothing twice.
 */
@Injectable()
export class AttemptIngestion {
  private readonly buckets = new Map<string, LiveBucket>();
  /** The bucket of each endpoint's current hour, to skip building keys for most messages. */
  private readonly current = new Map<string, LiveBucket>();
  private dirtyBuckets = new Set<LiveBucket>();
  private pendingMessages = 0;
  private pendingSince: number | null = null;
  private readonly commits = new Map<string, OffsetToCommit>();
  /** Per partition, the first offset applied since the last stored flush: where to consume again from if a flush fails. */
  private readonly replayFrom = new Map<string, OffsetToCommit>();
  private readonly touched = new Set<string>();
  private readonly listeners: ((endpointIds: string[]) => void)[] = [];
  private readonly outcomes = { succeeded: 0, failed: new Map<string, number>(), not_counted: 0, duplicate: 0, replayed: 0, too_old: 0, undecodable: 0 };

  constructor(
    private readonly segments: AttemptSegmentRepository,
    @Inject(ATTEMPT_DECODER) private readonly decoder: AttemptDecoder,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(METRICS_CONFIG) private readonly config: MetricsConfig,
    @Inject(POLICY_SETTINGS) private readonly settings: PolicySettings,
    private readonly instruments: MetricsInstruments,
  ) {}

  /** Called with the endpoints of each stored flush. */
  onFlushed(listener: (endpointIds: string[]) => void): void {
    this.listeners.push(listener);
  }

  get pendingCount(): number {
    return this.pendingMessages;
  }

  /** Applies one batch of one partition, in offset order. */
  async apply(topic: string, partition: number, messages: readonly RawMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const now = this.clock.now().getTime();
    const partitionKey = partitionKeyOf(topic, partition);
    const records: (AttemptRecord | null)[] = new Array(messages.length);
    const buckets: (LiveBucket | undefined)[] = new Array(messages.length);
    const missing = new Set<string>();
    for (let i = 0; i < messages.length; i++) {
      const value = messages[i]!.value;
      const record = value ? this.decoder.decode(value) : null;
      if (record && !acceptsAttemptAt(record.attemptedAt, now)) {
        this.outcomes.too_old += 1;
        continue;
      }
      records[i] = record;
      if (!record) continue;
      const bucket = this.bucketFor(record);
      if (bucket) buckets[i] = bucket;
      else missing.add(bucketKey(record.endpointId, hourStartOf(record.attemptedAt)));
    }
    if (missing.size > 0) await this.loadBuckets([...missing], now);

    const o = this.outcomes;
    for (let i = 0; i < messages.length; i++) {
      const record = records[i];
      if (record === undefined) continue;
      if (record === null) {
        o.undecodable += 1;
        continue;
      }
      const bucket = buckets[i] ?? this.bucketFor(record)!;
      bucket.usedAt = now;
      const outcome = ingestAttempt(bucket.state, bucket.pendingFor, record, { partitionKey, offset: Number(messages[i]!.offset) });
      if (outcome.kind === 'APPLIED') {
        this.touched.add(record.endpointId);
        const v = outcome.verdict;
        if (v.outcome === 'SUCCEEDED') o.succeeded += 1;
        else if (v.outcome === 'FAILED') o.failed.set(v.failureClass, (o.failed.get(v.failureClass) ?? 0) + 1);
        else o.not_counted += 1;
      } else if (outcome.kind === 'DUPLICATE') o.duplicate += 1;
      else o.replayed += 1;
    }
    this.reportOutcomes();
    this.instruments.countIngested(messages.length, now);
    const key = `${topic}|${partition}`;
    if (!this.replayFrom.has(key)) this.replayFrom.set(key, { topic, partition, offset: messages[0]!.offset });
    this.commits.set(key, { topic, partition, offset: String(Number(messages.at(-1)!.offset) + 1) });
    this.pendingMessages += messages.length;
    this.pendingSince ??= now;
  }

  /** Whether to flush now: the consumer caught up, or enough messages or time accumulated. */
  shouldFlush(caughtUp: boolean): boolean {
    if (this.pendingMessages === 0) return false;
    if (caughtUp || this.pendingMessages >= this.config.INGEST_FLUSH_MAX_MESSAGES) return true;
    return this.clock.now().getTime() - (this.pendingSince ?? 0) >= this.config.INGEST_FLUSH_INTERVAL_MS;
  }

  /**
   * Stores the pending segments with one insert and returns the offsets that may now be
   * committed. On failure everything in memory is dropped and a `FlushFailedError` names where
   * each partition must be consumed again from.
   */
  async flush(): Promise<OffsetToCommit[]> {
    const segments: AttemptSegment[] = [];
    for (const bucket of this.dirtyBuckets) {
      segments.push(...bucket.pending.values());
      bucket.pending = new Map();
    }
    const commits = [...this.commits.values()];
    const touched = [...this.touched];
    this.dirtyBuckets = new Set();
    this.commits.clear();
    this.touched.clear();
    this.pendingMessages = 0;
    this.pendingSince = null;
    const now = this.clock.now();
    const stop = this.instruments.flushSeconds.startTimer();
    try {
      await this.segments.insert(segments, now);
    } catch (error) {
      const replayFrom = [...this.replayFrom.values()];
      this.reset();
      throw new FlushFailedError(replayFrom, error);
    } finally {
      stop();
    }
    this.replayFrom.clear();
    this.instruments.segmentsWritten.inc(segments.length);
    this.evictIdle(now.getTime());
    if (touched.length > 0) for (const listener of this.listeners) listener(touched);
    return commits;
  }

  /** Forgets everything not stored: after a rebalance or a failed flush, Kafka redelivers it. */
  reset(): void {
    this.replayFrom.clear();
    this.buckets.clear();
    this.current.clear();
    this.dirtyBuckets = new Set();
    this.commits.clear();
    this.touched.clear();
    this.pendingMessages = 0;
    this.pendingSince = null;
  }

  private bucketFor(record: AttemptRecord): LiveBucket | undefined {
    const hourStart = hourStartOf(record.attemptedAt);
    const current = this.current.get(record.endpointId);
    if (current?.hourStart === hourStart) return current;
    const bucket = this.buckets.get(bucketKey(record.endpointId, hourStart));
    if (bucket && (!current || hourStart > current.hourStart)) this.current.set(record.endpointId, bucket);
    return bucket;
  }

  private pendingSegment(bucket: LiveBucket, record: AttemptRecord, position: { partitionKey: string; offset: number }): AttemptSegment {
    let segment = bucket.pending.get(position.partitionKey);
    if (!segment) {
      segment = openSegment(record, position, this.settings.failureBinWidthMs);
      bucket.pending.set(position.partitionKey, segment);
      this.dirtyBuckets.add(bucket);
    }
    return segment;
  }

  private async loadBuckets(keys: string[], now: number): Promise<void> {
    const coverage = await this.segments.coverage(keys);
    for (const key of keys) {
      const separator = key.lastIndexOf('|');
      const bucket: LiveBucket = {
        key,
        endpointId: key.slice(0, separator),
        hourStart: Number(key.slice(separator + 1)),
        state: bucketStateOf(coverage.get(key) ?? []),
        usedAt: now,
        pending: new Map(),
        pendingFor: (position, record) => this.pendingSegment(bucket, record, position),
      };
      this.buckets.set(key, bucket);
    }
  }

  private reportOutcomes(): void {
    const o = this.outcomes;
    for (const outcome of ['succeeded', 'not_counted', 'duplicate', 'replayed', 'too_old', 'undecodable'] as const) {
      if (o[outcome] > 0) this.instruments.attempts.inc({ outcome, failure_class: '' }, o[outcome]);
      o[outcome] = 0;
    }
    for (const [failureClass, n] of o.failed) this.instruments.attempts.inc({ outcome: 'failed', failure_class: failureClass }, n);
    o.failed.clear();
  }

  private evictIdle(now: number): void {
    const drop = (bucket: LiveBucket) => {
      this.buckets.delete(bucket.key);
      if (this.current.get(bucket.endpointId) === bucket) this.current.delete(bucket.endpointId);
    };
    for (const bucket of this.buckets.values()) if (bucket.usedAt < now - IDLE_BUCKET_MS && !this.dirtyBuckets.has(bucket)) drop(bucket);
    if (this.buckets.size <= MAX_BUCKETS_IN_MEMORY) return;
    const byAge = [...this.buckets.values()].filter((b) => !this.dirtyBuckets.has(b)).sort((a, b) => a.usedAt - b.usedAt);
    for (const bucket of byAge.slice(0, this.buckets.size - MAX_BUCKETS_IN_MEMORY)) drop(bucket);
  }
}
