import { lookup } from 'node:dns/promises';
import type { HostResolver } from '../ports/host-resolver.port';

export class DnsHostResolver implements HostResolver {
  async resolve(host: string): Promise<string[]> {
    return (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  }
}
