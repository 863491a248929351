import { IllegalStateError, ValidationError } from '@bakuun/errors';
import { expiryFor } from './key-expiry-choices';
import { isMaskedKey, parseKeyPrefix, type KeyKind } from './key-format';
import { parseKeyId, type KeyId } from './key-id';

/** A key as key-management keeps it: id and masked form only, never plaintext. */
export interface KeyRecord {
  readonly keyId: KeyId;
  readonly kind: KeyKind;
  readonly maskedKey: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
}

export interface PreviousKey extends KeyRecord {
  /** First instant at which the key no longer works. */
  readonly expiresAt: Date;
}

/** One endpoint's keys: the current key, at most one previous key overlapping it, and whether the endpoint was deleted. */
export interface EndpointKeys {
  readonly endpointId: string;
  readonly current: KeyRecord;
  readonly previous: PreviousKey | null;
  readonly deleted: boolean;
}

export interface IssueKey {
  readonly endpointId: string;
  readonly keyId: string;
  readonly kind: KeyKind;
  readonly maskedKey: string;
  readonly now: Date;
}

export interface RollKey {
  readonly newKeyId: string;
  readonly newMaskedKey: string;
  /** An expiry code (`NOW`, `PT1H`, `PT24H`, `P3D`, `P7D`); validated here because it arrives from clients. */
  readonly oldKeyExpiry: string;
  readonly now: Date;
}

/** Refuses anything but a masked key of the expected kind, so plaintext can never slip into state. */
function checkMaskedKey(maskedKey: string, kind: KeyKind, field: string): void {
  if (!isMaskedKey(maskedKey) || parseKeyPrefix(maskedKey).kind !== kind) {
    throw new ValidationError('KEY.MASKED_KEY_INVALID', `${field} must be the masked form (prefix, "…", last 4 characters) of a ${kind} key`, { field });
  }
}

function assertNotDeleted(state: EndpointKeys): void {
  if (state.deleted) throw new IllegalStateError('KEY.ENDPOINT_DELETED', `Endpoint ${state.endpointId} was deleted; its keys were destroyed`);
}

/** The first key of an endpoint, issued when the endpoint is added. */
export function issue(command: IssueKey): EndpointKeys {
  checkMaskedKey(command.maskedKey, command.kind, 'maskedKey');
  const current: KeyRecord = { keyId: parseKeyId(command.keyId), kind: command.kind, maskedKey: command.maskedKey, createdAt: command.now, lastUsedAt: null };
  return { endpointId: command.endpointId, current, previous: null, deleted: false };
}

/**
 * Replaces the current key; the old key keeps working until `expiryFor(oldKeyExpiry, now)`.
 *
 * - Idempotent by key id: rolling to the current key id returns the state unchanged, so a retried
 *   roll neither creates a second key nor shortens the old key's overlap.
 * - Rolling to the id of the previous key is refused (`KEY.ROLL_SUPERSEDED`): it is a stale retry
 *   of an earlier roll and must not reinstate a superseded key.
 * - At most two keys are valid at once. A roll while a previous key still overlaps drops that
 *   older key: it expires immediately, and only the key being replaced gets the chosen overlap.
 */
export function roll(state: EndpointKeys, command: RollKey): EndpointKeys {
  assertNotDeleted(state);
  const newKeyId = parseKeyId(command.newKeyId, 'newKeyId');
  if (newKeyId === state.current.keyId) return state;
  if (newKeyId === state.previous?.keyId) {
    throw new IllegalStateError('KEY.ROLL_SUPERSEDED', `Key ${newKeyId} of endpoint ${state.endpointId} was already replaced by ${state.current.keyId}`, { field: 'newKeyId' });
  }
  checkMaskedKey(command.newMaskedKey, state.current.kind, 'newMaskedKey');
  const expiresAt = expiryFor(command.oldKeyExpiry, command.now);
  const current: KeyRecord = { keyId: newKeyId, kind: state.current.kind, maskedKey: command.newMaskedKey, createdAt: command.now, lastUsedAt: null };
  return { ...state, current, previous: { ...state.current, expiresAt } };
}

/** The previous key while it still overlaps the current one, else null. */
export function overlappingPreviousKey(state: EndpointKeys, now: Date): PreviousKey | null {
  const { previous } = state;
  return !state.deleted && previous !== null && now.getTime() < previous.expiresAt.getTime() ? previous : null;
}

/**
 * Expiry is enforced here, at validation time: a previous key is valid strictly before its
 * `expiresAt` and invalid from that instant on (so NOW means invalid at once). After deletion
 * no key is valid.
 */
export function isKeyValidAt(state: EndpointKeys, keyId: string, now: Date): boolean {
  if (state.deleted) return false;
  return state.current.keyId === keyId || overlappingPreviousKey(state, now)?.keyId === keyId;
}

/** Every valid key, newest first. */
export function validKeysAt(state: EndpointKeys, now: Date): KeyRecord[] {
  if (state.deleted) return [];
  const previous = overlappingPreviousKey(state, now);
  return previous === null ? [state.current] : [state.current, previous];
}

/** The secrets delivery signs with, newest first: one `v1,` signature per key during an overlap. */
export function validSigningKeysAt(state: EndpointKeys, now: Date): KeyRecord[] {
  if (state.current.kind !== 'SIGNING_SECRET') {
    throw new IllegalStateError('KEY.NOT_SIGNING_SECRET', `Endpoint ${state.endpointId} is inbound; it checks an API key and signs nothing`);
  }
  return validKeysAt(state, now);
}

/**
 * Records a use at `at`. Uses arrive batched and out of order, so lastUsedAt only moves forward.
 * A use of a key no longer held (dropped or unknown) or of a deleted endpoint changes nothing;
 * the same state object is returned whenever nothing changes.
 */
export function recordUse(state: EndpointKeys, keyId: string, at: Date): EndpointKeys {
  if (state.deleted) return state;
  const later = <K extends KeyRecord>(key: K): K =>
    key.keyId === keyId && (key.lastUsedAt === null || key.lastUsedAt.getTime() < at.getTime()) ? { ...key, lastUsedAt: at } : key;
  const current = later(state.current);
  const previous = state.previous === null ? null : later(state.previous);
  return current === state.current && previous === state.previous ? state : { ...state, current, previous };
}

/**
 * Deletion: every key becomes invalid for good (the caller also destroys the data key). Key ids
 * and masked keys stay for audit. Idempotent.
 */
export function shred(state: EndpointKeys): EndpointKeys {
  return state.deleted ? state : { ...state, deleted: true };
}
