import { AttemptPosition, AttemptRecord, HOUR_MS, MINUTE_MS } from './attempt';
import { classifyAttempt, AttemptVerdict } from './attempt-verdict';
import { ActivitySummary, emptyActivity, mergeActivityInto, recordInActivity } from './activity-summary';
import { AttemptHashSet } from './attempt-hash-set';
import { addToTally, emptyTally, mergeTallyInto, Tally } from './tally';

/**
 * What one flush learned about one endpoint in one clock hour from one topic partition: the
 * unit of storage. Segments are only ever inserted (one insert command per flush, however many
 * endpoints); compaction inserts their merge and deletes the parts.
 *
 * A segment covers the messages of its bucket with offsets `firstOffset..lastOffset` of its
 * partition. Two segments of a bucket either cover disjoint ranges or one contains the other
 * (a compaction, or a flush retried after an ambiguous failure), so `selectSegments` finds the
 * exact set of attempts whatever was left behind by a crash.
 */
export interface AttemptSegment {
  endpointId: string;
  partnerId: string;
  /** Epoch ms of the clock hour's start. */
  hourStart: number;
  partitionKey: string;
  firstOffset: number;
  lastOffset: number;
  compacted: boolean;
  /** Keyed by minute of the hour, "0".."59". */
  minutes: Record<string, Tally>;
  activity: ActivitySummary;
  /** Hashes of the attempt ids counted (`attemptHash`); null once stripped (the hour left the dedupe window). */
  hashes: number[] | null;
}

/** Attempts older than this (before the current hour) are ignored: they could not show in any window. */
export const ACCEPT_HOURS = 24;
/** Segments of hours older than this (before the current hour) are folded into the endpoint's archive and deleted. */
export const ARCHIVE_AFTER_HOURS = 26;

export function hourStartOf(at: number): number {
  return Math.floor(at / HOUR_MS) * HOUR_MS;
}

export function bucketKey(endpointId: string, hourStart: number): string {
  return `${endpointId}|${hourStart}`;
}

/** Deterministic, so that two instances compacting the same parts insert one document. */
export function segmentKey(s: Pick<AttemptSegment, 'endpointId' | 'hourStart' | 'partitionKey' | 'firstOffset' | 'lastOffset' | 'compacted' | 'hashes'>): string {
  const kind = s.compacted ? (s.hashes === null ? ':cs' : ':c') : '';
  return `${s.endpointId}|${s.hourStart}|${s.partitionKey}|${s.firstOffset}-${s.lastOffset}${kind}`;
}

export function acceptsAttemptAt(attemptedAt: number, now: number): boolean {
  return hourStartOf(attemptedAt) >= hourStartOf(now) - ACCEPT_HOURS * HOUR_MS;
}

export function archiveCutoff(now: number): number {
  return hourStartOf(now) - ARCHIVE_AFTER_HOURS * HOUR_MS;
}

const MINUTE_KEYS = Array.from({ length: 60 }, (_, i) => String(i));

/** What the ingestion keeps in memory per bucket: how far each partition was applied, and which ids were counted. */
export interface BucketState {
  watermarks: Record<string, number>;
  hashes: AttemptHashSet;
}

/** The parts of a segment that say which messages and attempts it holds. */
export type SegmentCoverage = Pick<AttemptSegment, 'endpointId' | 'hourStart' | 'partitionKey' | 'firstOffset' | 'lastOffset' | 'hashes'>;

export function bucketStateOf(segments: readonly SegmentCoverage[]): BucketState {
  const state: BucketState = { watermarks: {}, hashes: new AttemptHashSet() };
  for (const s of selectSegments(segments)) {
    state.watermarks[s.partitionKey] = Math.max(state.watermarks[s.partitionKey] ?? -1, s.lastOffset);
    for (const h of s.hashes ?? []) state.hashes.add(h);
  }
  return state;
}

export type IngestionOutcome =
  /** At or below the partition's watermark: this message was applied before (a Kafka redelivery). */
  | { readonly kind: 'REPLAYED' }
  /** Another message already carried this attempt id: a second copy from the producer. */
  | { readonly kind: 'DUPLICATE' }
  | { readonly kind: 'APPLIED'; readonly verdict: AttemptVerdict };

/**
 * Applies one attempt message to its bucket: idempotent by Kafka position (watermark) and by
 * attempt id (the bucket's hashes: a copy of an attempt always lands in the same bucket, as it
 * carries the same endpoint and time). The set of hashes is bounded by the bucket: it is
 * dropped when compaction strips the hour (`CompactionOptions.dedupeWindowMs`), after which a
 * copy would be counted again. `pending` is this flush's segment for the bucket and
 * partition, created (by `openSegment`) on the first message applied. Outcomes are shared
 * frozen values: this runs for every message consumed.
 */
export function ingestAttempt(state: BucketState, pending: (position: AttemptPosition, attempt: AttemptRecord) => AttemptSegment, attempt: AttemptRecord, position: AttemptPosition): IngestionOutcome {
  if ((state.watermarks[position.partitionKey] ?? -1) >= position.offset) return REPLAYED;
  state.watermarks[position.partitionKey] = position.offset;
  const hash = attemptHash(attempt.attemptId);
  if (!state.hashes.add(hash)) return DUPLICATE;
  const verdict = classifyAttempt(attempt);
  const segment = pending(position, attempt);
  const minute = MINUTE_KEYS[Math.floor((attempt.attemptedAt - segment.hourStart) / MINUTE_MS)]!;
  addToTally((segment.minutes[minute] ??= emptyTally()), verdict, attempt.latencyMs);
  recordInActivity(segment.activity, attempt, verdict);
  segment.hashes!.push(hash);
  segment.lastOffset = position.offset;
  return appliedOutcome(verdict);
}

const REPLAYED: IngestionOutcome = Object.freeze({ kind: 'REPLAYED' });
const DUPLICATE: IngestionOutcome = Object.freeze({ kind: 'DUPLICATE' });
const APPLIED = new Map<AttemptVerdict, IngestionOutcome>();
const appliedOutcome = (verdict: AttemptVerdict): IngestionOutcome => {
  let outcome = APPLIED.get(verdict);
  if (!outcome) APPLIED.set(verdict, (outcome = Object.freeze({ kind: 'APPLIED', verdict })));
  return outcome;
};

export function openSegment(attempt: Pick<AttemptRecord, 'endpointId' | 'partnerId' | 'attemptedAt'>, position: AttemptPosition, failureBinWidthMs: number): AttemptSegment {
  return {
    endpointId: attempt.endpointId,
    partnerId: attempt.partnerId,
    hourStart: hourStartOf(attempt.attemptedAt),
    partitionKey: position.partitionKey,
    firstOffset: position.offset,
    lastOffset: position.offset,
    compacted: false,
    minutes: {},
    activity: emptyActivity(failureBinWidthMs),
    hashes: [],
  };
}

/**
 * The segments that together count every applied attempt exactly once. Per bucket and
 * partition, by first offset: a segment starting inside one already kept is covered by it; of
 * segments starting at the same offset the longest wins (it contains the others).
 */
export function selectSegments<S extends SegmentCoverage>(segments: readonly S[]): S[] {
  const groups = new Map<string, S[]>();
  for (const s of segments) {
    const key = `${s.endpointId}|${s.hourStart}|${s.partitionKey}`;
    const group = groups.get(key);
    if (group) group.push(s);
    else groups.set(key, [s]);
  }
  const kept: S[] = [];
  for (const group of groups.values()) {
    group.sort((a, b) => a.firstOffset - b.firstOffset || b.lastOffset - a.lastOffset || Number(a.hashes === null) - Number(b.hashes === null));
    let reached = -1;
    for (const s of group) {
      if (s.firstOffset <= reached) continue;
      kept.push(s);
      reached = s.lastOffset;
    }
  }
  return kept;
}

/** One segment holding the parts' attempts (the parts must be a selection of one bucket and partition). */
export function mergeSegments(parts: readonly AttemptSegment[], keepHashes: boolean): AttemptSegment {
  const first = parts[0]!;
  const merged: AttemptSegment = {
    endpointId: first.endpointId,
    partnerId: first.partnerId,
    hourStart: first.hourStart,
    partitionKey: first.partitionKey,
    firstOffset: Math.min(...parts.map((p) => p.firstOffset)),
    lastOffset: Math.max(...parts.map((p) => p.lastOffset)),
    compacted: true,
    minutes: {},
    activity: emptyActivity(first.activity.failureBinWidthMs),
    hashes: keepHashes && parts.every((p) => p.hashes !== null) ? parts.flatMap((p) => p.hashes!) : null,
  };
  for (const part of parts) {
    for (const [minute, tally] of Object.entries(part.minutes)) mergeTallyInto((merged.minutes[minute] ??= emptyTally()), tally);
    mergeActivityInto(merged.activity, part.activity);
  }
  return merged;
}

export interface CompactionPlan {
  insert: AttemptSegment[];
  /** Segments made redundant: the parts of each merge, and anything a selection covers. */
  remove: AttemptSegment[];
}

export interface CompactionOptions {
  /** Hashes are kept while the hour is this recent, then stripped. @defaultValue 3 hours */
  dedupeWindowMs: number;
  /** An open hour is compacted once it has this many segments. @defaultValue 20 */
  maxOpenParts: number;
}

/**
 * Keeps the number of segments per bucket small: a closed hour becomes one segment, an open
 * one whenever it collects `maxOpenParts`; hashes are dropped once the hour leaves the dedupe
 * window. Archived hours are left to `archiveCutoff`.
 */
export function planCompaction(segments: readonly AttemptSegment[], now: number, options: CompactionOptions): CompactionPlan {
  const plan: CompactionPlan = { insert: [], remove: [] };
  const selected = new Set(selectSegments(segments));
  const groups = new Map<string, AttemptSegment[]>();
  for (const s of segments) {
    const key = `${s.endpointId}|${s.hourStart}|${s.partitionKey}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const currentHour = hourStartOf(now);
  for (const group of groups.values()) {
    const parts = group.filter((s) => selected.has(s));
    const covered = group.filter((s) => !selected.has(s));
    const hourStart = group[0]!.hourStart;
    const keepHashes = hourStart + HOUR_MS > now - options.dedupeWindowMs;
    const closed = hourStart < currentHour;
    const mustStrip = !keepHashes && parts.some((p) => p.hashes !== null);
    const mustMerge = parts.length > 1 && (closed || parts.length >= options.maxOpenParts);
    if (mustMerge || mustStrip) {
      plan.insert.push(mergeSegments(parts, keepHashes));
      plan.remove.push(...parts);
    }
    plan.remove.push(...covered);
  }
  return plan;
}

/**
 * cyrb53: a fast, well-mixed 53-bit string hash (an exact integer in a double). A false match
 * needs two attempts of one endpoint-hour with the same 53-bit hash: about 1 in 10^10 for a
 * bucket of a million attempts.
 */
export function attemptHash(attemptId: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < attemptId.length; i++) {
    const ch = attemptId.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
