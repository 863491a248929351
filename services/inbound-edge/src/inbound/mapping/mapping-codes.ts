import { Inject, Injectable } from '@nestjs/common';
import type { InboundEdgeConfig } from '../../config';
import type { HotelCodes } from '../../rules/booking-request';
import { CLOCK, Clock, INBOUND_CONFIG } from '../inbound.di-tokens';
import { MappingRepository } from './mapping.repository';

/** A hotel's active codes for booking validation, read from the mapping read model and trusted for `INBOUND_MAPPING_CODES_CACHE_MS`. */
@Injectable()
export class MappingCodes {
  private readonly cache = new Map<string, { codes: HotelCodes | null; atMs: number }>();

  constructor(
    private readonly mappings: MappingRepository,
    @Inject(INBOUND_CONFIG) private readonly config: InboundEdgeConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async codes(partnerId: string, hotelCodes: readonly string[]): Promise<Map<string, HotelCodes>> {
    const nowMs = this.clock.now().getTime();
    const out = new Map<string, HotelCodes>();
    const missing: string[] = [];
    for (const hotel of hotelCodes) {
      const hit = this.cache.get(`${partnerId}:${hotel}`);
      if (hit && nowMs - hit.atMs < this.config.INBOUND_MAPPING_CODES_CACHE_MS) {
        if (hit.codes) out.set(hotel, hit.codes);
      } else missing.push(hotel);
    }
    if (missing.length === 0) return out;
    const loaded = await this.mappings.codes(partnerId, missing);
    if (this.cache.size > 50_000) this.cache.clear();
    for (const hotel of missing) {
      const codes = loaded.get(hotel) ?? null;
      this.cache.set(`${partnerId}:${hotel}`, { codes, atMs: nowMs });
      if (codes) out.set(hotel, codes);
    }
    return out;
  }
}
