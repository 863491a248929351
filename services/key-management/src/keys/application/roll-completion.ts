import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConcurrencyError, type DomainError } from '@bakuun/errors';
import { roll } from '@bakuun/key-domain';
import { CLOCK, KEY_ROLL_RECORDER } from '../keys.di-tokens';
import type { Clock } from '../ports/clock.port';
import { KeyRollNotRecorded, type KeyRollRecorder } from '../ports/key-roll-recorder.port';
import { ApiKeyLookupRepository } from '../persistence/api-key-lookup.repository';
import { EndpointKeysRepository } from '../persistence/endpoint-keys.repository';
import { EndpointKeyRecord, materialOf, rememberRoll, RollHistoryEntry } from './endpoint-key-record';
import { localOldKeyExpiryBase } from './roll-expiry';
import { ValidationCache } from './validation-cache';

export type RollOutcome =
  | { readonly kind: 'COMMITTED'; readonly entry: RollHistoryEntry }
  /** The registry refused the roll; the new key's material is gone and the old key stays current. */
  | { readonly kind: 'ABANDONED'; readonly error: DomainError }
  /** The registry did not answer; the roll stays pending (old key current) and recovery retries it. */
  | { readonly kind: 'PENDING'; readonly cause: unknown };

/** Version conflicts while committing or abandoning are retried after a reload this many times. */
const MAX_WRITE_ATTEMPTS = 5;

/**
 * The second half of a roll, shared by RollKey, roll recovery and the EndpointKeyRolled consumer.
 *
 * The new key is stored as pending first and is not valid while pending. RecordKeyRolled is
 * idempotent by the roll's request id, so asking again is always safe:
 * - recorded → commit: the new key becomes current, the old one previous until its expiry;
 * - refused  → abandon: the pending key and its material are dropped (no orphan key), nothing else changes;
 * - no answer → stay pending: the old key stays current until a retry, or the registry's
 *   EndpointKeyRolled event, settles it.
 * Every write is a whole-document replace guarded by the record's version, so two settlers of
 * the same roll (an instance's RollKey, another's recovery, the consumer) cannot both win.
 */
@Injectable()
export class RollCompletion {
  private readonly logger = new Logger(RollCompletion.name);

  constructor(
    private readonly records: EndpointKeysRepository,
    private readonly lookups: ApiKeyLookupRepository,
    private readonly cache: ValidationCache,
    @Inject(KEY_ROLL_RECORDER) private readonly recorder: KeyRollRecorder,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async complete(record: EndpointKeyRecord): Promise<RollOutcome> {
    const pending = record.pendingRoll;
    if (pending === null) throw new Error(`Endpoint ${record.endpointId} has no pending roll to complete`);
    try {
      await this.recorder.recordKeyRolled({
        requestId: pending.requestId,
        partnerId: record.partnerId,
        endpointId: record.endpointId,
        newKeyId: pending.keyId,
        maskedKey: pending.maskedKey,
        oldKeyId: pending.oldKeyId,
        oldKeyExpiresAt: pending.recordedOldKeyExpiresAt,
      });
    } catch (error) {
      if (error instanceof KeyRollNotRecorded && error.outcome === 'refused' && error.refusal !== null) {
        await this.abandon(record.endpointId, pending.requestId, error.refusal.code);
        return { kind: 'ABANDONED', error: error.refusal };
      }
      await this.noteAttempt(record.endpointId, pending.requestId);
      return { kind: 'PENDING', cause: error };
    }
    const entry = await this.commit(record.endpointId, pending.requestId);
    if (entry === null) throw new Error(`Roll ${pending.requestId} of endpoint ${record.endpointId} vanished after the registry recorded it`);
    return { kind: 'COMMITTED', entry };
  }

  /** The registry recorded this key roll (its EndpointKeyRolled event): commit it if it is still pending here. */
  async commitRecordedKey(endpointId: string, newKeyId: string): Promise<RollHistoryEntry | null> {
    const record = await this.records.getForProcessing(endpointId);
    if (record?.pendingRoll?.keyId !== newKeyId) return null;
    return this.commit(endpointId, record.pendingRoll.requestId);
  }

  /** Makes the pending roll current. Idempotent: a roll already committed returns its entry; an abandoned or unknown one, null. */
  async commit(endpointId: string, requestId: string): Promise<RollHistoryEntry | null> {
    for (let attempt = 1; ; attempt++) {
      const record = await this.records.getForProcessing(endpointId);
      if (record === null) return null;
      const settled = record.rolls.find((r) => r.requestId === requestId);
      if (settled) return settled.status === 'COMMITTED' ? settled : null;
      const pending = record.pendingRoll;
      if (pending?.requestId !== requestId) return null;
      const now = this.clock.now();
      const keys = roll(record.keys, {
        newKeyId: pending.keyId,
        newMaskedKey: pending.maskedKey,
        oldKeyExpiry: pending.oldKeyExpiry,
        now: localOldKeyExpiryBase(pending.oldKeyExpiry, pending.preparedAt, now),
      });
      const previous = keys.previous!;
      const dropped = record.keys.previous;
      const entry: RollHistoryEntry = {
        requestId,
        keyId: pending.keyId,
        maskedKey: pending.maskedKey,
        oldKeyId: previous.keyId,
        oldKeyExpiresAt: previous.expiresAt,
        status: 'COMMITTED',
        at: now,
        reason: null,
      };
      const next: EndpointKeyRecord = {
        ...record,
        version: record.version + 1,
        keys,
        material: { [keys.current.keyId]: pending.material, [previous.keyId]: materialOf(record, previous.keyId) },
        pendingRoll: null,
        rolls: rememberRoll(record.rolls, entry),
        updatedAt: now,
      };
      try {
        await this.records.replace(next);
      } catch (error) {
        if (error instanceof ConcurrencyError && attempt < MAX_WRITE_ATTEMPTS) continue;
        throw error;
      }
      this.cache.invalidateEndpoint(endpointId);
      const droppedDigest = dropped ? materialOf(record, dropped.keyId).digest : null;
      if (droppedDigest) await this.lookups.remove(droppedDigest);
      this.logger.log(`Key roll ${requestId} of endpoint ${endpointId} committed: ${entry.keyId} is current, ${entry.oldKeyId} expires at ${entry.oldKeyExpiresAt.toISOString()}`);
      return entry;
    }
  }

  /** Drops the pending roll and its key material; the current key is untouched. Idempotent. */
  async abandon(endpointId: string, requestId: string, reason: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const record = await this.records.getForProcessing(endpointId);
      const pending = record?.pendingRoll;
      if (record === null || pending?.requestId !== requestId) return;
      const now = this.clock.now();
      const entry: RollHistoryEntry = {
        requestId,
        keyId: pending.keyId,
        maskedKey: pending.maskedKey,
        oldKeyId: pending.oldKeyId,
        oldKeyExpiresAt: pending.recordedOldKeyExpiresAt,
        status: 'ABANDONED',
        at: now,
        reason,
      };
      try {
        await this.records.replace({ ...record, version: record.version + 1, pendingRoll: null, rolls: rememberRoll(record.rolls, entry), updatedAt: now });
      } catch (error) {
        if (error instanceof ConcurrencyError && attempt < MAX_WRITE_ATTEMPTS) continue;
        throw error;
      }
      if (pending.material.digest) await this.lookups.remove(pending.material.digest);
      this.logger.warn(`Key roll ${requestId} of endpoint ${endpointId} abandoned (${reason}); key ${pending.keyId} was never valid`);
      return;
    }
  }

  /** Counts a failed attempt on the pending roll (for operators and metrics); a lost race is simply skipped. */
  private async noteAttempt(endpointId: string, requestId: string): Promise<void> {
    const record = await this.records.getForProcessing(endpointId);
    const pending = record?.pendingRoll;
    if (record === null || pending?.requestId !== requestId) return;
    const now = this.clock.now();
    try {
      await this.records.replace({ ...record, version: record.version + 1, pendingRoll: { ...pending, attempts: pending.attempts + 1, lastAttemptAt: now }, updatedAt: now });
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
    }
  }
}
