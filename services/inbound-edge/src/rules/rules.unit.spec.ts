import type { EndpointView } from '@bakuun/endpoint-domain';
import { afterValidation, beforeValidation, type ValidatedKey } from './access';
import { bodyFormatOf, idempotencyKeyOf, inboundMessageId, unknownCodes } from './booking-request';
import { buildPage, encodeCursor, etagOf, ifNoneMatchHits, parsePageRequest, type MappedHotel } from './mapping-page';
import { problem } from './problem';
import { takeToken } from './token-bucket';

const view = (over: Partial<EndpointView> = {}): EndpointView =>
  ({ endpointId: 'ep_1', partnerId: 'p1', category: 'BOOKING', method: 'PUSH', direction: 'INBOUND', url: 'u', apiVersion: 'v', status: 'ACTIVE', suspensionReason: null, keyId: 'k1', maskedKey: 'm', createdAt: '', updatedAt: '', streamVersion: 2, ...over }) as EndpointView;
const key: ValidatedKey = { endpointId: 'ep_1', partnerId: 'p1', category: 'BOOKING', method: 'PUSH', keyId: 'k1' };

describe('access rules', () => {
  it('no key is 401; a DELETED path endpoint is 404 before key management is asked', () => {
    expect(beforeValidation(undefined, view())?.status).toBe(401);
    expect(beforeValidation('', undefined)?.status).toBe(401);
    expect(beforeValidation('bk_test_x', view({ status: 'DELETED' }))?.status).toBe(404);
    expect(beforeValidation('bk_test_x', view())).toBeNull();
  });

  it.each([
    ['another endpoint', { ...key, endpointId: 'ep_2' }, view(), 404],
    ['another kind of endpoint', { ...key, category: 'MAPPING', method: 'READ' } as ValidatedKey, view(), 404],
    ['another partner', key, view({ partnerId: 'p2' }), 404],
    ['suspended', key, view({ status: 'SUSPENDED' }), 403],
    ['not yet enabled', key, view({ status: 'TO_SET' }), 403],
    ['deleted since', key, view({ status: 'DELETED' }), 404],
    ['unknown to the view yet', key, undefined, 503],
  ])('%s is refused', (_, k, v, status) => {
    expect(afterValidation('BOOKING_PUSH', 'ep_1', k, v)?.status).toBe(status);
  });

  it('lets an ACTIVE endpoint with its own key through; suspended and not-enabled say why', () => {
    expect(afterValidation('BOOKING_PUSH', 'ep_1', key, view())).toBeNull();
    expect(afterValidation('BOOKING_PUSH', 'ep_1', key, view({ status: 'SUSPENDED' }))?.code).toBe('INBOUND.ENDPOINT_SUSPENDED');
    expect(afterValidation('BOOKING_PUSH', 'ep_1', key, view({ status: 'TO_SET' }))?.code).toBe('INBOUND.ENDPOINT_NOT_ENABLED');
  });
});

describe('problem documents', () => {
  it('carry type, title, status, code, and Retry-After in whole seconds', () => {
    expect(problem('rate-limited', 'slow down', { retryAfter: 0.2 })).toEqual({ type: 'https://docs.bakuun.example/problems/rate-limited', title: 'Too many requests for this API key', status: 429, detail: 'slow down', code: 'INBOUND.RATE_LIMITED', retryAfter: 1 });
    expect(problem('invalid-payload', 'x', { errors: [] })).not.toHaveProperty('errors');
  });
});

describe('token bucket', () => {
  const policy = { ratePerSecond: 2, burst: 3 };
  it('allows the burst, then refuses with Retry-After until a token refills', () => {
    let b = takeToken(undefined, 0, policy);
    expect(b).toMatchObject({ allowed: true, remaining: 2 });
    b = takeToken(b.bucket, 0, policy);
    b = takeToken(b.bucket, 0, policy);
    const refused = takeToken(b.bucket, 0, policy);
    expect(refused).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    expect(takeToken(refused.bucket, 500, policy).allowed).toBe(true);
  });
  it('never refills beyond the burst nor on a clock going backwards', () => {
    const later = takeToken({ tokens: 0, atMs: 1000 }, 1_000_000, policy);
    expect(later).toMatchObject({ allowed: true, remaining: 2 });
    expect(takeToken({ tokens: 0, atMs: 1000 }, 0, policy).allowed).toBe(false);
  });
});

describe('mapping pages and ETags', () => {
  const hotel = (code: string): MappedHotel => ({ hotelCode: code, hotelName: code, roomTypes: [], ratePlans: [] });
  it('pages by hotel code with an opaque cursor and knows the last page from the extra row', () => {
    const page = buildPage([hotel('A'), hotel('B'), hotel('C')], 2);
    expect(page.data.map((h) => h.hotelCode)).toEqual(['A', 'B']);
    expect(parsePageRequest(page.nextCursor, '2')).toEqual({ ok: true, after: 'B', limit: 2 });
    expect(buildPage([hotel('C')], 2)).toEqual({ data: [hotel('C')] });
  });
  it('refuses foreign cursors and bad limits naming the parameter', () => {
    expect(parsePageRequest('bm9wZQ', undefined)).toMatchObject({ ok: false, field: 'query:cursor' });
    expect(parsePageRequest(undefined, '0')).toMatchObject({ ok: false, field: 'query:limit' });
    expect(parsePageRequest(undefined, '501')).toMatchObject({ ok: false, field: 'query:limit' });
    expect(parsePageRequest(encodeCursor('X'), undefined)).toEqual({ ok: true, after: 'X', limit: 50 });
  });
  it('gives equal bodies equal strong ETags and matches If-None-Match lists, weak tags and *', () => {
    const tag = etagOf('{"a":1}');
    expect(etagOf('{"a":1}')).toBe(tag);
    expect(etagOf('{"a":2}')).not.toBe(tag);
    expect(ifNoneMatchHits(`"x", W/${tag}`, tag)).toBe(true);
    expect(ifNoneMatchHits('*', tag)).toBe(true);
    expect(ifNoneMatchHits('"other"', tag)).toBe(false);
    expect(ifNoneMatchHits(undefined, tag)).toBe(false);
  });
});

describe('booking requests', () => {
  it('accepts JSON and XML media types (with parameters) only', () => {
    expect(bodyFormatOf('application/json; charset=utf-8')).toBe('json');
    expect(bodyFormatOf('text/xml')).toBe('xml');
    expect(bodyFormatOf('application/vnd.ota+xml')).toBe('xml');
    expect(bodyFormatOf('text/plain')).toBeUndefined();
    expect(bodyFormatOf(undefined)).toBeUndefined();
  });
  it('uses the Idempotency-Key, or the body digest without one; refuses malformed keys', () => {
    expect(idempotencyKeyOf('abc-1', new Uint8Array())).toEqual({ ok: true, key: 'abc-1' });
    expect(idempotencyKeyOf(undefined, Buffer.from('x'))).toEqual({ ok: true, key: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    expect(idempotencyKeyOf('has space', new Uint8Array())).toMatchObject({ ok: false, error: { field: 'header:Idempotency-Key' } });
  });
  it('derives stable message ids per endpoint, key and position', () => {
    expect(inboundMessageId('ep_1', 'k', 1)).toBe(inboundMessageId('ep_1', 'k', 1));
    expect(new Set([inboundMessageId('ep_1', 'k', 1), inboundMessageId('ep_1', 'k', 2), inboundMessageId('ep_2', 'k', 1), inboundMessageId('ep_1', 'k2', 1)]).size).toBe(4);
    expect(inboundMessageId('ep_1', 'k', 1)).toMatch(/^msg_[0-9a-z]{26}$/);
  });
  it('names unknown hotels, room types and rate plans at their element', () => {
    const booking = { hotelCode: 'H', rooms: [{ roomTypeCode: 'R1', ratePlanCode: 'P9' }], envelope: { source: { path: '/bookings[1]', documentType: 'json:booking' } } } as never;
    const known = new Map([['H', { roomTypes: new Set(['R1']), ratePlans: new Set(['P1']) }]]);
    expect(unknownCodes([booking], known)).toEqual([{ field: '/bookings[1]/rooms[1]/ratePlanCode', code: 'INBOUND.UNKNOWN_RATE_PLAN', message: 'rate plan "P9" is not mapped for hotel "H"' }]);
    expect(unknownCodes([booking], new Map())[0]).toMatchObject({ code: 'INBOUND.UNKNOWN_HOTEL' });
  });
});
