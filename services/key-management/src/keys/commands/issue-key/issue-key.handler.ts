import { Inject, Injectable } from '@nestjs/common';
import { directionOf, keyKindOf, parseEndpointId } from '@bakuun/endpoint-domain';
import { AlreadyExistsError, ValidationError } from '@bakuun/errors';
import { createDataKey, issue, type MasterKeyring, type RandomSource } from '@bakuun/key-domain';
import type { KeyManagementConfig } from '../../../config';
import type { EndpointKeyRecord } from '../../application/endpoint-key-record';
import { mintKey } from '../../application/key-minter';
import { CLOCK, KEYS_CONFIG, MASTER_KEYRING, RANDOM_SOURCE } from '../../keys.di-tokens';
import type { Clock } from '../../ports/clock.port';
import { ApiKeyLookupRepository } from '../../persistence/api-key-lookup.repository';
import { EndpointKeysRepository } from '../../persistence/endpoint-keys.repository';
import type { IssueKeyContext, IssueKeyInput, IssuedKey } from './issue-key.command';

/**
 * The first key of an endpoint, minted when the registry adds it: a signing secret for an
 * outbound endpoint (sealed under a fresh per-endpoint data key), an API key for an inbound one
 * (stored as its digest). Idempotent by the partner's request id; the plaintext is answered once.
 */
@Injectable()
export class IssueKeyHandler {
  constructor(
    private readonly records: EndpointKeysRepository,
    private readonly lookups: ApiKeyLookupRepository,
    @Inject(MASTER_KEYRING) private readonly keyring: MasterKeyring,
    @Inject(RANDOM_SOURCE) private readonly random: RandomSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(KEYS_CONFIG) private readonly config: KeyManagementConfig,
  ) {}

  async execute(input: IssueKeyInput, context: IssueKeyContext): Promise<IssuedKey> {
    const endpointId = parseEndpointId(input.endpointId, 'endpoint_id');
    if (directionOf(input.category, input.method) !== input.direction) {
      throw new ValidationError('KEY.DIRECTION_MISMATCH', `${input.category} ${input.method} endpoints are ${directionOf(input.category, input.method)}, not ${input.direction}`, { field: 'direction' });
    }
    const earlier = await this.answerRetry(context, endpointId);
    if (earlier) return earlier;

    const now = this.clock.now();
    const kind = keyKindOf(input.direction);
    const dataKey = kind === 'SIGNING_SECRET' ? createDataKey(endpointId, this.keyring, this.random) : null;
    const minted = mintKey({ endpointId, kind, environment: this.config.KEY_ENVIRONMENT, dataKey, now }, this.keyring, this.random);
    const keys = issue({ endpointId, keyId: minted.keyId, kind, maskedKey: minted.maskedKey, now });
    const record: EndpointKeyRecord = {
      endpointId,
      partnerId: context.partnerId,
      category: input.category,
      method: input.method,
      environment: this.config.KEY_ENVIRONMENT,
      issueRequestId: context.requestId,
      issuedKeyId: minted.keyId,
      issuedMaskedKey: minted.maskedKey,
      version: 1,
      keys,
      material: { [minted.keyId]: minted.material },
      dataKey,
      pendingRoll: null,
      rolls: [],
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
      addedConfirmedAt: null,
    };
    const digest = minted.material.digest;
    if (digest) await this.lookups.add(digest, { endpointId, keyId: minted.keyId }, now);
    if (await this.records.insert(record)) return { keyId: minted.keyId, maskedKey: minted.maskedKey, plaintext: minted.plaintext };

    // Lost a race with a concurrent call: answer as a retry if it was the same request.
    if (digest) await this.lookups.remove(digest);
    const winner = await this.answerRetry(context, endpointId);
    if (winner) return winner;
    throw new AlreadyExistsError('KEY.ALREADY_ISSUED', `Endpoint ${endpointId} already has a key issued by another request`, { field: 'endpoint_id' });
  }

  /** The first answer again (without plaintext) for a retried request; a clash with another request is refused. */
  private async answerRetry(context: IssueKeyContext, endpointId: string): Promise<IssuedKey | null> {
    const byRequest = await this.records.findByIssueRequest(context.partnerId, context.requestId);
    if (byRequest && byRequest.endpointId !== endpointId) {
      throw new AlreadyExistsError('KEY.REQUEST_ID_REUSED', `request_id was already used to issue the key of another endpoint`, { field: 'request_id' });
    }
    const existing = byRequest ?? (await this.records.getForProcessing(endpointId));
    if (existing === null) return null;
    if (existing.partnerId !== context.partnerId || existing.issueRequestId !== context.requestId) {
      throw new AlreadyExistsError('KEY.ALREADY_ISSUED', `Endpoint ${endpointId} already has a key issued by another request`, { field: 'endpoint_id' });
    }
    return { keyId: existing.issuedKeyId, maskedKey: existing.issuedMaskedKey, plaintext: '' };
  }
}
