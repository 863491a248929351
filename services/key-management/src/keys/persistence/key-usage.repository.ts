import { Inject, Injectable } from '@nestjs/common';
import { Connection, Model, Schema } from 'mongoose';
import { MONGO_CONNECTION } from '../keys.di-tokens';

/**
 * Last use per key, apart from the endpoint's record so batched writes never contend with rolls.
 * `$max` keeps the time moving forward whatever order batches from several instances arrive in.
 */
interface KeyUsageDocument {
  _id: string;
  endpointId: string;
  lastUsedAt: Date;
}

const keyUsageSchema = new Schema<KeyUsageDocument>(
  { _id: { type: String, required: true }, endpointId: { type: String, required: true }, lastUsedAt: { type: Date, required: true } },
  { versionKey: false, collection: 'key_usage' },
);

export interface KeyUse {
  endpointId: string;
  keyId: string;
  at: Date;
}

@Injectable()
export class KeyUsageRepository {
  private readonly usage: Model<KeyUsageDocument>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.usage = connection.models.KeyUsage ?? connection.model<KeyUsageDocument>('KeyUsage', keyUsageSchema);
  }

  /** One round trip for a whole batch. */
  async recordUses(uses: readonly KeyUse[]): Promise<void> {
    if (uses.length === 0) return;
    await this.usage.bulkWrite(
      uses.map((use) => ({
        updateOne: { filter: { _id: use.keyId }, update: { $max: { lastUsedAt: use.at }, $setOnInsert: { endpointId: use.endpointId } }, upsert: true },
      })),
      { ordered: false },
    );
  }

  async lastUses(keyIds: readonly string[]): Promise<Map<string, Date>> {
    if (keyIds.length === 0) return new Map();
    const docs = await this.usage.find({ _id: { $in: [...keyIds] } }).lean<KeyUsageDocument[]>();
    return new Map(docs.map((d) => [d._id, d.lastUsedAt]));
  }
}
