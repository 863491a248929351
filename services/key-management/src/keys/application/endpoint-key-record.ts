import type { EndpointCategory, EndpointMethod } from '@bakuun/endpoint-domain';
import type { ApiKeyDigest, EncryptedSecret, EndpointKeys, KeyEnvironment, KeyExpiryCode, KeyId, WrappedDataKey } from '@bakuun/key-domain';

/** What stands behind a key id: the digest of an API key, or the sealed signing secret. Never plaintext. */
export interface KeyMaterial {
  readonly digest: ApiKeyDigest | null;
  readonly secret: EncryptedSecret | null;
}

/** A new key stored before the registry recorded the roll; it is valid only once committed. */
export interface PendingRoll {
  readonly requestId: string;
  readonly keyId: KeyId;
  readonly maskedKey: string;
  readonly material: KeyMaterial;
  readonly preparedAt: Date;
  readonly oldKeyId: string;
  readonly oldKeyExpiry: KeyExpiryCode;
  /** The old key's expiry as sent to the registry (see RollCompletion for NOW). */
  readonly recordedOldKeyExpiresAt: Date;
  readonly operatorId: string;
  readonly attempts: number;
  readonly lastAttemptAt: Date | null;
}

export type RollStatus = 'COMMITTED' | 'ABANDONED';

/** The endpoint's recent rolls, so a retried RollKey (same request id) finds its first outcome. */
export interface RollHistoryEntry {
  readonly requestId: string;
  readonly keyId: string;
  readonly maskedKey: string;
  readonly oldKeyId: string;
  readonly oldKeyExpiresAt: Date;
  readonly status: RollStatus;
  readonly at: Date;
  /** Error code of the refusal when abandoned. */
  readonly reason: string | null;
}

/** Rolls remembered per endpoint for idempotency; older request ids are refused as unknown. */
export const ROLL_HISTORY_LIMIT = 20;

/**
 * One endpoint's keys as key management stores them: the domain state (`keys`), the material of
 * its current and previous keys, the wrapped data key (null once shredded), at most one pending
 * roll, and a version for optimistic concurrency (every write replaces the whole document if the
 * version is unchanged).
 */
export interface EndpointKeyRecord {
  readonly endpointId: string;
  readonly partnerId: string;
  readonly category: EndpointCategory;
  readonly method: EndpointMethod;
  readonly environment: KeyEnvironment;
  readonly issueRequestId: string;
  /** The key IssueKey minted, so a retried IssueKey answers with it even after rolls. */
  readonly issuedKeyId: string;
  readonly issuedMaskedKey: string;
  readonly version: number;
  readonly keys: EndpointKeys;
  readonly material: Readonly<Record<string, KeyMaterial>>;
  readonly dataKey: WrappedDataKey | null;
  readonly pendingRoll: PendingRoll | null;
  readonly rolls: readonly RollHistoryEntry[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly deletedAt: Date | null;
  /** When the registry's EndpointAdded for this key arrived. */
  readonly addedConfirmedAt: Date | null;
}

export const NO_MATERIAL: KeyMaterial = Object.freeze({ digest: null, secret: null });

export function materialOf(record: EndpointKeyRecord, keyId: string): KeyMaterial {
  return record.material[keyId] ?? NO_MATERIAL;
}

export function rememberRoll(rolls: readonly RollHistoryEntry[], entry: RollHistoryEntry): RollHistoryEntry[] {
  return [...rolls.filter((r) => r.requestId !== entry.requestId), entry].slice(-ROLL_HISTORY_LIMIT);
}
