import { Inject, Injectable } from '@nestjs/common';
import { UnauthenticatedError } from '@bakuun/errors';
import { digestApiKey, digestsEqual, isKeyValidAt, isWellFormedKey, overlappingPreviousKey, parseKeyPrefix } from '@bakuun/key-domain';
import type { KeyManagementConfig } from '../../../config';
import { materialOf } from '../../application/endpoint-key-record';
import { LastUseBatcher } from '../../application/last-use.batcher';
import { ValidationCache, type ValidatedApiKey } from '../../application/validation-cache';
import { CLOCK, KEYS_CONFIG } from '../../keys.di-tokens';
import type { Clock } from '../../ports/clock.port';
import { ApiKeyLookupRepository } from '../../persistence/api-key-lookup.repository';
import { EndpointKeysRepository } from '../../persistence/endpoint-keys.repository';

/** The one answer for every refused key, so callers learn nothing about why. */
export function apiKeyRejected(): UnauthenticatedError {
  return new UnauthenticatedError('KEY.API_KEY_REJECTED', 'The API key was rejected');
}

/**
 * The inbound hot path: presented key → endpoint, partner, category, method.
 *
 * Malformed keys and keys of another environment are refused without I/O; then the SHA-256
 * digest is looked up (cache, else by `_id`), and validity is decided by the endpoint's record at
 * this instant: current key, or previous key strictly before its expiry, never after deletion.
 * Unknown, expired, revoked and pending keys all get {@link apiKeyRejected}. Uses are batched.
 */
@Injectable()
export class ValidateApiKeyQuery {
  constructor(
    private readonly records: EndpointKeysRepository,
    private readonly lookups: ApiKeyLookupRepository,
    private readonly cache: ValidationCache,
    private readonly lastUse: LastUseBatcher,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(KEYS_CONFIG) private readonly config: KeyManagementConfig,
  ) {}

  async execute(apiKey: string): Promise<ValidatedApiKey> {
    if (!isWellFormedKey(apiKey)) throw apiKeyRejected();
    const prefix = parseKeyPrefix(apiKey);
    if (prefix.kind !== 'API_KEY' || prefix.environment !== this.config.KEY_ENVIRONMENT) throw apiKeyRejected();
    const now = this.clock.now();
    const nowMs = now.getTime();
    const digest = digestApiKey(apiKey);

    const cached = this.cache.get(digest, nowMs);
    if (cached !== null) {
      // A previous key's expiry never moves later, so a cached expiry is final.
      if (cached.validUntilMs !== null && nowMs >= cached.validUntilMs) throw apiKeyRejected();
      this.lastUse.record(cached.endpointId, cached.keyId, now);
      return cached;
    }

    const ticket = this.cache.ticket();
    const lookup = await this.lookups.find(digest);
    if (lookup === null) throw apiKeyRejected();
    const record = await this.records.getForProcessing(lookup.endpointId);
    if (record === null || !isKeyValidAt(record.keys, lookup.keyId, now)) throw apiKeyRejected();
    const stored = materialOf(record, lookup.keyId).digest;
    if (stored === null || !digestsEqual(stored, digest)) throw apiKeyRejected();

    const previous = overlappingPreviousKey(record.keys, now);
    const validated: ValidatedApiKey = {
      endpointId: record.endpointId,
      partnerId: record.partnerId,
      category: record.category,
      method: record.method,
      keyId: lookup.keyId,
      validUntilMs: previous?.keyId === lookup.keyId ? previous.expiresAt.getTime() : null,
    };
    this.cache.set(digest, validated, nowMs, ticket);
    this.lastUse.record(validated.endpointId, validated.keyId, now);
    return validated;
  }
}
