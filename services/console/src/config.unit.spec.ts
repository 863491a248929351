import { isLoopbackHost, loadConsoleConfig } from './config';

describe('console configuration', () => {
  it('has working defaults for a local run', () => {
    expect(loadConsoleConfig({})).toMatchObject({
      CONSOLE_HTTP_PORT: 8080,
      BIND_HOST: '127.0.0.1',
      REGISTRY_URL: '127.0.0.1:50051',
      KEY_MANAGEMENT_URL: '127.0.0.1:50052',
      cookieSecure: false,
    });
  });

  it('makes the session cookie Secure unless the console listens on loopback only', () => {
    expect(loadConsoleConfig({ BIND_HOST: '0.0.0.0' }).cookieSecure).toBe(true);
    expect(loadConsoleConfig({ BIND_HOST: '0.0.0.0', CONSOLE_COOKIE_SECURE: 'false' }).cookieSecure).toBe(false);
    expect(loadConsoleConfig({ CONSOLE_COOKIE_SECURE: 'true' }).cookieSecure).toBe(true);
    expect([isLoopbackHost('127.0.0.1'), isLoopbackHost('127.1.2.3'), isLoopbackHost('[::1]'), isLoopbackHost('localhost'), isLoopbackHost('10.0.0.1')]).toEqual([true, true, true, true, false]);
  });

  it('names a bad key', () => {
    expect(() => loadConsoleConfig({ REGISTRY_URL: 'http://registry' })).toThrow(/REGISTRY_URL/);
    expect(() => loadConsoleConfig({ CONSOLE_SESSION_IDLE_MINUTES: '0' })).toThrow(/CONSOLE_SESSION_IDLE_MINUTES/);
  });
});
