import { Injectable } from '@nestjs/common';
import { upstreamV1 } from '@bakuun/contracts';
import { applyMappingChange, type AppliedMappingChange } from '@bakuun/delivery-domain';
import { HotelMappingRepository } from '../persistence/hotel-mapping.repository';

/**
 * Folds MappingChange messages into each hotel's mapping, in partition order. The hotel's state
 * is saved before the message is stored: if the process dies in between, the message comes
 * again, is recognised as the hotel's last applied one, and gets the same result instead of
 * being applied twice.
 */
@Injectable()
export class MappingTracker {
  constructor(private readonly hotels: HotelMappingRepository) {}

  async apply(partnerId: string, messageId: string, change: upstreamV1.MappingChange): Promise<AppliedMappingChange> {
    const record = await this.hotels.get(partnerId, change.hotelCode);
    if (record?.lastMessageId === messageId) return record.applied;
    const applied = applyMappingChange(record?.applied.state ?? null, change);
    await this.hotels.save(partnerId, change.hotelCode, { lastMessageId: messageId, applied });
    return applied;
  }
}
