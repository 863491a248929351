import { Inject, Injectable } from '@nestjs/common';
import { Connection, Model } from 'mongoose';
import { MONGO_CONNECTION } from '../delivery.di-tokens';
import { MessageDocument, messageSchema } from './delivery-store.schemas';
import { duplicateIndexes, insertDocuments, modelOf } from './models';

export interface StoredMessage {
  messageId: string;
  partnerId: string;
  category: string;
  hotelCode: string;
  ordinal: number;
  receivedAt: Date;
  producedAt: string;
  payload: Buffer;
  mapping: string | null;
}

@Injectable()
export class MessageRepository {
  private readonly messages: Model<MessageDocument>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.messages = modelOf(connection, 'DeliveryMessage', messageSchema);
  }

  async ensureIndexes(): Promise<void> {
    await this.messages.createIndexes();
  }

  /** Messages of this batch already stored by an earlier consumption (at least once). */
  async existing(ids: string[]): Promise<Map<string, StoredMessage>> {
    if (ids.length === 0) return new Map();
    const docs = await this.messages.find({ _id: { $in: ids } }).batchSize(ids.length).lean();
    return new Map(docs.map((d) => [d._id, toMessage(d)]));
  }

  /** Inserts, skipping ids already there (another consumption of the same message). */
  async insertMany(messages: StoredMessage[]): Promise<void> {
    if (messages.length === 0) return;
    try {
      await insertDocuments(this.messages, messages.map(toDocument), false);
    } catch (error) {
      duplicateIndexes(error);
    }
  }

  async highestOrdinalOverall(): Promise<number> {
    const doc = await this.messages.findOne({}, { ordinal: 1 }).sort({ ordinal: -1 }).lean();
    return doc?.ordinal ?? 0;
  }

  async get(partnerId: string, messageId: string): Promise<StoredMessage | null> {
    const doc = await this.messages.findOne({ _id: messageId, partnerId }).lean();
    return doc ? toMessage(doc) : null;
  }

  /** A page of a partner's messages of one category received at or after `since`, in ordinal order. */
  async pageSince(partnerId: string, category: string, since: Date, after: { ordinal: number; id: string } | null, limit: number): Promise<StoredMessage[]> {
    const filter: Record<string, unknown> = { partnerId, category, receivedAt: { $gte: since } };
    if (after) filter.$or = [{ ordinal: { $gt: after.ordinal } }, { ordinal: after.ordinal, _id: { $gt: after.id } }];
    return (await this.messages.find(filter).sort({ ordinal: 1, _id: 1 }).limit(limit).lean()).map(toMessage);
  }

  async purgeReceivedBefore(before: Date): Promise<number> {
    return (await this.messages.deleteMany({ receivedAt: { $lt: before } })).deletedCount;
  }
}

function toDocument(m: StoredMessage): MessageDocument {
  return { _id: m.messageId, partnerId: m.partnerId, category: m.category, hotelCode: m.hotelCode, ordinal: m.ordinal, receivedAt: m.receivedAt, producedAt: m.producedAt, payload: m.payload, mapping: m.mapping };
}

type LeanMessage = Omit<MessageDocument, 'payload'> & { payload: unknown };

function toMessage(d: LeanMessage): StoredMessage {
  const payload = d.payload;
  /** lean() returns BSON Binary for Buffer fields. */
  const bytes = Buffer.isBuffer(payload) ? payload : Buffer.from((payload as { buffer: Uint8Array }).buffer);
  return { messageId: d._id, partnerId: d.partnerId, category: d.category, hotelCode: d.hotelCode, ordinal: d.ordinal, receivedAt: d.receivedAt, producedAt: d.producedAt, payload: bytes, mapping: d.mapping ?? null };
}
