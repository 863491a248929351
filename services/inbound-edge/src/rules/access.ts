import type { EndpointCategory, EndpointMethod, EndpointView } from '@bakuun/endpoint-domain';
import { problem, type Problem } from './problem';

/** The two routes the edge serves, by the endpoint kind they belong to (DESIGN.md §1). */
export type InboundRoute = 'BOOKING_PUSH' | 'MAPPING_READ';

export const ROUTE_KIND: Record<InboundRoute, { category: EndpointCategory; method: EndpointMethod }> = {
  BOOKING_PUSH: { category: 'BOOKING', method: 'PUSH' },
  MAPPING_READ: { category: 'MAPPING', method: 'READ' },
};

/** What key management said about the presented key. */
export interface ValidatedKey {
  readonly endpointId: string;
  readonly partnerId: string;
  readonly category: EndpointCategory;
  readonly method: EndpointMethod;
  readonly keyId: string;
}

const UNAUTHENTICATED = problem('unauthenticated', 'Send the endpoint API key in the X-Api-Key header (or Authorization: Bearer).');
const NOT_FOUND = problem('endpoint-not-found', 'No endpoint at this URL for this API key.');

/**
 * Before key management is asked: no key is 401; an endpoint the view knows as DELETED is 404
 * (its keys were destroyed with it, so its key can no longer be recognised, and the answer
 * must not turn into 401).
 */
export function beforeValidation(presentedKey: string | undefined, pathEndpoint: EndpointView | undefined): Problem | null {
  if (!presentedKey) return UNAUTHENTICATED;
  if (pathEndpoint?.status === 'DELETED') return NOT_FOUND;
  return null;
}

/** A refused key (unknown, wrong, expired, revoked): always the same 401. */
export const keyRejected = (): Problem => UNAUTHENTICATED;

/**
 * After key management validated the key. A key of another endpoint (of the same partner or
 * another one) or of another kind of endpoint than the route serves is 404, as is an endpoint
 * deleted since; SUSPENDED and TO_SET are 403 each with their own reason. `pathEndpoint`
 * undefined means the edge's endpoint view has not yet seen the endpoint key management knows:
 * answered 503 so the partner retries rather than being told something false.
 */
export function afterValidation(route: InboundRoute, pathEndpointId: string, key: ValidatedKey, pathEndpoint: EndpointView | undefined): Problem | null {
  const kind = ROUTE_KIND[route];
  if (key.endpointId !== pathEndpointId || key.category !== kind.category || key.method !== kind.method) return NOT_FOUND;
  if (!pathEndpoint) return problem('unavailable', 'The endpoint is not known to this edge yet; retry shortly.', { retryAfter: 1 });
  if (pathEndpoint.partnerId !== key.partnerId) return NOT_FOUND;
  switch (pathEndpoint.status) {
    case 'ACTIVE':
      return null;
    case 'SUSPENDED':
      return problem('endpoint-suspended', 'The endpoint is suspended; the partner operator can activate it again in the console.');
    case 'TO_SET':
      return problem('endpoint-not-enabled', 'The endpoint is not yet enabled; activate it in the console first.');
    case 'DELETED':
      return NOT_FOUND;
    default:
      return assertNever(pathEndpoint.status);
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected endpoint status ${String(value)}`);
}
