export interface RollKeyInput {
  endpointId: string;
  /** An expiry code from ListKeyExpiryChoices. */
  oldKeyExpiry: string;
  operatorId: string;
  password: string;
}

export interface RollKeyContext {
  partnerId: string;
  /** The roll's idempotency key, also the request id of the registry's RecordKeyRolled. */
  requestId: string;
}

export interface RolledKey {
  keyId: string;
  maskedKey: string;
  /** The new plaintext key on the answer that rolled it; empty when answering a retried request. */
  plaintext: string;
  oldKeyId: string;
  oldKeyExpiresAt: Date;
}
