import { Inject, Injectable } from '@nestjs/common';
import { Connection, Model, Schema } from 'mongoose';
import type { EndpointArchive, FailureClass, HealthState, PublishedFigures } from '@bakuun/metrics-domain';
import { MONGO_CONNECTION } from '../metrics.di-tokens';

/** What the evaluation keeps per endpoint between passes. */
export interface EndpointState {
  endpointId: string;
  partnerId: string;
  /** 1, 2, ...: each evaluation that changes something stores the next version. */
  version: number;
  computedAt: number;
  lastAttemptAt: number | null;
  /** The newest figures computed (what ListErrorRates shows). */
  figures: PublishedFigures;
  summary: string;
  failuresByClass24h: { failureClass: FailureClass; failures: number }[];
  /** The figures last published on the health topic; null before the first. */
  published: PublishedFigures | null;
  /** The automatic suspension the registry accepted for the current failing run. */
  acceptedRequestId: string | null;
  archive: EndpointArchive | null;
}

export interface StoredEndpointState {
  state: EndpointState;
  /** Versions older than `state.version` still stored. */
  olderVersions: number[];
}

interface StateDocument {
  _id: string;
  endpointId: string;
  partnerId: string;
  version: number;
  computedAt: Date;
  lastAttemptAt: Date | null;
  state: HealthState;
  errorRate1h: number | null;
  errorRate24h: number | null;
  attempts1h: number;
  attempts24h: number;
  /** JSON of the rest of `EndpointState` (see the segments repository for why a string). */
  data: string;
}

type StateData = Pick<EndpointState, 'figures' | 'summary' | 'failuresByClass24h' | 'published' | 'acceptedRequestId' | 'archive'>;

const stateSchema = new Schema<StateDocument>(
  {
    _id: { type: String, required: true },
    endpointId: { type: String, required: true },
    partnerId: { type: String, required: true },
    version: { type: Number, required: true },
    computedAt: { type: Date, required: true },
    lastAttemptAt: { type: Date, default: null },
    state: { type: String, required: true },
    errorRate1h: { type: Number, default: null },
    errorRate24h: { type: Number, default: null },
    attempts1h: { type: Number, required: true },
    attempts24h: { type: Number, required: true },
    data: { type: String, required: true },
  },
  { versionKey: false, collection: 'endpoint_states' },
);
stateSchema.index({ endpointId: 1, version: 1 }, { name: 'endpoint_version' });
stateSchema.index({ partnerId: 1, endpointId: 1 }, { name: 'partner_endpoint' });
stateSchema.index({ computedAt: 1 }, { name: 'computed_at' });

const DUPLICATE_KEY = 11000;
const keyOf = (endpointId: string, version: number) => `${endpointId}|${String(version).padStart(12, '0')}`;

/**
 * Versioned, insert-only snapshots: `_id` = endpoint + version, so two evaluators storing the
 * same next version conflict on the unique `_id` (the loser drops its pass for that endpoint)
 * and one insert command stores a whole pass. Older versions are deleted after the next is stored.
 */
@Injectable()
export class EndpointStateRepository {
  private readonly states: Model<StateDocument>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.states = connection.models.EndpointState ?? connection.model<StateDocument>('EndpointState', stateSchema);
  }

  async ensureIndexes(): Promise<void> {
    await this.states.createIndexes();
  }

  async latest(endpointIds: readonly string[]): Promise<Map<string, StoredEndpointState>> {
    if (endpointIds.length === 0) return new Map();
    return newestOf(await this.states.find({ endpointId: { $in: [...endpointIds] } }).lean<StateDocument[]>());
  }

  /** The partner's endpoints, newest state each, by endpoint id. */
  async forPartner(partnerId: string): Promise<EndpointState[]> {
    const newest = newestOf(await this.states.find({ partnerId }).lean<StateDocument[]>());
    return [...newest.values()].map((s) => s.state).sort((a, b) => (a.endpointId < b.endpointId ? -1 : 1));
  }

  /** Endpoints computed before `computedBefore` that had attempts since `attemptedSince`: their windows roll. */
  async due(computedBefore: Date, attemptedSince: Date, limit: number): Promise<string[]> {
    const docs = await this.states
      .find({ computedAt: { $lte: computedBefore }, lastAttemptAt: { $gte: attemptedSince } }, { endpointId: 1 })
      .limit(limit)
      .lean<Pick<StateDocument, '_id' | 'endpointId'>[]>();
    return [...new Set(docs.map((d) => d.endpointId))];
  }

  /** Stores new versions in one command; returns the endpoints whose version another evaluator stored first. */
  async append(states: readonly EndpointState[]): Promise<Set<string>> {
    const lost = new Set<string>();
    if (states.length === 0) return lost;
    try {
      await this.states.insertMany(states.map(toDocument), { ordered: false, lean: true });
    } catch (error) {
      const writeErrors = (error as { writeErrors?: { index: number; code?: number; err?: { code?: number; index?: number } }[] }).writeErrors;
      if (!Array.isArray(writeErrors) || writeErrors.some((e) => (e.code ?? e.err?.code) !== DUPLICATE_KEY)) throw error;
      for (const e of writeErrors) lost.add(states[e.index ?? e.err?.index ?? -1]?.endpointId ?? '');
    }
    return lost;
  }

  async removeVersions(versions: readonly { endpointId: string; version: number }[]): Promise<void> {
    if (versions.length === 0) return;
    await this.states.deleteMany({ _id: { $in: versions.map((v) => keyOf(v.endpointId, v.version)) } });
  }
}

function newestOf(docs: StateDocument[]): Map<string, StoredEndpointState> {
  const byEndpoint = new Map<string, StateDocument[]>();
  for (const d of docs) byEndpoint.set(d.endpointId, [...(byEndpoint.get(d.endpointId) ?? []), d]);
  const result = new Map<string, StoredEndpointState>();
  for (const [endpointId, versions] of byEndpoint) {
    versions.sort((a, b) => b.version - a.version);
    result.set(endpointId, { state: fromDocument(versions[0]!), olderVersions: versions.slice(1).map((v) => v.version) });
  }
  return result;
}

function toDocument(s: EndpointState): StateDocument {
  const data: StateData = { figures: s.figures, summary: s.summary, failuresByClass24h: s.failuresByClass24h, published: s.published, acceptedRequestId: s.acceptedRequestId, archive: s.archive };
  return {
    _id: keyOf(s.endpointId, s.version),
    endpointId: s.endpointId,
    partnerId: s.partnerId,
    version: s.version,
    computedAt: new Date(s.computedAt),
    lastAttemptAt: s.lastAttemptAt === null ? null : new Date(s.lastAttemptAt),
    state: s.figures.state,
    errorRate1h: s.figures.errorRate1h,
    errorRate24h: s.figures.errorRate24h,
    attempts1h: s.figures.attempts1h,
    attempts24h: s.figures.attempts24h,
    data: JSON.stringify(data),
  };
}

function fromDocument(d: StateDocument): EndpointState {
  const data = JSON.parse(d.data) as StateData;
  return {
    endpointId: d.endpointId,
    partnerId: d.partnerId,
    version: d.version,
    computedAt: d.computedAt.getTime(),
    lastAttemptAt: d.lastAttemptAt ? d.lastAttemptAt.getTime() : null,
    figures: data.figures,
    summary: data.summary,
    failuresByClass24h: data.failuresByClass24h,
    published: data.published,
    acceptedRequestId: data.acceptedRequestId,
    archive: data.archive,
  };
}
