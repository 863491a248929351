import { Inject, Injectable } from '@nestjs/common';
import { Connection, Model } from 'mongoose';
import { MONGO_CONNECTION } from '../delivery.di-tokens';
import { WaitingEndpointDocument, waitingEndpointSchema } from './delivery-store.schemas';
import { modelOf } from './models';

export interface WaitingMark {
  endpointId: string;
  markedAt: Date;
}

/**
 * Marks for the holder of an endpoint: "deliveries of yours are waiting in the store". Written
 * after the deliveries; a mark is cleared only by the holder and only as it was read, so a mark
 * written meanwhile by another process survives.
 */
@Injectable()
export class WaitingEndpointRepository {
  private readonly marks: Model<WaitingEndpointDocument>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.marks = modelOf(connection, 'DeliveryWaitingEndpoint', waitingEndpointSchema);
  }

  async mark(endpointIds: readonly string[], now: Date): Promise<void> {
    if (endpointIds.length === 0) return;
    await this.marks.bulkWrite(endpointIds.map((endpointId) => ({ updateOne: { filter: { _id: endpointId }, update: { $set: { markedAt: now } }, upsert: true } })), { ordered: false });
  }

  async list(limit: number): Promise<WaitingMark[]> {
    return (await this.marks.find({}).limit(limit).lean()).map((d) => ({ endpointId: d._id, markedAt: d.markedAt }));
  }

  async clear(mark: WaitingMark): Promise<void> {
    await this.marks.deleteOne({ _id: mark.endpointId, markedAt: mark.markedAt });
  }
}
