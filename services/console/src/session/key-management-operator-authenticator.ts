import { CallOptions, Client, ClientUnaryCall, credentials, loadPackageDefinition, Metadata, ServiceError, status } from '@grpc/grpc-js';
import { fromJSON } from '@grpc/proto-loader';
import { callMetadata } from '@bakuun/platform';
import { UpstreamCallError } from '../upstream/upstream-call';
import { OperatorRejectedError, type OperatorAuthenticator } from './operator-authenticator.port';
import { VERIFY_OPERATOR_PASSWORD_DESCRIPTOR, type VerifyOperatorPasswordRequest, type VerifyOperatorPasswordResponse } from './verify-operator-password.proposal';

interface VerifyOperatorPasswordClient extends Client {
  VerifyOperatorPassword(
    request: VerifyOperatorPasswordRequest,
    metadata: Metadata,
    options: CallOptions,
    callback: (error: ServiceError | null, response?: VerifyOperatorPasswordResponse) => void,
  ): ClientUnaryCall;
}

type ClientConstructor = new (address: string, creds: ReturnType<typeof credentials.createInsecure>) => VerifyOperatorPasswordClient;

/** OperatorAuthenticator over key management's (proposed) VerifyOperatorPassword RPC. */
export class KeyManagementOperatorAuthenticator implements OperatorAuthenticator {
  private readonly client: VerifyOperatorPasswordClient;

  constructor(
    address: string,
    private readonly timeoutMs: number,
  ) {
    const definition = fromJSON(VERIFY_OPERATOR_PASSWORD_DESCRIPTOR, { longs: Number, enums: Number, defaults: true, oneofs: true });
    const loaded = loadPackageDefinition(definition) as unknown as { bakuun: { webhooks: { keys: { v1: { KeyManagementService: ClientConstructor } } } } };
    this.client = new loaded.bakuun.webhooks.keys.v1.KeyManagementService(address, credentials.createInsecure());
  }

  verify(request: { partnerId: string; operatorId: string; password: string; correlationId: string }): Promise<void> {
    const metadata = callMetadata(request.partnerId, { kind: 'USER', id: request.operatorId }, request.correlationId);
    return new Promise((resolve, reject) => {
      this.client.VerifyOperatorPassword({ operatorId: request.operatorId, password: request.password }, metadata, { deadline: Date.now() + this.timeoutMs }, (error) => {
        if (!error) return resolve();
        reject(error.code === status.UNAUTHENTICATED ? new OperatorRejectedError() : new UpstreamCallError('key management', error));
      });
    });
  }

  close(): void {
    this.client.close();
  }
}
