import { Inject, Injectable } from '@nestjs/common';
import { Connection, Model, Schema } from 'mongoose';
import type { HotelMapping } from '@bakuun/delivery-domain';
import type { MappedHotel } from '../../rules/mapping-page';
import type { HotelCodes } from '../../rules/booking-request';
import { MONGO_CONNECTION } from '../inbound.di-tokens';

/** Where a hotel's mapping was last changed in the mapping topic (its key keeps a hotel on one partition). */
export interface MappingPosition {
  readonly partition: number;
  readonly offset: number;
}

export interface StoredHotelMapping {
  readonly partnerId: string;
  readonly mapping: HotelMapping;
  readonly position: MappingPosition;
}

interface HotelMappingDocument {
  _id: string;
  partnerId: string;
  hotelCode: string;
  deleted: boolean;
  mapping: HotelMapping;
  partition: number;
  offset: number;
}

const schema = new Schema<HotelMappingDocument>(
  {
    _id: { type: String, required: true },
    partnerId: { type: String, required: true },
    hotelCode: { type: String, required: true },
    deleted: { type: Boolean, required: true },
    mapping: { type: Schema.Types.Mixed, required: true },
    partition: { type: Number, required: true },
    offset: { type: Number, required: true },
  },
  { versionKey: false, minimize: false, collection: 'mapping_read_model' },
);
schema.index({ partnerId: 1, hotelCode: 1 });

/** The mapping read model: one document per partner and hotel, written whole. Mongoose stays here. */
@Injectable()
export class MappingRepository {
  private readonly hotels: Model<HotelMappingDocument>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.hotels = connection.models.InboundHotelMapping ?? connection.model<HotelMappingDocument>('InboundHotelMapping', schema);
  }

  async ensureIndexes(): Promise<void> {
    await this.hotels.createIndexes();
  }

  async get(partnerId: string, hotelCode: string): Promise<StoredHotelMapping | null> {
    const doc = await this.hotels.findById(idOf(partnerId, hotelCode)).lean();
    return doc ? { partnerId: doc.partnerId, mapping: doc.mapping, position: { partition: doc.partition, offset: doc.offset } } : null;
  }

  async save(stored: StoredHotelMapping): Promise<void> {
    const { partnerId, mapping, position } = stored;
    const _id = idOf(partnerId, mapping.hotelCode);
    await this.hotels.replaceOne({ _id }, { _id, partnerId, hotelCode: mapping.hotelCode, deleted: mapping.deleted, mapping, partition: position.partition, offset: position.offset }, { upsert: true });
  }

  /** The partner's hotels after `afterHotelCode`, by code, at most `limit`. */
  async page(partnerId: string, afterHotelCode: string | null, limit: number): Promise<MappedHotel[]> {
    const filter = afterHotelCode === null ? { partnerId, deleted: false } : { partnerId, deleted: false, hotelCode: { $gt: afterHotelCode } };
    const docs = await this.hotels.find(filter).sort({ hotelCode: 1 }).limit(limit).lean();
    return docs.map((d) => toMappedHotel(d.mapping));
  }

  /** Active codes of the named hotels; hotels the partner does not have are absent. */
  async codes(partnerId: string, hotelCodes: readonly string[]): Promise<Map<string, HotelCodes>> {
    const docs = await this.hotels.find({ _id: { $in: hotelCodes.map((h) => idOf(partnerId, h)) }, deleted: false }).lean();
    return new Map(docs.map((d) => [d.hotelCode, { roomTypes: new Set(d.mapping.roomTypes.filter((r) => r.status === 'ACTIVE').map((r) => r.code)), ratePlans: new Set(d.mapping.ratePlans.filter((r) => r.status === 'ACTIVE').map((r) => r.code)) }]));
  }
}

const idOf = (partnerId: string, hotelCode: string): string => `${partnerId}:${hotelCode}`;

function toMappedHotel(m: HotelMapping): MappedHotel {
  return {
    hotelCode: m.hotelCode,
    hotelName: m.hotelName,
    roomTypes: m.roomTypes.filter((r) => r.status === 'ACTIVE').map((r) => ({ code: r.code, name: r.name })),
    ratePlans: m.ratePlans.filter((r) => r.status === 'ACTIVE').map((r) => ({ code: r.code, name: r.name, roomTypeCodes: [...r.roomTypeCodes] })),
  };
}
