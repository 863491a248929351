import { ValidationError } from '@bakuun/errors';

export const ENDPOINT_CATEGORIES = ['MAPPING', 'ARI', 'BOOKING'] as const;
export type EndpointCategory = (typeof ENDPOINT_CATEGORIES)[number];

export const ENDPOINT_METHODS = ['PUSH', 'READ'] as const;
export type EndpointMethod = (typeof ENDPOINT_METHODS)[number];

/** OUTBOUND: the platform calls the partner. INBOUND: the partner calls the platform. */
export type EndpointDirection = 'OUTBOUND' | 'INBOUND';

/** DESIGN.md §1: who calls whom per category and method. ARI has no READ. */
const DIRECTIONS: Readonly<Record<EndpointCategory, Partial<Record<EndpointMethod, EndpointDirection>>>> = {
  MAPPING: { PUSH: 'OUTBOUND', READ: 'INBOUND' },
  ARI: { PUSH: 'OUTBOUND' },
  BOOKING: { PUSH: 'INBOUND', READ: 'OUTBOUND' },
};

export function isEndpointCategory(value: string): value is EndpointCategory {
  return (ENDPOINT_CATEGORIES as readonly string[]).includes(value);
}

export function isEndpointMethod(value: string): value is EndpointMethod {
  return (ENDPOINT_METHODS as readonly string[]).includes(value);
}

export function supportedMethods(category: EndpointCategory): EndpointMethod[] {
  return ENDPOINT_METHODS.filter((method) => DIRECTIONS[category][method] !== undefined);
}

/** The direction of a category/method pair; an unsupported pair (ARI/READ) is a ValidationError. */
export function directionOf(category: EndpointCategory, method: EndpointMethod, field = 'method'): EndpointDirection {
  const direction = DIRECTIONS[category]?.[method];
  if (direction === undefined) {
    throw new ValidationError('ENDPOINT.METHOD_NOT_SUPPORTED', `${category} endpoints do not support method ${method}`, {
      field,
      details: { category, method, supported: supportedMethods(category) },
    });
  }
  return direction;
}

/** Outbound endpoints hold a signing secret (the partner verifies us); inbound ones an API key. */
export function keyKindOf(direction: EndpointDirection): 'SIGNING_SECRET' | 'API_KEY' {
  return direction === 'OUTBOUND' ? 'SIGNING_SECRET' : 'API_KEY';
}
