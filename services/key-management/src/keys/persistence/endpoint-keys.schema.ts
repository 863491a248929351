/**
 * The shape of one endpoint's keys as stored (one revision per write, see
 * VersionedDocuments; `_id` = endpoint id). No plaintext key is ever stored: API keys as a SHA-256 digest, signing secrets
 * sealed (AES-256-GCM) under the endpoint's data key, which is itself wrapped by a master key
 * and removed on deletion (crypto-shredding). Sub-documents only, no nested arrays (FerretDB v1).
 */
export interface SealedBoxDocument {
  algorithm: 'A256GCM';
  iv: string;
  ciphertext: string;
  tag: string;
}

export interface KeyDocument {
  keyId: string;
  maskedKey: string;
  createdAt: Date;
  digest: string | null;
  secret: SealedBoxDocument | null;
}

export interface PreviousKeyDocument extends KeyDocument {
  expiresAt: Date;
}

export interface PendingRollDocument {
  requestId: string;
  keyId: string;
  maskedKey: string;
  digest: string | null;
  secret: SealedBoxDocument | null;
  preparedAt: Date;
  oldKeyId: string;
  oldKeyExpiry: string;
  recordedOldKeyExpiresAt: Date;
  operatorId: string;
  attempts: number;
  lastAttemptAt: Date | null;
}

export interface RollEntryDocument {
  requestId: string;
  keyId: string;
  maskedKey: string;
  oldKeyId: string;
  oldKeyExpiresAt: Date;
  status: string;
  at: Date;
  reason: string | null;
}

export interface DataKeyDocument {
  masterKeyId: string;
  sealed: SealedBoxDocument;
}

export interface EndpointKeysDocument {
  _id: string;
  partnerId: string;
  category: string;
  method: string;
  kind: string;
  environment: string;
  issueRequestId: string;
  issuedKeyId: string;
  issuedMaskedKey: string;
  version: number;
  current: KeyDocument;
  previous: PreviousKeyDocument | null;
  deleted: boolean;
  deletedAt: Date | null;
  dataKey: DataKeyDocument | null;
  pendingRoll: PendingRollDocument | null;
  /** Top-level copy of pendingRoll.preparedAt, so recovery finds pending rolls by one indexed field. */
  rollPendingSince: Date | null;
  rolls: RollEntryDocument[];
  createdAt: Date;
  updatedAt: Date;
  addedConfirmedAt: Date | null;
}
