import { Schema } from 'mongoose';

/**
 * One document per endpoint (`_id` = endpoint id), always written whole and guarded by
 * `version`. No plaintext key is ever stored: API keys as a SHA-256 digest, signing secrets
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

const sealedBox = new Schema<SealedBoxDocument>(
  { algorithm: { type: String, required: true }, iv: { type: String, required: true }, ciphertext: { type: String, required: true }, tag: { type: String, required: true } },
  { _id: false },
);

const keyFields = {
  keyId: { type: String, required: true },
  maskedKey: { type: String, required: true },
  createdAt: { type: Date, required: true },
  digest: { type: String, default: null },
  secret: { type: sealedBox, default: null },
};

const key = new Schema<KeyDocument>(keyFields, { _id: false });
const previousKey = new Schema<PreviousKeyDocument>({ ...keyFields, expiresAt: { type: Date, required: true } }, { _id: false });

const pendingRoll = new Schema<PendingRollDocument>(
  {
    requestId: { type: String, required: true },
    keyId: { type: String, required: true },
    maskedKey: { type: String, required: true },
    digest: { type: String, default: null },
    secret: { type: sealedBox, default: null },
    preparedAt: { type: Date, required: true },
    oldKeyId: { type: String, required: true },
    oldKeyExpiry: { type: String, required: true },
    recordedOldKeyExpiresAt: { type: Date, required: true },
    operatorId: { type: String, required: true },
    attempts: { type: Number, required: true },
    lastAttemptAt: { type: Date, default: null },
  },
  { _id: false },
);

const rollEntry = new Schema<RollEntryDocument>(
  {
    requestId: { type: String, required: true },
    keyId: { type: String, required: true },
    maskedKey: { type: String, required: true },
    oldKeyId: { type: String, required: true },
    oldKeyExpiresAt: { type: Date, required: true },
    status: { type: String, required: true },
    at: { type: Date, required: true },
    reason: { type: String, default: null },
  },
  { _id: false },
);

const dataKey = new Schema<DataKeyDocument>({ masterKeyId: { type: String, required: true }, sealed: { type: sealedBox, required: true } }, { _id: false });

export const endpointKeysSchema = new Schema<EndpointKeysDocument>(
  {
    _id: { type: String, required: true },
    partnerId: { type: String, required: true },
    category: { type: String, required: true },
    method: { type: String, required: true },
    kind: { type: String, required: true },
    environment: { type: String, required: true },
    issueRequestId: { type: String, required: true },
    issuedKeyId: { type: String, required: true },
    issuedMaskedKey: { type: String, required: true },
    version: { type: Number, required: true },
    current: { type: key, required: true },
    previous: { type: previousKey, default: null },
    deleted: { type: Boolean, required: true },
    deletedAt: { type: Date, default: null },
    dataKey: { type: dataKey, default: null },
    pendingRoll: { type: pendingRoll, default: null },
    rollPendingSince: { type: Date, default: null },
    rolls: { type: [rollEntry], default: [] },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    addedConfirmedAt: { type: Date, default: null },
  },
  { versionKey: false, minimize: false, collection: 'endpoint_keys' },
);

endpointKeysSchema.index({ partnerId: 1, issueRequestId: 1 }, { unique: true, name: 'partner_issue_request_unique' });
endpointKeysSchema.index({ rollPendingSince: 1 }, { name: 'roll_pending_since' });
