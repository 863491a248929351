import type { EndpointCategory, EndpointDirection, EndpointId, EndpointMethod } from '@bakuun/endpoint-domain';

export interface IssueKeyRequest {
  requestId: string;
  endpointId: EndpointId;
  partnerId: string;
  category: EndpointCategory;
  method: EndpointMethod;
  direction: EndpointDirection;
}

export interface IssuedKey {
  keyId: string;
  maskedKey: string;
  /** Shown to the operator once; never stored by the registry, never in an event. */
  plaintext: string;
}

/** Key management's IssueKey, as the registry needs it. */
export interface KeyIssuer {
  issueKey(request: IssueKeyRequest): Promise<IssuedKey>;
}
