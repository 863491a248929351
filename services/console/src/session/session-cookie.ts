/**
 * The session cookie: HttpOnly (scripts never see it), SameSite=Strict (never sent on
 * cross-site requests), Path=/ and no Domain. With TLS it is also Secure and takes the
 * `__Host-` prefix, which browsers only accept from a secure origin for exactly this host.
 */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-bk_console' : 'bk_console';
}

export function sessionCookie(name: string, value: string, secure: boolean, maxAgeSeconds: number): string {
  return [`${name}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`, ...(secure ? ['Secure'] : [])].join('; ');
}

export function clearedSessionCookie(name: string, secure: boolean): string {
  return sessionCookie(name, '', secure, 0);
}

/** The value of one cookie of a `Cookie` header; the first occurrence wins, malformed pairs are skipped. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const index = pair.indexOf('=');
    if (index < 0) continue;
    if (pair.slice(0, index).trim() === name) return pair.slice(index + 1).trim() || undefined;
  }
  return undefined;
}
