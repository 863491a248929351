import type { EndpointCategory, EndpointDirection, EndpointMethod } from '@bakuun/endpoint-domain';

export interface IssueKeyInput {
  endpointId: string;
  category: EndpointCategory;
  method: EndpointMethod;
  direction: EndpointDirection;
}

export interface IssueKeyContext {
  partnerId: string;
  /** Client request id: a retry returns the same key id, without the plaintext. */
  requestId: string;
}

export interface IssuedKey {
  keyId: string;
  maskedKey: string;
  /** The plaintext key on the first answer only; empty on a retried request. */
  plaintext: string;
}
