import { Inject, Injectable } from '@nestjs/common';
import type { InboundEdgeConfig } from '../../config';
import { Bucket, takeToken, TakeResult } from '../../rules/token-bucket';
import { CLOCK, Clock, INBOUND_CONFIG } from '../inbound.di-tokens';

/** One token bucket per API key (by key id), in this process's memory: with N edge instances behind a balancer a key gets up to N times the rate. */
@Injectable()
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    @Inject(INBOUND_CONFIG) private readonly config: InboundEdgeConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  take(keyId: string): TakeResult {
    const result = takeToken(this.buckets.get(keyId), this.clock.now().getTime(), { ratePerSecond: this.config.INBOUND_RATE_LIMIT_PER_SECOND, burst: this.config.INBOUND_RATE_LIMIT_BURST });
    if (this.buckets.size > 100_000 && !this.buckets.has(keyId)) this.buckets.clear();
    this.buckets.set(keyId, result.bucket);
    return result;
  }
}
