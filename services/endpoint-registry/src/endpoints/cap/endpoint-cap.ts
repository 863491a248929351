import { Injectable } from '@nestjs/common';
import { EndpointCategory, EndpointId, EndpointMethod, MAX_ENDPOINTS_PER_PARTNER_CATEGORY, planAddEndpoints } from '@bakuun/endpoint-domain';
import { EndpointCommandRunner } from '../application/endpoint-command-runner';
import { EndpointSlotsRepository } from './endpoint-slots.repository';

/** A claim older than this whose endpoint never appeared (the adding process died) is given back. */
export const ABANDONED_CLAIM_AFTER_MS = 60_000;

export interface SlotClaim {
  endpointId: EndpointId;
  /** Null: the endpoint already held a slot (a retried request). */
  slot: number | null;
}

/**
 * The cap on live endpoints per partner and category, safe under concurrent AddEndpoints in any
 * number of processes: each endpoint holds one numbered slot (an insert-only document), so at
 * most MAX_ENDPOINTS_PER_PARTNER_CATEGORY can exist. Deleting an endpoint gives its slot back.
 * When every slot is held, the holders are checked once: slots of deleted endpoints, of a second
 * slot of the same endpoint, and claims abandoned by a dead process are given back.
 */
@Injectable()
export class EndpointCap {
  constructor(
    private readonly slots: EndpointSlotsRepository,
    private readonly runner: EndpointCommandRunner,
  ) {}

  /** One slot per endpoint, all or none; refused with the domain's ENDPOINT.LIMIT_REACHED. */
  async claim(partnerId: string, category: EndpointCategory, endpoints: { endpointId: EndpointId; method: EndpointMethod }[], now: Date): Promise<SlotClaim[]> {
    const claims: SlotClaim[] = [];
    for (const { endpointId } of endpoints) {
      const claim = await this.claimOne(partnerId, category, endpointId, now);
      if (!claim) {
        await this.release(partnerId, category, claims);
        planAddEndpoints({ category, methods: endpoints.map((e) => e.method), existingEndpointCount: MAX_ENDPOINTS_PER_PARTNER_CATEGORY - claims.length });
        throw new Error('unreachable: the limit check above refuses');
      }
      claims.push(claim);
    }
    return claims;
  }

  async release(partnerId: string, category: EndpointCategory, claims: SlotClaim[]): Promise<void> {
    for (const c of claims) if (c.slot !== null) await this.slots.release(partnerId, category, c.slot, c.endpointId);
  }

  async releaseAll(partnerId: string, endpointId: EndpointId): Promise<void> {
    await this.slots.releaseAll(partnerId, endpointId);
  }

  private async claimOne(partnerId: string, category: EndpointCategory, endpointId: EndpointId, now: Date): Promise<SlotClaim | null> {
    for (let pass = 0; pass < 2; pass++) {
      for (let slot = 1; slot <= MAX_ENDPOINTS_PER_PARTNER_CATEGORY; slot++) {
        if (await this.slots.tryClaim(partnerId, category, slot, endpointId, now)) return { endpointId, slot };
      }
      const held = await this.slots.held(partnerId, category);
      if (held.some((h) => h.endpointId === endpointId)) return { endpointId, slot: null };
      if (pass === 0 && !(await this.giveBackStale(partnerId, category, held, now))) return null;
    }
    return null;
  }

  /** Gives back slots nobody legitimately holds; true if any was freed. */
  private async giveBackStale(partnerId: string, category: EndpointCategory, held: { slot: number; endpointId: string; claimedAt: Date }[], now: Date): Promise<boolean> {
    let freed = false;
    const seen = new Set<string>();
    for (const h of held) {
      const duplicate = seen.has(h.endpointId);
      seen.add(h.endpointId);
      let stale = duplicate;
      if (!stale && now.getTime() - h.claimedAt.getTime() > ABANDONED_CLAIM_AFTER_MS) {
        const { view } = await this.runner.load(h.endpointId as EndpointId, partnerId);
        stale = !view || view.status === 'DELETED';
      }
      if (stale) {
        await this.slots.release(partnerId, category, h.slot, h.endpointId);
        freed = true;
      }
    }
    return freed;
  }
}
