import { ValidationError, type ErrorCode } from '@bakuun/errors';
import { scopeOfIpAddress, type AddressScope } from './ip-address';

export interface UrlPolicy {
  /** Dev/test only: lets `http://` and `https://` reach loopback hosts (localhost, 127/8, ::1). */
  readonly allowInsecureLoopback: boolean;
}

export const MAX_ENDPOINT_URL_LENGTH = 2048;

/** Names that resolve only inside a private network or never resolve (RFC 6761, RFC 8375, ICANN .internal). */
const NON_PUBLIC_SUFFIXES = ['local', 'internal', 'home.arpa', 'localdomain', 'onion', 'invalid', 'test', 'example'];

const fail = (code: ErrorCode, message: string, host?: string): never => {
  throw new ValidationError(code, message, { field: 'url', ...(host === undefined ? {} : { details: { host } }) });
};

/** Scope of a WHATWG-normalised hostname; invalid DNS names are reported as such. */
function scopeOfHost(hostname: string): AddressScope {
  const ip = scopeOfIpAddress(hostname);
  if (ip !== null) return ip;
  const name = hostname.endsWith('.') ? hostname.slice(0, -1) : hostname;
  const labels = name.split('.');
  if (name.length > 253 || labels.some((label) => label.length === 0 || label.length > 63)) {
    fail('ENDPOINT.URL_INVALID', `Endpoint URL host "${hostname}" is not a valid DNS name`, hostname);
  }
  if (name === 'localhost' || name.endsWith('.localhost')) return 'LOOPBACK';
  if (labels.length < 2) return 'NON_PUBLIC';
  return NON_PUBLIC_SUFFIXES.some((suffix) => name.endsWith(`.${suffix}`)) ? 'NON_PUBLIC' : 'PUBLIC';
}

/**
 * Syntactic SSRF guard for partner-supplied URLs; returns the normalised URL to store.
 * Requires https, no credentials, no fragment, at most 2048 characters, and a host that is a
 * public DNS name or public IP literal. Loopback (over http or https) is accepted only when
 * the policy allows it. DNS answers are checked again at connect time with `isPublicIpAddress`.
 * Messages name at most the host: paths and queries may hold partner tokens.
 */
export function validateEndpointUrl(raw: string, policy: UrlPolicy): string {
  const tooLong = `Endpoint URL must be at most ${MAX_ENDPOINT_URL_LENGTH} characters`;
  if (raw.length > MAX_ENDPOINT_URL_LENGTH) fail('ENDPOINT.URL_TOO_LONG', tooLong);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail('ENDPOINT.URL_INVALID', 'Endpoint URL is not a valid absolute URL');
  }
  const host = url.hostname;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    fail('ENDPOINT.URL_NOT_HTTPS', 'Endpoint URL must use https', host || undefined);
  }
  if (url.username !== '' || url.password !== '') {
    fail('ENDPOINT.URL_HAS_USERINFO', `Endpoint URL for host "${host}" must not contain a user name or password`, host);
  }
  if (url.hash !== '' || raw.includes('#')) {
    fail('ENDPOINT.URL_HAS_FRAGMENT', `Endpoint URL for host "${host}" must not contain a fragment`, host);
  }
  const scope = scopeOfHost(host);
  const loopbackAllowed = scope === 'LOOPBACK' && policy.allowInsecureLoopback;
  if (url.protocol === 'http:' && !loopbackAllowed) {
    fail('ENDPOINT.URL_NOT_HTTPS', `Endpoint URL for host "${host}" must use https`, host);
  }
  if (scope !== 'PUBLIC' && !loopbackAllowed) {
    const why = scope === 'LOOPBACK' ? 'is a loopback address' : 'is not a public host';
    fail('ENDPOINT.URL_HOST_NOT_PUBLIC', `Endpoint URL host "${host}" ${why}`, host);
  }
  if (url.href.length > MAX_ENDPOINT_URL_LENGTH) fail('ENDPOINT.URL_TOO_LONG', tooLong);
  return url.href;
}
