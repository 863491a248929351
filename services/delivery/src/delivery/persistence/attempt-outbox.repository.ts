import { Inject, Injectable } from '@nestjs/common';
import { Connection, Model } from 'mongoose';
import { MONGO_CONNECTION } from '../delivery.di-tokens';
import { AttemptOutboxDocument, attemptOutboxSchema } from './delivery-store.schemas';
import { modelOf } from './models';

/** One document per batch of attempts on its way to Kafka (cheaper on FerretDB than a flag per attempt). */
@Injectable()
export class AttemptOutboxRepository {
  private readonly outbox: Model<AttemptOutboxDocument>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.outbox = modelOf(connection, 'DeliveryAttemptOutbox', attemptOutboxSchema);
  }

  async add(batchId: string, attemptIds: string[], now: Date): Promise<void> {
    await this.outbox.create({ _id: batchId, attemptIds, createdAt: now });
  }

  async remove(batchId: string): Promise<void> {
    await this.outbox.deleteOne({ _id: batchId });
  }

  async olderThan(before: Date, limit: number): Promise<{ batchId: string; attemptIds: string[] }[]> {
    return (await this.outbox.find({ createdAt: { $lt: before } }).sort({ createdAt: 1 }).limit(limit).lean()).map((d) => ({ batchId: d._id, attemptIds: [...d.attemptIds] }));
  }
}
