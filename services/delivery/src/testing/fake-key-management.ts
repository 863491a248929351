import { createHash } from 'node:crypto';
import type { keysV1 } from '@bakuun/contracts';
import { FakeGrpcService, startFakeGrpcService } from './fake-grpc-service';

export interface TestSecret {
  keyId: string;
  secret: string;
  expiresAt?: string;
}

/** A `whsec_test...` secret in key-domain's format (prefix + base64 of 32 bytes), derived from a seed. */
export function testSigningSecret(seed: string): string {
  return `whsec_test${createHash('sha256').update(seed).digest('base64')}`;
}

/** A test key id (`key_` + 26 base32 characters) derived from a seed. */
export function testKeyId(seed: string): string {
  const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
  const digest = createHash('sha256').update(seed).digest();
  return `key_0${[...digest.subarray(0, 25)].map((b) => alphabet[b & 31]).join('')}`;
}

/**
 * Key management's GetSigningSecrets over real gRPC, answering from a map the test controls
 * (newest first), as the real service would once an endpoint's keys exist.
 */
export class FakeKeyManagement {
  readonly secrets = new Map<string, TestSecret[]>();
  calls = 0;
  private service: FakeGrpcService | null = null;

  get url(): string {
    return this.service!.url;
  }

  async start(): Promise<this> {
    this.service = await startFakeGrpcService('bakuun/webhooks/keys/v1/key_management_service.proto', 'bakuun.webhooks.keys.v1.KeyManagementService', {
      getSigningSecrets: async (request) => {
        this.calls++;
        const { endpointId } = request as keysV1.GetSigningSecretsRequest;
        const secrets = this.secrets.get(endpointId);
        if (!secrets) throw Object.assign(new Error(`no keys for ${endpointId}`), { code: 5 });
        return { secrets: secrets.map((s) => ({ keyId: s.keyId, secret: s.secret, expiresAt: s.expiresAt ?? '' })) } satisfies keysV1.GetSigningSecretsResponse;
      },
    });
    return this;
  }

  async close(): Promise<void> {
    await this.service?.close();
  }
}
