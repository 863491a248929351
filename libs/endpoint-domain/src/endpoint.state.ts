import type { EndpointCategory, EndpointDirection, EndpointMethod } from './endpoint-category';
import type { EndpointId } from './endpoint-id';
import type { SuspensionReason } from './suspension-reason';

/** What the rules need to know about an existing endpoint. */
export interface EndpointFacts {
  readonly endpointId: EndpointId;
  readonly partnerId: string;
  readonly category: EndpointCategory;
  readonly method: EndpointMethod;
  readonly direction: EndpointDirection;
  readonly url: string | null;
  readonly apiVersion: string;
  readonly keyId: string;
  readonly maskedKey: string;
}

export type EndpointState =
  | { readonly status: 'NEW' }
  | (EndpointFacts & { readonly status: 'TO_SET' })
  | (EndpointFacts & { readonly status: 'ACTIVE' })
  | (EndpointFacts & { readonly status: 'SUSPENDED'; readonly suspension: SuspensionReason })
  /** Kept whole so audit replay can still show what was deleted. */
  | (EndpointFacts & { readonly status: 'DELETED' });

export type EndpointStatus = EndpointState['status'];
export type ExistingEndpointState = Exclude<EndpointState, { status: 'NEW' }>;
export type LiveEndpointState = Exclude<ExistingEndpointState, { status: 'DELETED' }>;
