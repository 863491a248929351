import { createHash } from 'node:crypto';

/** One hotel of a partner's mapping, as the mapping read answers it. */
export interface MappedHotel {
  readonly hotelCode: string;
  readonly hotelName: string;
  readonly roomTypes: readonly { readonly code: string; readonly name: string }[];
  readonly ratePlans: readonly { readonly code: string; readonly name: string; readonly roomTypeCodes: readonly string[] }[];
}

export interface MappingPage {
  readonly data: readonly MappedHotel[];
  /** Opaque; absent on the last page. */
  readonly nextCursor?: string;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** Cursors are the last hotel code of the page, base64url-encoded: opaque to clients, stable across changes of other hotels. */
export const encodeCursor = (lastHotelCode: string): string => Buffer.from(`h:${lastHotelCode}`, 'utf8').toString('base64url');

export type PageRequest = { readonly ok: true; readonly after: string | null; readonly limit: number } | { readonly ok: false; readonly field: string; readonly message: string };

/** Parses `cursor` and `limit` query parameters. */
export function parsePageRequest(cursor: unknown, limit: unknown): PageRequest {
  let size = DEFAULT_PAGE_SIZE;
  if (limit !== undefined) {
    if (typeof limit !== 'string' || !/^\d{1,4}$/.test(limit) || Number(limit) < 1 || Number(limit) > MAX_PAGE_SIZE) return { ok: false, field: 'query:limit', message: `limit must be an integer from 1 to ${MAX_PAGE_SIZE}` };
    size = Number(limit);
  }
  if (cursor === undefined || cursor === '') return { ok: true, after: null, limit: size };
  const decoded = typeof cursor === 'string' && /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!decoded.startsWith('h:') || decoded.length < 3) return { ok: false, field: 'query:cursor', message: 'cursor is not one this API returned' };
  return { ok: true, after: decoded.slice(2), limit: size };
}

/**
 * Builds a page from the hotels after the cursor, sorted by code, fetched with one extra row
 * (`limit + 1`) so the last page is known without a second query.
 */
export function buildPage(hotelsAfterCursor: readonly MappedHotel[], limit: number): MappingPage {
  const data = hotelsAfterCursor.slice(0, limit);
  const last = data[data.length - 1];
  return hotelsAfterCursor.length > limit && last ? { data, nextCursor: encodeCursor(last.hotelCode) } : { data };
}

/** A strong ETag over the exact bytes answered: equal bodies, equal tags. */
export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

/** RFC 9110 §13.1.2: If-None-Match matches with the weak comparison; `*` matches any current representation. */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string): string => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}
