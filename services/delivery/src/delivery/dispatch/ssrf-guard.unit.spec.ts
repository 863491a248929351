import { classifyTransportError } from './http-sender';
import { SsrfGuard } from './ssrf-guard';

const resolverOf = (answers: Record<string, string[]>) => ({ resolve: async (host: string) => answers[host] ?? Promise.reject(Object.assign(new Error('nx'), { code: 'ENOTFOUND' })) });

describe('SSRF guard at connect time', () => {
  const dns = resolverOf({ 'hooks.partner.example': ['93.184.216.34'], 'rebind.partner.example': ['93.184.216.34', '127.0.0.1'], 'inside.partner.example': ['10.1.2.3'], localhost: ['127.0.0.1', '::1'] });
  const strict = new SsrfGuard(dns, false);
  const dev = new SsrfGuard(dns, true);

  it('pins the checked public address', async () => {
    await expect(strict.pin('hooks.partner.example', 'https:')).resolves.toBe('93.184.216.34');
    await expect(strict.pin('[2606:4700::1111]', 'https:')).resolves.toBe('2606:4700::1111');
  });

  it.each([
    ['127.0.0.1', 'is a loopback address'],
    ['[::1]', 'is a loopback address'],
    ['10.0.0.1', 'is not a public address'],
    ['169.254.169.254', 'is not a public address'],
    ['192.168.1.1', 'is not a public address'],
    ['[fe80::1]', 'is not a public address'],
    ['[::ffff:127.0.0.1]', 'is a loopback address'],
    ['localhost', 'resolves to 127.0.0.1, a loopback address'],
    ['inside.partner.example', 'resolves to 10.1.2.3, not a public address'],
    ['rebind.partner.example', 'resolves to 127.0.0.1, a loopback address'],
  ])('refuses %s with the dev setting off', async (host, why) => {
    await expect(strict.pin(host, 'https:')).rejects.toThrow(why);
  });

  it('the dev setting allows loopback (also over http) but never private, link-local or metadata addresses', async () => {
    await expect(dev.pin('localhost', 'http:')).resolves.toBe('127.0.0.1');
    await expect(dev.pin('[::1]', 'https:')).resolves.toBe('::1');
    await expect(dev.pin('10.0.0.1', 'https:')).rejects.toThrow('not a public address');
    await expect(dev.pin('169.254.169.254', 'http:')).rejects.toThrow('not a public address');
  });

  it('plain http to a public host is refused', async () => {
    await expect(strict.pin('hooks.partner.example', 'http:')).rejects.toThrow('https only');
    await expect(dev.pin('hooks.partner.example', 'http:')).rejects.toThrow('https only');
  });

  it('a name that does not resolve is a DNS failure', async () => {
    await expect(strict.pin('nowhere.partner.example', 'https:')).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });
});

describe('transport error classes', () => {
  it.each([
    [{ code: 'BAKUUN_SSRF_REFUSED' }, 'SSRF_REFUSED'],
    [{ code: 'BAKUUN_TOTAL_TIMEOUT' }, 'TIMEOUT'],
    [{ code: 'UND_ERR_HEADERS_TIMEOUT' }, 'TIMEOUT'],
    [{ code: 'UND_ERR_CONNECT_TIMEOUT' }, 'CONNECT_TIMEOUT'],
    [{ code: 'ECONNREFUSED' }, 'CONNECTION_REFUSED'],
    [{ code: 'UND_ERR_SOCKET' }, 'CONNECTION_RESET'],
    [{ code: 'ENOTFOUND' }, 'DNS'],
    [{ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, 'TLS'],
    [{ code: 'WHATEVER' }, 'OTHER'],
  ])('%o is %s', (error, errorClass) => {
    expect(classifyTransportError(Object.assign(new Error('x'), error)).errorClass).toBe(errorClass);
  });
});
