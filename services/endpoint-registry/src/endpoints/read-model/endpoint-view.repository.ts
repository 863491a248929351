import { Inject, Injectable } from '@nestjs/common';
import { Connection, FilterQuery, Model } from 'mongoose';
import type { EndpointCategory, EndpointId, EndpointMethod, EndpointView } from '@bakuun/endpoint-domain';
import { ValidationError } from '@bakuun/errors';
import { MONGO_CONNECTION } from '../endpoints.di-tokens';
import { EndpointViewDocument, endpointViewSchema } from './endpoint-view.schema';

export interface EndpointListQuery {
  partnerId: string;
  category?: EndpointCategory;
  status?: EndpointView['status'];
  method?: EndpointMethod;
  includeDeleted: boolean;
  pageSize: number;
  pageToken?: string;
}

export interface EndpointPage {
  endpoints: EndpointView[];
  nextPageToken: string;
}

const DUPLICATE_KEY = 11000;

/** Mongoose stays here: callers get plain EndpointView objects, never documents. Every query names the partner. */
@Injectable()
export class EndpointViewRepository {
  private readonly views: Model<EndpointViewDocument>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.views = connection.models.EndpointView ?? connection.model<EndpointViewDocument>('EndpointView', endpointViewSchema);
  }

  async ensureIndexes(): Promise<void> {
    await this.views.createIndexes();
  }

  async get(partnerId: string, endpointId: EndpointId): Promise<EndpointView | null> {
    const doc = await this.views.findOne({ _id: endpointId, partnerId }).lean();
    return doc ? toView(doc) : null;
  }

  /** For the projector only: the current document whatever its partner. */
  async getForProjection(endpointId: string): Promise<EndpointView | null> {
    const doc = await this.views.findById(endpointId).lean();
    return doc ? toView(doc) : null;
  }

  async list(query: EndpointListQuery): Promise<EndpointPage> {
    const filter: FilterQuery<EndpointViewDocument> = { partnerId: query.partnerId };
    if (query.category) filter.category = query.category;
    if (query.method) filter.method = query.method;
    if (query.status) filter.status = query.status;
    else if (!query.includeDeleted) filter.status = { $ne: 'DELETED' };
    const after = query.pageToken ? decodePageToken(query.pageToken) : null;
    if (after) filter.$or = [{ createdAt: { $gt: after.createdAt } }, { createdAt: after.createdAt, _id: { $gt: after.id } }];
    const docs = await this.views.find(filter).sort({ createdAt: 1, _id: 1 }).limit(query.pageSize + 1).lean();
    const page = docs.slice(0, query.pageSize).map(toView);
    const last = page.at(-1);
    return { endpoints: page, nextPageToken: docs.length > query.pageSize && last ? encodePageToken(last) : '' };
  }

  /**
   * Writes the whole document, unless a newer version of it is already there (two projectors
   * racing). Through the driver: the projection's output is already the stored shape, and
   * mongoose's casting of it was a tenth of the registry's CPU under load.
   */
  /**
   * Writes views of different endpoints in one round trip; a view older than the stored one
   * (an event applied again after a restart) is skipped.
   */
  async saveAll(views: EndpointView[]): Promise<void> {
    let operations = views.map(({ endpointId, ...rest }) => ({ replaceOne: { filter: { _id: endpointId, streamVersion: { $lt: rest.streamVersion } }, replacement: rest, upsert: true } }));
    // Ordered, and resumed after a skipped view: FerretDB v1 stops an unordered bulk at its first error too.
    while (operations.length > 0) {
      try {
        await this.views.collection.bulkWrite(operations as never, { ordered: true });
        return;
      } catch (error) {
        const { code, writeErrors } = error as { code?: number; writeErrors?: { code?: number; index: number }[] };
        // Without write errors (the failed operation unknown), skip the first and go on: ones applied before the failure come back as stale, and are skipped in turn.
        const skipped = Array.isArray(writeErrors) ? (writeErrors.length === 1 && writeErrors[0]!.code === DUPLICATE_KEY ? writeErrors[0]!.index : null) : code === DUPLICATE_KEY ? 0 : null;
        if (skipped === null) throw error;
        operations = operations.slice(skipped + 1);
      }
    }
  }

  /** Every document, in a stable order: rebuild comparisons and audits. */
  async all(): Promise<EndpointView[]> {
    return (await this.views.find({}).sort({ _id: 1 }).lean()).map(toView);
  }

  async drop(): Promise<void> {
    await this.views.deleteMany({});
  }
}

/** The explicit mapper: whitelisted fields, one fixed key order. */
function toView(doc: EndpointViewDocument): EndpointView {
  return {
    endpointId: doc._id as EndpointId,
    partnerId: doc.partnerId,
    category: doc.category,
    method: doc.method,
    direction: doc.direction,
    url: doc.url ?? null,
    apiVersion: doc.apiVersion,
    status: doc.status,
    suspensionReason: doc.suspensionReason ?? null,
    keyId: doc.keyId,
    maskedKey: doc.maskedKey,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    streamVersion: doc.streamVersion,
  };
}

function encodePageToken(view: EndpointView): string {
  return Buffer.from(JSON.stringify({ c: view.createdAt, i: view.endpointId })).toString('base64url');
}

function decodePageToken(token: string): { createdAt: string; id: string } {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { c?: unknown; i?: unknown };
    if (typeof parsed.c === 'string' && typeof parsed.i === 'string') return { createdAt: parsed.c, id: parsed.i };
  } catch {
    // fall through to the error below
  }
  throw new ValidationError('LIST.PAGE_TOKEN_INVALID', 'page_token is not a token returned by ListEndpoints', { field: 'page_token' });
}
