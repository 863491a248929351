import { Inject, Injectable } from '@nestjs/common';
import { parseEndpointId } from '@bakuun/endpoint-domain';
import { ConcurrencyError, IllegalStateError, NotFoundError, UnavailableError } from '@bakuun/errors';
import { parseKeyExpiryCode, roll, type KeyExpiryCode, type MasterKeyring, type RandomSource } from '@bakuun/key-domain';
import type { KeyManagementConfig } from '../../../config';
import type { EndpointKeyRecord, PendingRoll, RollHistoryEntry } from '../../application/endpoint-key-record';
import { mintKey, type MintedKey } from '../../application/key-minter';
import { OperatorPasswordConfirmer } from '../../application/operator-password.confirmer';
import { RollCompletion, type RollOutcome } from '../../application/roll-completion';
import { expiryToRecord } from '../../application/roll-expiry';
import { RollInProgressError } from '../../application/roll-in-progress.error';
import { CLOCK, KEYS_CONFIG, MASTER_KEYRING, RANDOM_SOURCE } from '../../keys.di-tokens';
import type { Clock } from '../../ports/clock.port';
import { ApiKeyLookupRepository } from '../../persistence/api-key-lookup.repository';
import { EndpointKeysRepository } from '../../persistence/endpoint-keys.repository';
import type { RolledKey, RollKeyContext, RollKeyInput } from './roll-key.command';

const MAX_STORE_ATTEMPTS = 5;

/**
 * Key rotation, crash-safe across two services without a distributed transaction:
 *
 * 1. confirm the operator's password (lockout persisted);
 * 2. store the new key as the endpoint's *pending* roll (one at a time, version-guarded, so of two
 *    concurrent rolls one wins); a pending key is not valid anywhere;
 * 3. have the registry record EndpointKeyRolled (request id = this roll's);
 * 4. commit: the new key becomes current, the old key stays valid until the chosen expiry.
 *
 * If the process dies after 2, or the registry does not answer in 3, the old key stays current
 * and the roll is settled later by RollRecoveryLoop (retry, then commit or abandon) or by the
 * registry's EndpointKeyRolled event. The plaintext is answered only by the call that minted it.
 */
@Injectable()
export class RollKeyHandler {
  constructor(
    private readonly records: EndpointKeysRepository,
    private readonly lookups: ApiKeyLookupRepository,
    private readonly passwords: OperatorPasswordConfirmer,
    private readonly completion: RollCompletion,
    @Inject(MASTER_KEYRING) private readonly keyring: MasterKeyring,
    @Inject(RANDOM_SOURCE) private readonly random: RandomSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(KEYS_CONFIG) private readonly config: KeyManagementConfig,
  ) {}

  async execute(input: RollKeyInput, context: RollKeyContext): Promise<RolledKey> {
    const endpointId = parseEndpointId(input.endpointId, 'endpoint_id');
    const oldKeyExpiry = parseKeyExpiryCode(input.oldKeyExpiry, 'old_key_expiry');
    await this.passwords.confirm(context.partnerId, input.operatorId, input.password, this.clock.now());

    const record = await this.records.get(context.partnerId, endpointId);
    if (record === null) throw new NotFoundError('KEY.ENDPOINT_NOT_FOUND', `Endpoint ${endpointId} has no keys`, { field: 'endpoint_id' });
    const earlier = record.rolls.find((r) => r.requestId === context.requestId);
    if (earlier) return replay(earlier, endpointId);
    if (record.pendingRoll?.requestId === context.requestId) return answer(await this.completion.complete(record), null);
    if (record.keys.deleted) throw new IllegalStateError('KEY.ENDPOINT_DELETED', `Endpoint ${endpointId} was deleted; its keys were destroyed`, { field: 'endpoint_id' });
    if (record.pendingRoll !== null) throw new RollInProgressError(endpointId);

    const now = this.clock.now();
    const minted = mintKey({ endpointId, kind: record.keys.current.kind, environment: record.environment, dataKey: record.dataKey, now }, this.keyring, this.random);
    roll(record.keys, { newKeyId: minted.keyId, newMaskedKey: minted.maskedKey, oldKeyExpiry, now });
    const pending = this.pendingRoll(record, minted, oldKeyExpiry, input.operatorId, context.requestId, now);
    return answer(await this.completion.complete(await this.storePending(record, pending)), minted);
  }

  private pendingRoll(record: EndpointKeyRecord, minted: MintedKey, oldKeyExpiry: KeyExpiryCode, operatorId: string, requestId: string, now: Date): PendingRoll {
    return {
      requestId,
      keyId: minted.keyId,
      maskedKey: minted.maskedKey,
      material: minted.material,
      preparedAt: now,
      oldKeyId: record.keys.current.keyId,
      oldKeyExpiry,
      recordedOldKeyExpiresAt: expiryToRecord(oldKeyExpiry, now, this.config.REGISTRY_CALL_TIMEOUT_MS),
      operatorId,
      attempts: 0,
      lastAttemptAt: null,
    };
  }

  /**
   * Step 2. The digest lookup goes first: it opens nothing until the record says the key is valid.
   * A version conflict is a lost race only if another roll got in; a write that merely touched the
   * record (the EndpointAdded confirmation, a recovery attempt count) is retried on the fresh record.
   */
  private async storePending(record: EndpointKeyRecord, pendingRoll: PendingRoll): Promise<EndpointKeyRecord> {
    const digest = pendingRoll.material.digest;
    if (digest) await this.lookups.add(digest, { endpointId: record.endpointId, keyId: pendingRoll.keyId }, pendingRoll.preparedAt);
    let base = record;
    for (let attempt = 1; ; attempt++) {
      const prepared: EndpointKeyRecord = { ...base, version: base.version + 1, pendingRoll, updatedAt: pendingRoll.preparedAt };
      try {
        await this.records.replace(prepared);
        return prepared;
      } catch (error) {
        const fresh = error instanceof ConcurrencyError && attempt < MAX_STORE_ATTEMPTS ? await this.records.get(record.partnerId, record.endpointId) : null;
        if (fresh !== null && fresh.pendingRoll === null && !fresh.keys.deleted && fresh.keys.current.keyId === record.keys.current.keyId) {
          base = fresh;
          continue;
        }
        if (digest) await this.lookups.remove(digest);
        if (error instanceof ConcurrencyError) throw new RollInProgressError(record.endpointId, { cause: error });
        throw error;
      }
    }
  }
}

function replay(entry: RollHistoryEntry, endpointId: string): RolledKey {
  if (entry.status === 'ABANDONED') {
    throw new IllegalStateError('KEY.ROLL_ABANDONED', `Key roll request of endpoint ${endpointId} was abandoned (${entry.reason ?? 'refused'}); roll again with a new request id`, {
      field: 'request_id',
    });
  }
  return { keyId: entry.keyId, maskedKey: entry.maskedKey, plaintext: '', oldKeyId: entry.oldKeyId, oldKeyExpiresAt: entry.oldKeyExpiresAt };
}

function answer(outcome: RollOutcome, minted: MintedKey | null): RolledKey {
  switch (outcome.kind) {
    case 'COMMITTED':
      return { ...replay(outcome.entry, ''), plaintext: minted?.plaintext ?? '' };
    case 'ABANDONED':
      throw outcome.error;
    case 'PENDING':
      throw new UnavailableError(
        'KEY.ROLL_NOT_CONFIRMED',
        'The endpoint registry did not confirm the key roll; the current key stays valid and the roll will be completed or abandoned automatically',
        { cause: outcome.cause },
      );
    default:
      return outcome satisfies never;
  }
}
