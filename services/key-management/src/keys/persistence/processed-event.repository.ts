import { Inject, Injectable } from '@nestjs/common';
import { Connection, Model, Schema } from 'mongoose';
import { MONGO_CONNECTION } from '../keys.di-tokens';

/** Event ids of endpoint events already applied: the consumer's deduplication (at-least-once delivery). */
interface ProcessedEventDocument {
  _id: string;
  type: string;
  endpointId: string;
  processedAt: Date;
}

const processedEventSchema = new Schema<ProcessedEventDocument>(
  { _id: { type: String, required: true }, type: { type: String, required: true }, endpointId: { type: String, required: true }, processedAt: { type: Date, required: true } },
  { versionKey: false, collection: 'processed_endpoint_events' },
);

@Injectable()
export class ProcessedEventRepository {
  private readonly events: Model<ProcessedEventDocument>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.events = connection.models.ProcessedEndpointEvent ?? connection.model<ProcessedEventDocument>('ProcessedEndpointEvent', processedEventSchema);
  }

  async wasProcessed(eventId: string): Promise<boolean> {
    return (await this.events.exists({ _id: eventId })) !== null;
  }

  async markProcessed(eventId: string, type: string, endpointId: string, now: Date): Promise<void> {
    await this.events.replaceOne({ _id: eventId }, { _id: eventId, type, endpointId, processedAt: now }, { upsert: true });
  }
}
