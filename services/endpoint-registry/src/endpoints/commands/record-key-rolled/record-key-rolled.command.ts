import type { EndpointId } from '@bakuun/endpoint-domain';

/** Sent by key management once the new key is stored. */
export interface RecordKeyRolledInput {
  endpointId: EndpointId;
  newKeyId: string;
  maskedKey: string;
  oldKeyId: string;
  oldKeyExpiresAt: Date;
}
