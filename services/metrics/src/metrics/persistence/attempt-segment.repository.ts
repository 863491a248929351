import { Inject, Injectable } from '@nestjs/common';
import { Connection, Model, Schema } from 'mongoose';
import { ActivitySummary, AttemptSegment, bucketKey, segmentKey, SegmentCoverage, Tally } from '@bakuun/metrics-domain';
import { MONGO_CONNECTION } from '../metrics.di-tokens';

/**
 * One document per segment, inserted and never updated. Nested figures travel as one JSON
 * string: FerretDB v1 encodes every field of every document, and a segment has hundreds of
 * them (minute slots, classes, latency bins); the scalar fields are what queries and operators
 * need.
 */
interface SegmentDocument {
  _id: string;
  endpointId: string;
  partnerId: string;
  bucketKey: string;
  hourStart: Date;
  partitionKey: string;
  firstOffset: number;
  lastOffset: number;
  compacted: boolean;
  writtenAt: Date;
  attempts: number;
  failures: number;
  /** JSON of `{ minutes, activity }`. */
  data: string;
  /** Attempt-id hashes (53-bit integers) as base64 of their float64 bytes; null once stripped. */
  hashes: string | null;
}

interface SegmentData {
  minutes: Record<string, Tally>;
  activity: ActivitySummary;
}

const segmentSchema = new Schema<SegmentDocument>(
  {
    _id: { type: String, required: true },
    endpointId: { type: String, required: true },
    partnerId: { type: String, required: true },
    bucketKey: { type: String, required: true },
    hourStart: { type: Date, required: true },
    partitionKey: { type: String, required: true },
    firstOffset: { type: Number, required: true },
    lastOffset: { type: Number, required: true },
    compacted: { type: Boolean, required: true },
    writtenAt: { type: Date, required: true },
    attempts: { type: Number, required: true },
    failures: { type: Number, required: true },
    data: { type: String, required: true },
    hashes: { type: String, default: null },
  },
  { versionKey: false, collection: 'attempt_segments' },
);
segmentSchema.index({ bucketKey: 1 }, { name: 'bucket' });
segmentSchema.index({ endpointId: 1, hourStart: 1 }, { name: 'endpoint_hour' });

const DUPLICATE_KEY = 11000;

@Injectable()
export class AttemptSegmentRepository {
  private readonly segments: Model<SegmentDocument>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.segments = connection.models.AttemptSegment ?? connection.model<SegmentDocument>('AttemptSegment', segmentSchema);
  }

  async ensureIndexes(): Promise<void> {
    await this.segments.createIndexes();
  }

  /** One insert command for all; a segment already stored (same key, so same content) is not an error. */
  async insert(segments: readonly AttemptSegment[], writtenAt: Date): Promise<void> {
    if (segments.length === 0) return;
    try {
      await this.segments.insertMany(segments.map((s) => toDocument(s, writtenAt)), { ordered: false, lean: true });
    } catch (error) {
      const writeErrors = (error as { writeErrors?: { code?: number; err?: { code?: number } }[] }).writeErrors;
      const onlyDuplicates = Array.isArray(writeErrors) && writeErrors.length > 0 && writeErrors.every((e) => (e.code ?? e.err?.code) === DUPLICATE_KEY);
      if (!onlyDuplicates && (error as { code?: number }).code !== DUPLICATE_KEY) throw error;
    }
  }

  /** Offsets and hashes of the given buckets (`bucketKey`), for the ingestion's cold start. */
  async coverage(bucketKeys: readonly string[]): Promise<Map<string, SegmentCoverage[]>> {
    const result = new Map<string, SegmentCoverage[]>(bucketKeys.map((k) => [k, []]));
    if (bucketKeys.length === 0) return result;
    const docs = await this.segments
      .find({ bucketKey: { $in: [...bucketKeys] } }, { endpointId: 1, hourStart: 1, partitionKey: 1, firstOffset: 1, lastOffset: 1, hashes: 1 })
      .lean<Pick<SegmentDocument, '_id' | 'endpointId' | 'hourStart' | 'partitionKey' | 'firstOffset' | 'lastOffset' | 'hashes'>[]>();
    for (const d of docs) {
      const hourStart = d.hourStart.getTime();
      result.get(bucketKey(d.endpointId, hourStart))?.push({
        endpointId: d.endpointId,
        hourStart,
        partitionKey: d.partitionKey,
        firstOffset: d.firstOffset,
        lastOffset: d.lastOffset,
        hashes: splitHashes(d.hashes),
      });
    }
    return result;
  }

  async forEndpoints(endpointIds: readonly string[]): Promise<Map<string, AttemptSegment[]>> {
    const result = new Map<string, AttemptSegment[]>(endpointIds.map((id) => [id, []]));
    if (endpointIds.length === 0) return result;
    const docs = await this.segments.find({ endpointId: { $in: [...endpointIds] } }).lean<SegmentDocument[]>();
    for (const d of docs) result.get(d.endpointId)?.push(fromDocument(d));
    return result;
  }

  /** Endpoints with segments of the hours since `hourStart` (a restart's first evaluation). */
  async endpointsWithHoursSince(hourStart: Date): Promise<string[]> {
    const docs = await this.segments.find({ hourStart: { $gte: hourStart } }, { endpointId: 1 }).lean<Pick<SegmentDocument, '_id' | 'endpointId'>[]>();
    return [...new Set(docs.map((d) => d.endpointId))];
  }

  async remove(segments: readonly AttemptSegment[]): Promise<void> {
    if (segments.length === 0) return;
    await this.segments.deleteMany({ _id: { $in: segments.map(segmentKey) } });
  }
}

function toDocument(s: AttemptSegment, writtenAt: Date): SegmentDocument {
  let attempts = 0;
  let failures = 0;
  for (const tally of Object.values(s.minutes)) {
    attempts += tally.attempts;
    failures += tally.failures;
  }
  const data: SegmentData = { minutes: s.minutes, activity: s.activity };
  return {
    _id: segmentKey(s),
    endpointId: s.endpointId,
    partnerId: s.partnerId,
    bucketKey: bucketKey(s.endpointId, s.hourStart),
    hourStart: new Date(s.hourStart),
    partitionKey: s.partitionKey,
    firstOffset: s.firstOffset,
    lastOffset: s.lastOffset,
    compacted: s.compacted,
    writtenAt,
    attempts,
    failures,
    data: JSON.stringify(data),
    hashes: packHashes(s.hashes),
  };
}

function fromDocument(d: SegmentDocument): AttemptSegment {
  const data = JSON.parse(d.data) as SegmentData;
  return {
    endpointId: d.endpointId,
    partnerId: d.partnerId,
    hourStart: d.hourStart.getTime(),
    partitionKey: d.partitionKey,
    firstOffset: d.firstOffset,
    lastOffset: d.lastOffset,
    compacted: d.compacted,
    minutes: data.minutes,
    activity: data.activity,
    hashes: splitHashes(d.hashes),
  };
}

/** 8 bytes per hash, encoded and decoded in bulk (a million hashes in milliseconds). */
function packHashes(hashes: readonly number[] | null): string | null {
  if (hashes === null) return null;
  return Buffer.from(Float64Array.from(hashes).buffer).toString('base64');
}

function splitHashes(packed: string | null | undefined): number[] | null {
  if (packed === null || packed === undefined) return null;
  const bytes = Buffer.from(packed, 'base64');
  const aligned = new Uint8Array(bytes.length);
  aligned.set(bytes);
  return Array.from(new Float64Array(aligned.buffer, 0, Math.floor(bytes.length / 8)));
}
