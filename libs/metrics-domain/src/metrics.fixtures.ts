/* Builders shared by the unit specs of this lib; not exported from index.ts. */
import { AttemptRecord, HOUR_MS } from './attempt';
import { ActivitySummary, failureBinWidthFor } from './activity-summary';
import { acceptsAttemptAt, AttemptSegment, bucketKey, BucketState, bucketStateOf, hourStartOf, ingestAttempt, IngestionOutcome, openSegment, selectSegments } from './attempt-segment';
import { EndpointArchive, reportEndpoint, EndpointReport } from './endpoint-report';
import type { AutoSuspendPolicy } from './auto-suspend.policy';
import type { EndpointDirectoryEntry } from './endpoint-directory';
import { EndpointWindows, windowsAt } from './window-figures';

export const ENDPOINT = 'ep_01h455vb4pex5vsknk084sn02q';
export const PARTNER = 'partner-1';
export const T0 = Date.parse('2025-03-01T10:00:00.000Z');
export const PARTITION = 'webhooks_delivery-attempts_v1:0';
export const FIVE_DAYS: AutoSuspendPolicy = { enabled: true, periodMs: 5 * 24 * HOUR_MS, minFailures: 50 };

let sequence = 0;

/** An outbound ARI attempt; `at` is ms after T0 unless absolute. */
export function attempt(overrides: Partial<AttemptRecord> & { at?: number } = {}): AttemptRecord {
  const { at, ...rest } = overrides;
  sequence += 1;
  return {
    attemptId: `atmpt_${String(sequence).padStart(26, '0')}`,
    endpointId: ENDPOINT,
    partnerId: PARTNER,
    category: 'ARI',
    direction: 'OUTBOUND',
    attemptedAt: at === undefined ? T0 : at < 1e12 ? T0 + at : at,
    statusCode: 200,
    latencyMs: 100,
    errorKind: 'NONE',
    ...rest,
  };
}

type Spec = Partial<AttemptRecord> & { at: number };
export const ok = (at: number, latencyMs = 100): Spec => ({ at, statusCode: 200, errorKind: 'NONE', latencyMs });
export const fail5xx = (at: number): Spec => ({ at, statusCode: 503, errorKind: 'HTTP_5XX' });
export const timeout = (at: number): Spec => ({ at, statusCode: 0, errorKind: 'TIMEOUT', latencyMs: 10_000 });

export const ACTIVE: EndpointDirectoryEntry = { endpointId: ENDPOINT, partnerId: PARTNER, category: 'ARI', direction: 'OUTBOUND', status: 'ACTIVE', activeSince: T0 - HOUR_MS, suspendedBy: null, streamVersion: 2 };

/**
 * One partition's ingestion in memory, composed from the domain functions the way the service
 * composes them with Kafka and its repositories: the reference the specs check against.
 * `flush` is the insert of the pending segments; `restarted` drops what was not flushed.
 */
export class Ledger {
  stored: AttemptSegment[] = [];
  private pending = new Map<string, AttemptSegment>();
  private readonly states = new Map<string, BucketState>();
  private offset = 0;

  constructor(readonly policy: AutoSuspendPolicy = FIVE_DAYS) {}

  /** Ingests as the next message of the partition (or at `offset`, to replay one), at `now`. */
  ingest(record: AttemptRecord, now: number, offset?: number): IngestionOutcome | { kind: 'TOO_OLD' } {
    const position = { partitionKey: PARTITION, offset: offset ?? this.offset++ };
    if (offset !== undefined) this.offset = Math.max(this.offset, offset + 1);
    if (!acceptsAttemptAt(record.attemptedAt, now)) return { kind: 'TOO_OLD' };
    const key = bucketKey(record.endpointId, hourStartOf(record.attemptedAt));
    const state = this.states.get(key) ?? bucketStateOf(this.stored.filter((s) => bucketKey(s.endpointId, s.hourStart) === key));
    this.states.set(key, state);
    const pendingKey = `${key}|${position.partitionKey}`;
    const pending = () => {
      let segment = this.pending.get(pendingKey);
      if (!segment) this.pending.set(pendingKey, (segment = openSegment(record, position, failureBinWidthFor(this.policy.periodMs))));
      return segment;
    };
    return ingestAttempt(state, pending, record, position);
  }

  flush(): void {
    this.stored.push(...this.pending.values());
    this.pending.clear();
  }

  /** A restart: what was flushed survives, the rest is consumed again from the last commit. */
  restarted(): Ledger {
    const copy = new Ledger(this.policy);
    copy.stored = structuredClone(this.stored);
    copy.offset = this.offset;
    return copy;
  }

  windows(now: number): EndpointWindows {
    this.flush();
    return windowsAt(selectSegments(this.stored), now);
  }

  /** The endpoint's activity as the report folds it (independent of the instant). */
  get activity(): ActivitySummary {
    return this.report(T0).activity;
  }

  report(now: number, directory: EndpointDirectoryEntry | null = ACTIVE, archive: EndpointArchive | null = null, acceptedRequestId: string | null = null): EndpointReport {
    this.flush();
    return reportEndpoint({ endpointId: ENDPOINT, partnerId: PARTNER, now, segments: this.stored, archive, directory, acceptedRequestId, policy: this.policy, thresholds: { minAttempts: 10, degradedRate: 0.1 } });
  }
}
