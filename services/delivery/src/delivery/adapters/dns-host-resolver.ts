import { lookup } from 'node:dns/promises';
import type { HostResolver } from '../ports/host-resolver.port';

/** The system resolver (what the connection would use), every address, in the resolver's order. */
export class DnsHostResolver implements HostResolver {
  async resolve(hostname: string): Promise<string[]> {
    const answers = await lookup(hostname, { all: true, verbatim: true });
    return answers.map((a) => a.address);
  }
}
