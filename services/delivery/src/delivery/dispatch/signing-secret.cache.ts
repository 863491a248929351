import type { SigningSecret } from '@bakuun/delivery-domain';
import type { EndpointRef, SigningSecretSource } from '../ports/signing-secret-source.port';

interface Entry {
  secrets: (SigningSecret & { expiresAt: Date | null })[];
  fetchedAt: number;
  ttlMs: number;
}

const UNSETTLED_TTL_MS = 1_000;

/**
 * Signing secrets per endpoint, reused for `ttlMs`. A key roll or deletion seen on the endpoint
 * events invalidates at once; while the newest secret is not yet the endpoint's current key id
 * (key management commits a roll just after the registry records it) the answer is kept one
 * second only. Expired secrets are dropped at every use.
 */
export class SigningSecretCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<Entry>>();

  constructor(
    private readonly source: SigningSecretSource,
    private readonly ttlMs: number,
  ) {}

  async secretsFor(endpoint: EndpointRef & { keyId: string }, now: Date): Promise<SigningSecret[]> {
    let entry = this.entries.get(endpoint.endpointId);
    if (!entry || now.getTime() - entry.fetchedAt >= entry.ttlMs) entry = await this.fetch(endpoint, now);
    return entry.secrets.filter((s) => s.expiresAt === null || s.expiresAt.getTime() > now.getTime()).map((s) => ({ keyId: s.keyId, secret: s.secret }));
  }

  invalidate(endpointId: string): void {
    this.entries.delete(endpointId);
  }

  private fetch(endpoint: EndpointRef & { keyId: string }, now: Date): Promise<Entry> {
    const pending = this.inFlight.get(endpoint.endpointId);
    if (pending) return pending;
    const promise = this.source
      .secretsFor(endpoint)
      .then((secrets) => {
        const settled = secrets[0]?.keyId === endpoint.keyId;
        const entry: Entry = { secrets, fetchedAt: now.getTime(), ttlMs: settled ? this.ttlMs : Math.min(this.ttlMs, UNSETTLED_TTL_MS) };
        this.entries.set(endpoint.endpointId, entry);
        return entry;
      })
      .finally(() => this.inFlight.delete(endpoint.endpointId));
    this.inFlight.set(endpoint.endpointId, promise);
    return promise;
  }
}
