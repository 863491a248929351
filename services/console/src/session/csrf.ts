import { createHash, timingSafeEqual } from 'node:crypto';

/** The header the page sends its session's CSRF token in (synchronizer token pattern). */
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

/** Compares digests in constant time, so neither the token nor its length leaks through timing. */
export function csrfTokenMatches(expected: string, presented: string | undefined): boolean {
  if (!presented || !expected) return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(presented));
}

export interface StateChangeRequest {
  method: string;
  /** The `Origin` header, which browsers send on every cross-origin and every non-GET request. */
  origin: string | undefined;
  /** `Sec-Fetch-Site`, sent by current browsers: `same-origin`, `same-site`, `cross-site` or `none`. */
  secFetchSite: string | undefined;
  /** The `Host` header the browser addressed. */
  host: string | undefined;
  csrfHeader: string | undefined;
}

export type CsrfRejection = 'CROSS_ORIGIN' | 'TOKEN_MISSING' | 'TOKEN_MISMATCH' | 'NO_SESSION';

/**
 * Why a state-changing request must be refused, or null when it may proceed. Two independent
 * checks: the browser's own provenance headers (a cross-site page cannot forge them) and the
 * session's synchronizer token (which a cross-site page cannot read).
 */
export function csrfRejection(request: StateChangeRequest, sessionToken: string | null): CsrfRejection | null {
  if (isSafeMethod(request.method)) return null;
  if (request.secFetchSite && request.secFetchSite !== 'same-origin' && request.secFetchSite !== 'none') return 'CROSS_ORIGIN';
  if (request.origin !== undefined && !originMatchesHost(request.origin, request.host)) return 'CROSS_ORIGIN';
  if (sessionToken === null) return 'NO_SESSION';
  if (!request.csrfHeader) return 'TOKEN_MISSING';
  return csrfTokenMatches(sessionToken, request.csrfHeader) ? null : 'TOKEN_MISMATCH';
}

/** `Origin: null` (sandboxed frames, some redirects) and unparsable origins never match. */
export function originMatchesHost(origin: string, host: string | undefined): boolean {
  if (!host || origin === 'null') return false;
  try {
    return new URL(origin).host.toLowerCase() === host.toLowerCase();
  } catch {
    return false;
  }
}
