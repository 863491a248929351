import { Inject, Injectable } from '@nestjs/common';
import { ConcurrencyError } from '@bakuun/errors';
import { shred } from '@bakuun/key-domain';
import { rememberRoll, type EndpointKeyRecord } from '../../application/endpoint-key-record';
import { ValidationCache } from '../../application/validation-cache';
import { CLOCK } from '../../keys.di-tokens';
import type { Clock } from '../../ports/clock.port';
import { ApiKeyLookupRepository } from '../../persistence/api-key-lookup.repository';
import { EndpointKeysRepository } from '../../persistence/endpoint-keys.repository';
import type { ShredEndpointKeysInput, ShredOutcome } from './shred-endpoint-keys.command';

const MAX_WRITE_ATTEMPTS = 5;

/**
 * Crypto-shredding on deletion: the endpoint's wrapped data key, every sealed secret and every
 * API key digest are removed, and no key validates again. Without the data key no copy of a
 * sealed secret can ever be opened, even with the master keys. Key ids and masked keys stay for
 * audit. Idempotent: the event may arrive more than once.
 */
@Injectable()
export class ShredEndpointKeysHandler {
  constructor(
    private readonly records: EndpointKeysRepository,
    private readonly lookups: ApiKeyLookupRepository,
    private readonly cache: ValidationCache,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(input: ShredEndpointKeysInput): Promise<ShredOutcome> {
    for (let attempt = 1; ; attempt++) {
      const record = await this.records.getForProcessing(input.endpointId);
      if (record === null) return 'UNKNOWN_ENDPOINT';
      const alreadyShredded =
        record.keys.deleted && record.dataKey === null && record.pendingRoll === null && Object.values(record.material).every((m) => m.digest === null && m.secret === null);
      if (!alreadyShredded) {
        try {
          await this.records.replace(this.shredded(record, input.deletedAt));
        } catch (error) {
          if (error instanceof ConcurrencyError && attempt < MAX_WRITE_ATTEMPTS) continue;
          throw error;
        }
      }
      // After the record says "deleted" (what validation trusts), so a crash in between is repaired by the redelivered event.
      this.cache.invalidateEndpoint(input.endpointId);
      await this.lookups.removeEndpoint(input.endpointId);
      await this.records.stripHistory(input.endpointId);
      return alreadyShredded ? 'ALREADY_SHREDDED' : 'SHREDDED';
    }
  }

  private shredded(record: EndpointKeyRecord, deletedAt: Date): EndpointKeyRecord {
    const now = this.clock.now();
    const pending = record.pendingRoll;
    const rolls = pending
      ? rememberRoll(record.rolls, {
          requestId: pending.requestId,
          keyId: pending.keyId,
          maskedKey: pending.maskedKey,
          oldKeyId: pending.oldKeyId,
          oldKeyExpiresAt: pending.recordedOldKeyExpiresAt,
          status: 'ABANDONED',
          at: now,
          reason: 'KEY.ENDPOINT_DELETED',
        })
      : record.rolls;
    return { ...record, version: record.version + 1, keys: shred(record.keys), material: {}, dataKey: null, pendingRoll: null, rolls, deletedAt, updatedAt: now };
  }
}
