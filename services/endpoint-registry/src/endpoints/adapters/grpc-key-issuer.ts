import { lastValueFrom } from 'rxjs';
import { keysV1 } from '@bakuun/contracts';
import { callMetadata } from '@bakuun/platform';
import { toProtoCategory, toProtoDirection, toProtoMethod } from '../grpc/endpoint.proto-mapper';
import type { IssuedKey, IssueKeyRequest, KeyIssuer } from '../ports/key-issuer.port';

/** KeyIssuer over key management's gRPC API. */
export class GrpcKeyIssuer implements KeyIssuer {
  constructor(private readonly client: keysV1.KeyManagementServiceClient) {}

  async issueKey(request: IssueKeyRequest): Promise<IssuedKey> {
    const response = await lastValueFrom(
      this.client.issueKey(
        {
          requestId: request.requestId,
          endpointId: request.endpointId,
          partnerId: request.partnerId,
          category: toProtoCategory(request.category),
          method: toProtoMethod(request.method),
          direction: toProtoDirection(request.direction),
        },
        callMetadata(request.partnerId, { kind: 'SERVICE', id: 'endpoint-registry' }),
      ),
    );
    return { keyId: response.keyId, maskedKey: response.maskedKey, plaintext: response.plaintext };
  }
}
