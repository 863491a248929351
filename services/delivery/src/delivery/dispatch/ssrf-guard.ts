import { scopeOfIpAddress } from '@bakuun/endpoint-domain';
import type { HostResolver } from '../ports/host-resolver.port';

/** A connection the guard refused before any packet left; the message names the host, never the path (it may hold a partner token). */
export class SsrfRefusedError extends Error {
  readonly code = 'BAKUUN_SSRF_REFUSED';
  constructor(message: string) {
    super(message);
    this.name = 'SsrfRefusedError';
  }
}

export class DnsLookupError extends Error {
  readonly code = 'ENOTFOUND';
  constructor(hostname: string, cause?: unknown) {
    super(`${hostname} did not resolve`, { cause });
    this.name = 'DnsLookupError';
  }
}

/**
 * The connect-time half of the SSRF policy (the registry checks URLs when they are set): the
 * host is resolved, every address must be public (or loopback when the dev/test setting allows
 * it) and the first one is what the connection uses, so a DNS answer cannot change between the
 * check and the connect (rebinding). Plain http is only for allowed loopback targets.
 */
export class SsrfGuard {
  constructor(
    private readonly resolver: HostResolver,
    private readonly allowLoopback: boolean,
  ) {}

  async pin(hostname: string, protocol: string): Promise<string> {
    const host = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
    let addresses: string[];
    if (scopeOfIpAddress(host) !== null) addresses = [host];
    else {
      try {
        addresses = await this.resolver.resolve(host);
      } catch (error) {
        throw new DnsLookupError(host, error);
      }
      if (addresses.length === 0) throw new DnsLookupError(host);
    }
    for (const address of addresses) {
      const scope = scopeOfIpAddress(address);
      if (scope === 'PUBLIC' || (scope === 'LOOPBACK' && this.allowLoopback)) continue;
      const what = scope === 'LOOPBACK' ? 'a loopback address' : 'not a public address';
      throw new SsrfRefusedError(host === address ? `${host} is ${what}` : `${host} resolves to ${address}, ${what}`);
    }
    if (protocol !== 'https:' && !(this.allowLoopback && addresses.every((a) => scopeOfIpAddress(a) === 'LOOPBACK'))) {
      throw new SsrfRefusedError(`${host}: webhooks are sent over https only`);
    }
    return addresses[0]!;
  }
}
