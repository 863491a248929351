import { Inject, Injectable } from '@nestjs/common';
import { Connection, Model } from 'mongoose';
import type { AppliedMappingChange } from '@bakuun/delivery-domain';
import { MONGO_CONNECTION } from '../delivery.di-tokens';
import { HotelMappingDocument, hotelMappingSchema } from './delivery-store.schemas';
import { modelOf } from './models';

export interface HotelMappingRecord {
  lastMessageId: string;
  applied: AppliedMappingChange;
}

@Injectable()
export class HotelMappingRepository {
  private readonly hotels: Model<HotelMappingDocument>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.hotels = modelOf(connection, 'DeliveryHotelMapping', hotelMappingSchema);
  }

  async get(partnerId: string, hotelCode: string): Promise<HotelMappingRecord | null> {
    const doc = await this.hotels.findById(keyOf(partnerId, hotelCode)).lean();
    return doc ? { lastMessageId: doc.lastMessageId, applied: JSON.parse(doc.applied) as AppliedMappingChange } : null;
  }

  async save(partnerId: string, hotelCode: string, record: HotelMappingRecord): Promise<void> {
    await this.hotels.replaceOne({ _id: keyOf(partnerId, hotelCode) }, { _id: keyOf(partnerId, hotelCode), lastMessageId: record.lastMessageId, applied: JSON.stringify(record.applied) }, { upsert: true });
  }
}

const keyOf = (partnerId: string, hotelCode: string): string => `${partnerId}|${hotelCode}`;
