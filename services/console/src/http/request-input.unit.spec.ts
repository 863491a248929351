import type { Request } from 'express';
import { AddEndpointsRequest, RollKeyRequest } from '../api/api.schemas';
import { securityHeaders } from './security-headers';
import { endpointIdParam, expectedVersionOf, idempotencyKeyOf, parseInput } from './request-input';

const withHeaders = (headers: Record<string, string>) => ({ header: (name: string) => headers[name.toLowerCase()] }) as unknown as Request;

describe('request input', () => {
  it('validates a body and reports every invalid field, the first as `field`', () => {
    expect(parseInput(AddEndpointsRequest, { category: 'ARI', methods: ['PUSH'], url: ' https://x.example/h ' })).toEqual({ category: 'ARI', methods: ['PUSH'], url: 'https://x.example/h' });
    expect(() => parseInput(AddEndpointsRequest, { category: 'HOTELS', methods: [] })).toThrow(
      expect.objectContaining({
        code: 'REQUEST.INVALID',
        field: 'category',
        details: { errors: [{ field: 'category', message: 'Choose MAPPING, ARI or BOOKING' }, { field: 'methods', message: 'Select at least one method' }] },
      }),
    );
    expect(() => parseInput(RollKeyRequest, undefined)).toThrow(expect.objectContaining({ field: 'oldKeyExpiry' }));
    expect(() => parseInput(RollKeyRequest, { oldKeyExpiry: 'NOW', password: 'x', extra: 1 })).toThrow(expect.objectContaining({ code: 'REQUEST.INVALID' }));
  });

  it('reads If-Match as the endpoint version the client saw', () => {
    expect(expectedVersionOf(withHeaders({}))).toBe(0);
    expect(expectedVersionOf(withHeaders({ 'if-match': '"7"' }))).toBe(7);
    expect(expectedVersionOf(withHeaders({ 'if-match': 'W/"12"' }))).toBe(12);
    expect(expectedVersionOf(withHeaders({ 'if-match': '*' }))).toBe(0);
    expect(() => expectedVersionOf(withHeaders({ 'if-match': '"abc"' }))).toThrow(expect.objectContaining({ code: 'REQUEST.IF_MATCH_INVALID' }));
  });

  it('takes a well-formed Idempotency-Key and makes one up otherwise', () => {
    expect(idempotencyKeyOf(withHeaders({ 'idempotency-key': 'add-0001-abcd' }))).toBe('add-0001-abcd');
    expect(idempotencyKeyOf(withHeaders({}))).toMatch(/^[0-9a-f-]{36}$/);
    expect(() => idempotencyKeyOf(withHeaders({ 'idempotency-key': 'short' }))).toThrow(expect.objectContaining({ code: 'REQUEST.IDEMPOTENCY_KEY_INVALID' }));
  });

  it('refuses a malformed endpoint id before any platform call', () => {
    expect(() => endpointIdParam('../../etc')).toThrow(expect.objectContaining({ code: 'ENDPOINT.ID_INVALID', field: 'endpointId' }));
  });
});

describe('security headers', () => {
  it('forbid inline script and style on the page, framing, sniffing and referrers', () => {
    const headers = securityHeaders('/', false);
    expect(headers['Content-Security-Policy']).toContain("script-src 'self'");
    expect(headers['Content-Security-Policy']).toContain("style-src 'self';");
    expect(headers['Content-Security-Policy']).not.toContain('unsafe');
    expect(headers['Content-Security-Policy']).toContain("frame-ancestors 'none'");
    expect(headers).toMatchObject({ 'X-Frame-Options': 'DENY', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' });
    expect(headers['Strict-Transport-Security']).toBeUndefined();
    expect(securityHeaders('/', true)['Strict-Transport-Security']).toBe('max-age=31536000');
  });

  it('keep API answers out of caches; only the API docs may use inline styles, never inline scripts', () => {
    expect(securityHeaders('/api/endpoints', false)['Cache-Control']).toBe('no-store');
    const docs = securityHeaders('/api/docs', false)['Content-Security-Policy']!;
    expect(docs).toContain("style-src 'self' 'unsafe-inline'");
    expect(docs).toContain("script-src 'self';");
  });
});
