/**
 * Headers every response carries. The page runs no inline script or style: its code and CSS are
 * files from this origin, so the CSP can forbid everything else. The API documentation page
 * (Swagger UI) ships inline styles, so only there may styles be inline; scripts never.
 */
export function securityHeaders(path: string, tls: boolean): Record<string, string> {
  const docs = path === '/api/docs' || path.startsWith('/api/docs/');
  const csp = [
    "default-src 'none'",
    "script-src 'self'",
    docs ? "style-src 'self' 'unsafe-inline'" : "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
  return {
    'Content-Security-Policy': csp,
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    ...(tls ? { 'Strict-Transport-Security': 'max-age=31536000' } : {}),
    // Keys and session data are in API answers: nothing under /api is stored by any cache.
    ...(path.startsWith('/api/') && !docs ? { 'Cache-Control': 'no-store' } : {}),
  };
}
