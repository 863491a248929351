import { csrfRejection, csrfTokenMatches, isSafeMethod, originMatchesHost, type StateChangeRequest } from './csrf';

const TOKEN = 'Wmz1NDudIQw5cTdtaFRwlTNhi-NtYlIdyozLrRVKRsk';
const post = (overrides: Partial<StateChangeRequest> = {}): StateChangeRequest => ({
  method: 'POST',
  origin: 'http://127.0.0.1:8080',
  secFetchSite: 'same-origin',
  host: '127.0.0.1:8080',
  csrfHeader: TOKEN,
  ...overrides,
});

describe('CSRF checks', () => {
  it('lets reads through without a token: they change nothing', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'get']) {
      expect(isSafeMethod(method)).toBe(true);
      expect(csrfRejection(post({ method, csrfHeader: undefined, origin: 'https://evil.example' }), null)).toBeNull();
    }
  });

  it('accepts a same-origin change carrying the session token', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) expect(csrfRejection(post({ method }), TOKEN)).toBeNull();
  });

  it('accepts a client that sends no provenance headers (a script), on the token alone', () => {
    expect(csrfRejection(post({ origin: undefined, secFetchSite: undefined }), TOKEN)).toBeNull();
  });

  it('refuses a missing, wrong, truncated or extended token', () => {
    expect(csrfRejection(post({ csrfHeader: undefined }), TOKEN)).toBe('TOKEN_MISSING');
    expect(csrfRejection(post({ csrfHeader: '' }), TOKEN)).toBe('TOKEN_MISSING');
    expect(csrfRejection(post({ csrfHeader: 'x'.repeat(TOKEN.length) }), TOKEN)).toBe('TOKEN_MISMATCH');
    expect(csrfRejection(post({ csrfHeader: TOKEN.slice(1) }), TOKEN)).toBe('TOKEN_MISMATCH');
    expect(csrfRejection(post({ csrfHeader: `${TOKEN}x` }), TOKEN)).toBe('TOKEN_MISMATCH');
  });

  it('refuses a change without a session, whatever token it carries', () => {
    expect(csrfRejection(post(), null)).toBe('NO_SESSION');
  });

  it('refuses a change from another site even with the right token', () => {
    expect(csrfRejection(post({ origin: 'https://evil.example' }), TOKEN)).toBe('CROSS_ORIGIN');
    expect(csrfRejection(post({ origin: 'null' }), TOKEN)).toBe('CROSS_ORIGIN');
    expect(csrfRejection(post({ secFetchSite: 'cross-site' }), TOKEN)).toBe('CROSS_ORIGIN');
    expect(csrfRejection(post({ secFetchSite: 'same-site' }), TOKEN)).toBe('CROSS_ORIGIN');
    expect(csrfRejection(post({ origin: 'http://127.0.0.1:9999' }), TOKEN)).toBe('CROSS_ORIGIN');
  });

  it('compares tokens exactly', () => {
    expect(csrfTokenMatches(TOKEN, TOKEN)).toBe(true);
    expect(csrfTokenMatches(TOKEN, TOKEN.toLowerCase())).toBe(false);
    expect(csrfTokenMatches('', '')).toBe(false);
  });

  it('matches an origin to the Host header by host and port, case-insensitively', () => {
    expect(originMatchesHost('https://Console.Bakuun.example', 'console.bakuun.example')).toBe(true);
    expect(originMatchesHost('https://console.bakuun.example:8443', 'console.bakuun.example')).toBe(false);
    expect(originMatchesHost('not a url', 'console.bakuun.example')).toBe(false);
    expect(originMatchesHost('https://console.bakuun.example', undefined)).toBe(false);
  });
});
