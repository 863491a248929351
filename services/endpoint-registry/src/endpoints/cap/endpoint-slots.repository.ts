import { Inject, Injectable } from '@nestjs/common';
import { Connection, Model, Schema } from 'mongoose';
import type { EndpointCategory } from '@bakuun/endpoint-domain';
import { MONGO_CONNECTION } from '../endpoints.di-tokens';

const DUPLICATE_KEY = 11000;

interface SlotDocument {
  /** `<partnerId>/<category>/<slot>`: the unique `_id` is what makes a claim atomic. */
  _id: string;
  partnerId: string;
  category: string;
  slot: number;
  endpointId: string;
  claimedAt: Date;
}

export interface EndpointSlot {
  slot: number;
  endpointId: string;
  claimedAt: Date;
}

const slotSchema = new Schema<SlotDocument>(
  {
    _id: { type: String, required: true },
    partnerId: { type: String, required: true },
    category: { type: String, required: true },
    slot: { type: Number, required: true },
    endpointId: { type: String, required: true },
    claimedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'endpoint_slots' },
);
slotSchema.index({ partnerId: 1, category: 1 }, { name: 'partner_category' });

/**
 * One document per endpoint a partner holds in a category, numbered 1..cap. A claim is an
 * insert of a numbered slot, atomic through the unique `_id` on MongoDB and FerretDB v1 alike
 * (whose conditional updates are not atomic); there are no counters to update.
 */
@Injectable()
export class EndpointSlotsRepository {
  private readonly slots: Model<SlotDocument>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.slots = connection.models.EndpointSlot ?? connection.model<SlotDocument>('EndpointSlot', slotSchema);
  }

  async ensureIndexes(): Promise<void> {
    await this.slots.createIndexes();
  }

  /** True when this call got the slot, false when it is held. */
  async tryClaim(partnerId: string, category: EndpointCategory, slot: number, endpointId: string, now: Date): Promise<boolean> {
    try {
      await this.slots.create({ _id: slotId(partnerId, category, slot), partnerId, category, slot, endpointId, claimedAt: now });
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === DUPLICATE_KEY) return false;
      throw error;
    }
  }

  async held(partnerId: string, category: EndpointCategory): Promise<EndpointSlot[]> {
    const docs = await this.slots.find({ partnerId, category }).sort({ slot: 1 }).lean();
    return docs.map((d) => ({ slot: d.slot, endpointId: d.endpointId, claimedAt: d.claimedAt }));
  }

  /** Frees one slot if `endpointId` still holds it. */
  async release(partnerId: string, category: EndpointCategory, slot: number, endpointId: string): Promise<void> {
    await this.slots.deleteOne({ _id: slotId(partnerId, category, slot), endpointId });
  }

  /** Frees every slot an endpoint holds (after its deletion). */
  async releaseAll(partnerId: string, endpointId: string): Promise<void> {
    await this.slots.deleteMany({ partnerId, endpointId });
  }
}

function slotId(partnerId: string, category: EndpointCategory, slot: number): string {
  return `${partnerId}/${category}/${slot}`;
}
