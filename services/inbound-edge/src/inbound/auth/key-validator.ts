import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { firstValueFrom, timeout } from 'rxjs';
import { endpointsV1, keysV1 } from '@bakuun/contracts';
import type { EndpointCategory, EndpointMethod } from '@bakuun/endpoint-domain';
import type { InboundEdgeConfig } from '../../config';
import type { ValidatedKey } from '../../rules/access';
import { EndpointDirectory } from '../endpoint-view/endpoint-directory';
import { CLOCK, Clock, INBOUND_CONFIG, KEY_VALIDATOR } from '../inbound.di-tokens';

export type KeyCheck = { readonly kind: 'VALID'; readonly key: ValidatedKey } | { readonly kind: 'REJECTED' } | { readonly kind: 'UNAVAILABLE' };

/** What the edge needs from key management. */
export interface KeyValidator {
  validate(apiKey: string): Promise<KeyCheck>;
}

const categories = new Map<number, EndpointCategory>([
  [endpointsV1.EndpointCategory.ENDPOINT_CATEGORY_ARI, 'ARI'],
  [endpointsV1.EndpointCategory.ENDPOINT_CATEGORY_MAPPING, 'MAPPING'],
  [endpointsV1.EndpointCategory.ENDPOINT_CATEGORY_BOOKING, 'BOOKING'],
]);
const methods = new Map<number, EndpointMethod>([
  [endpointsV1.EndpointMethod.ENDPOINT_METHOD_PUSH, 'PUSH'],
  [endpointsV1.EndpointMethod.ENDPOINT_METHOD_READ, 'READ'],
]);

/** ValidateApiKey over gRPC. Key management records the key's last use on every call. */
export class GrpcKeyValidator implements KeyValidator {
  constructor(
    private readonly client: keysV1.KeyManagementServiceClient,
    private readonly timeoutMs: number,
  ) {}

  async validate(apiKey: string): Promise<KeyCheck> {
    try {
      const r = await firstValueFrom(this.client.validateApiKey({ apiKey }).pipe(timeout(this.timeoutMs)));
      const category = categories.get(r.category);
      const method = methods.get(r.method);
      if (!category || !method) return { kind: 'REJECTED' };
      return { kind: 'VALID', key: { endpointId: r.endpointId, partnerId: r.partnerId, category, method, keyId: r.keyId } };
    } catch (error) {
      if ((error as { code?: number }).code === GrpcStatus.UNAUTHENTICATED) return { kind: 'REJECTED' };
      return { kind: 'UNAVAILABLE' };
    }
  }
}

interface Entry {
  readonly key: ValidatedKey;
  readonly atMs: number;
}

/**
 * Validations of current keys, remembered for `INBOUND_KEY_CACHE_MS` by the key's SHA-256 (the
 * key itself is never kept). An entry is used only while the endpoint view still names its key
 * as the endpoint's current one and the endpoint is not deleted, so a roll or a deletion
 * invalidates it the moment the edge sees the event; a previous key in its overlap window is
 * never cached (its expiry is key management's to judge, on every request). Refusals are not
 * cached.
 */
@Injectable()
export class ApiKeyAuthenticator {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries = 100_000;

  constructor(
    @Inject(KEY_VALIDATOR) private readonly validator: KeyValidator,
    @Inject(INBOUND_CONFIG) private readonly config: InboundEdgeConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly directory: EndpointDirectory,
  ) {
    directory.onChange((before, after) => {
      if (before && (before.keyId !== after.keyId || after.status === 'DELETED')) this.forgetEndpoint(after.endpointId);
    });
  }

  async authenticate(apiKey: string): Promise<KeyCheck> {
    const digest = createHash('sha256').update(apiKey).digest('base64url');
    const nowMs = this.clock.now().getTime();
    const cached = this.entries.get(digest);
    if (cached && nowMs - cached.atMs < this.config.INBOUND_KEY_CACHE_MS && this.isCurrent(cached.key)) return { kind: 'VALID', key: cached.key };
    if (cached) this.entries.delete(digest);
    const check = await this.validator.validate(apiKey);
    if (check.kind === 'VALID' && this.isCurrent(check.key) && this.config.INBOUND_KEY_CACHE_MS > 0) {
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(digest, { key: check.key, atMs: nowMs });
    }
    return check;
  }

  private isCurrent(key: ValidatedKey): boolean {
    const view = this.directory.get(key.endpointId);
    return view !== undefined && view.keyId === key.keyId && view.status !== 'DELETED';
  }

  private forgetEndpoint(endpointId: string): void {
    for (const [digest, entry] of this.entries) if (entry.key.endpointId === endpointId) this.entries.delete(digest);
  }
}
