import { lastValueFrom, timeout } from 'rxjs';
import { keysV1 } from '@bakuun/contracts';
import { callMetadata } from '@bakuun/platform';
import type { EndpointRef, SigningSecretSource } from '../ports/signing-secret-source.port';

const CALL_TIMEOUT_MS = 5_000;

/** Key management's GetSigningSecrets, called as the delivery service on behalf of the endpoint's partner. */
export class GrpcSigningSecretSource implements SigningSecretSource {
  constructor(private readonly client: keysV1.KeyManagementServiceClient) {}

  async secretsFor(endpoint: EndpointRef): Promise<{ keyId: string; secret: string; expiresAt: Date | null }[]> {
    const response = await lastValueFrom(
      this.client.getSigningSecrets({ endpointId: endpoint.endpointId }, callMetadata(endpoint.partnerId, { kind: 'SERVICE', id: 'delivery' })).pipe(timeout(CALL_TIMEOUT_MS)),
    );
    return response.secrets.map((s) => ({ keyId: s.keyId, secret: s.secret, expiresAt: s.expiresAt ? new Date(s.expiresAt) : null }));
  }
}
