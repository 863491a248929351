import { clearedSessionCookie, readCookie, sessionCookie, sessionCookieName } from './session-cookie';

describe('the session cookie', () => {
  it('is HttpOnly, SameSite=Strict and host-only; over TLS also Secure with the __Host- prefix', () => {
    expect(sessionCookieName(true)).toBe('__Host-bk_console');
    expect(sessionCookie(sessionCookieName(true), 'abc', true, 3600)).toBe('__Host-bk_console=abc; Path=/; HttpOnly; SameSite=Strict; Max-Age=3600; Secure');
    expect(sessionCookie(sessionCookieName(false), 'abc', false, 3600.9)).toBe('bk_console=abc; Path=/; HttpOnly; SameSite=Strict; Max-Age=3600');
    expect(sessionCookie('bk_console', 'abc', false, 3600)).not.toMatch(/Domain=/);
  });

  it('is cleared with an empty value that expires at once', () => {
    expect(clearedSessionCookie('bk_console', false)).toBe('bk_console=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0');
  });

  it('is read from a Cookie header among others; the first occurrence wins', () => {
    expect(readCookie('a=1; bk_console=xyz; b=2', 'bk_console')).toBe('xyz');
    expect(readCookie('bk_console=first; bk_console=second', 'bk_console')).toBe('first');
    expect(readCookie('xbk_console=no; junk; =x', 'bk_console')).toBeUndefined();
    expect(readCookie('bk_console=', 'bk_console')).toBeUndefined();
    expect(readCookie(undefined, 'bk_console')).toBeUndefined();
  });
});
