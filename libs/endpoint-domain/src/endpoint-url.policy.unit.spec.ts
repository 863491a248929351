import { ValidationError } from '@bakuun/errors';
import { validateEndpointUrl } from './endpoint-url.policy';

const STRICT = { allowInsecureLoopback: false };
const DEV = { allowInsecureLoopback: true };

function rejection(url: string, policy = STRICT): ValidationError {
  try {
    validateEndpointUrl(url, policy);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error(`${url} was accepted`);
}

describe('endpoint URL policy', () => {
  it('accepts a public https URL and returns it normalised', () => {
    expect(validateEndpointUrl('https://Hooks.Partner.com/ari?x=1', STRICT)).toBe('https://hooks.partner.com/ari?x=1');
    expect(validateEndpointUrl('https://8.8.8.8:8443/hook', STRICT)).toBe('https://8.8.8.8:8443/hook');
    expect(validateEndpointUrl('https://[2606:4700::1]/hook', STRICT)).toBe('https://[2606:4700::1]/hook');
  });

  it.each([
    ['ENDPOINT.URL_NOT_HTTPS', 'http://hooks.partner.com/x', /host "hooks.partner.com" must use https/],
    ['ENDPOINT.URL_NOT_HTTPS', 'ftp://hooks.partner.com/x', /must use https/],
    ['ENDPOINT.URL_INVALID', 'hooks.partner.com/x', /not a valid absolute URL/],
    ['ENDPOINT.URL_INVALID', 'https://a..partner.com/', /not a valid DNS name/],
    ['ENDPOINT.URL_HAS_USERINFO', 'https://admin:s3cret@hooks.partner.com/', /must not contain a user name or password/],
    ['ENDPOINT.URL_HAS_FRAGMENT', 'https://hooks.partner.com/x#frag', /must not contain a fragment/],
    ['ENDPOINT.URL_HAS_FRAGMENT', 'https://hooks.partner.com/x#', /must not contain a fragment/],
    ['ENDPOINT.URL_TOO_LONG', `https://hooks.partner.com/${'a'.repeat(2030)}`, /at most 2048 characters/],
  ])('%s: %s', (code, url, message) => {
    const error = rejection(url);
    expect(error).toMatchObject({ code, field: 'url' });
    expect(error.message).toMatch(message);
  });

  it.each([
    ['loopback', 'https://127.0.0.1/'],
    ['loopback in decimal form', 'https://2130706433/'],
    ['loopback in hex form', 'https://0x7f.1/'],
    ['localhost', 'https://localhost/'],
    ['*.localhost', 'https://app.localhost/'],
    ['IPv6 loopback', 'https://[::1]/'],
    ['private 10/8', 'https://10.0.0.8/'],
    ['private 172.16/12', 'https://172.20.1.1/'],
    ['private 192.168/16', 'https://192.168.1.1/'],
    ['unique local IPv6', 'https://[fd00::1]/'],
    ['link-local metadata', 'https://169.254.169.254/latest/meta-data'],
    ['link-local IPv6', 'https://[fe80::1]/'],
    ['unspecified', 'https://0.0.0.0/'],
    ['unspecified shorthand', 'https://0/'],
    ['IPv6 unspecified', 'https://[::]/'],
    ['CGNAT', 'https://100.64.1.1/'],
    ['multicast', 'https://239.1.1.1/'],
    ['IPv4-mapped loopback', 'https://[::ffff:127.0.0.1]/'],
    ['IPv4-mapped private', 'https://[::ffff:192.168.0.1]/'],
    ['single-label host', 'https://intranet/'],
    ['.internal name', 'https://billing.corp.internal/'],
    ['mDNS name', 'https://printer.local/'],
  ])('rejects a %s host', (_, url) => {
    const error = rejection(url);
    expect(error).toMatchObject({ code: 'ENDPOINT.URL_HOST_NOT_PUBLIC', field: 'url' });
    expect(error.message).toMatch(/^Endpoint URL host ".+" is/);
  });

  it('never echoes more than the host', () => {
    for (const url of ['https://admin:s3cret@hooks.partner.com/?token=abc', 'http://hooks.partner.com/?token=abc', 'https://10.0.0.1/?token=abc#x']) {
      const error = rejection(url);
      expect(error.message).not.toMatch(/s3cret|admin|token|abc/);
      expect(JSON.stringify(error.details ?? {})).not.toMatch(/s3cret|admin|token|abc/);
    }
  });

  describe('with allowInsecureLoopback (dev/test)', () => {
    it.each(['http://localhost:3000/hook', 'http://127.0.0.1:8080/', 'http://[::1]:9000/', 'https://localhost/', 'http://api.localhost/'])(
      'accepts loopback %s',
      (url) => {
        expect(validateEndpointUrl(url, DEV)).toBe(new URL(url).href);
      },
    );

    it('still rejects http to a public host and private hosts', () => {
      expect(rejection('http://hooks.partner.com/', DEV).code).toBe('ENDPOINT.URL_NOT_HTTPS');
      expect(rejection('https://10.0.0.1/', DEV).code).toBe('ENDPOINT.URL_HOST_NOT_PUBLIC');
      expect(rejection('http://192.168.1.1/', DEV).code).toBe('ENDPOINT.URL_NOT_HTTPS');
    });
  });
});
