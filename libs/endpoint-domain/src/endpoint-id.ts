import { ValidationError } from '@bakuun/errors';

/**
 * `ep_` + a TypeID suffix: 26 lower-case Crockford base32 characters encoding a UUIDv7
 * (the first character is 0-7 because 26 characters hold 130 bits for 128).
 * Ids are minted by an IdGenerator port outside the domain; the domain only checks the format.
 */
export type EndpointId = string & { readonly __brand: 'EndpointId' };

export const ENDPOINT_ID_PREFIX = 'ep_';
const SUFFIX = /^[0-7][0-9a-hjkmnp-tv-z]{25}$/;

export function isEndpointId(value: string): value is EndpointId {
  return value.startsWith(ENDPOINT_ID_PREFIX) && SUFFIX.test(value.slice(ENDPOINT_ID_PREFIX.length));
}

/** Parses an id received at a boundary; the message never echoes the input. */
export function parseEndpointId(value: string, field = 'endpointId'): EndpointId {
  if (!isEndpointId(value)) {
    throw new ValidationError('ENDPOINT.ID_INVALID', `${field} must be "ep_" followed by 26 base32 characters`, { field });
  }
  return value;
}

/** Prefixes an encoded UUIDv7 suffix, as produced by the IdGenerator port. */
export function formatEndpointId(suffix: string): EndpointId {
  return parseEndpointId(`${ENDPOINT_ID_PREFIX}${suffix}`, 'suffix');
}
