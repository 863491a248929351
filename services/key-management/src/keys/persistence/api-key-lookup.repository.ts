import { Inject, Injectable } from '@nestjs/common';
import { Connection, Model, Schema } from 'mongoose';
import type { ApiKeyDigest } from '@bakuun/key-domain';
import { MONGO_CONNECTION } from '../keys.di-tokens';

/**
 * Digest → endpoint and key id, so validation finds a presented API key by `_id` on any
 * MongoDB-compatible server. An index only: whether the key is valid is decided by the
 * endpoint's record, so a lookup left behind by a crash (a pending key never committed) opens nothing.
 */
interface ApiKeyLookupDocument {
  _id: string;
  endpointId: string;
  keyId: string;
  createdAt: Date;
}

const apiKeyLookupSchema = new Schema<ApiKeyLookupDocument>(
  { _id: { type: String, required: true }, endpointId: { type: String, required: true }, keyId: { type: String, required: true }, createdAt: { type: Date, required: true } },
  { versionKey: false, collection: 'api_key_lookups' },
);
apiKeyLookupSchema.index({ endpointId: 1 }, { name: 'endpoint' });

export interface ApiKeyLookup {
  endpointId: string;
  keyId: string;
}

const DUPLICATE_KEY = 11000;

@Injectable()
export class ApiKeyLookupRepository {
  private readonly lookups: Model<ApiKeyLookupDocument>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.lookups = connection.models.ApiKeyLookup ?? connection.model<ApiKeyLookupDocument>('ApiKeyLookup', apiKeyLookupSchema);
  }

  async ensureIndexes(): Promise<void> {
    await this.lookups.createIndexes();
  }

  /** Idempotent for the same key; a digest already pointing elsewhere (a 256-bit collision) is an error. */
  async add(digest: ApiKeyDigest, lookup: ApiKeyLookup, now: Date): Promise<void> {
    try {
      await this.lookups.create({ _id: digest, endpointId: lookup.endpointId, keyId: lookup.keyId, createdAt: now });
    } catch (error) {
      if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
      const existing = await this.find(digest);
      if (existing?.keyId !== lookup.keyId || existing.endpointId !== lookup.endpointId) throw new Error('API key digest already registered for another key');
    }
  }

  async find(digest: ApiKeyDigest): Promise<ApiKeyLookup | null> {
    const doc = await this.lookups.findById(digest).lean<ApiKeyLookupDocument>();
    return doc ? { endpointId: doc.endpointId, keyId: doc.keyId } : null;
  }

  async remove(digest: ApiKeyDigest): Promise<void> {
    await this.lookups.deleteOne({ _id: digest });
  }

  async removeEndpoint(endpointId: string): Promise<void> {
    await this.lookups.deleteMany({ endpointId });
  }
}
