import { loadPackageDefinition, Metadata, Server, ServerCredentials, status, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import { fromJSON } from '@grpc/proto-loader';
import { ERROR_CODE_TRAILER, PARTNER_ID_METADATA } from '@bakuun/platform';
import { VERIFY_OPERATOR_PASSWORD_DESCRIPTOR, type VerifyOperatorPasswordRequest, type VerifyOperatorPasswordResponse } from '../session/verify-operator-password.proposal';

export interface OperatorPasswordStub {
  address: string;
  /** Sign-in attempts seen, for assertions. */
  attempts: { partnerId: string; operatorId: string }[];
  close(): Promise<void>;
}

/**
 * TEST DOUBLE for the one RPC key management does not have yet (VerifyOperatorPassword, see
 * verify-operator-password.proposal.ts). It answers as the proposal says, from the passwords the
 * test also gave key management's CLI; everything else in the browser test is the real platform.
 * Delete it once key management implements the RPC.
 */
export async function startOperatorPasswordStub(passwords: Record<string, string>): Promise<OperatorPasswordStub> {
  const loaded = loadPackageDefinition(fromJSON(VERIFY_OPERATOR_PASSWORD_DESCRIPTOR, { longs: Number, enums: Number, defaults: true, oneofs: true })) as unknown as {
    bakuun: { webhooks: { keys: { v1: { KeyManagementService: { service: Parameters<Server['addService']>[0] } } } } };
  };
  const attempts: OperatorPasswordStub['attempts'] = [];
  const server = new Server();
  server.addService(loaded.bakuun.webhooks.keys.v1.KeyManagementService.service, {
    VerifyOperatorPassword: (call: ServerUnaryCall<VerifyOperatorPasswordRequest, VerifyOperatorPasswordResponse>, callback: sendUnaryData<VerifyOperatorPasswordResponse>) => {
      const partnerId = String(call.metadata.get(PARTNER_ID_METADATA)[0] ?? '');
      attempts.push({ partnerId, operatorId: call.request.operatorId });
      if (passwords[`${partnerId}/${call.request.operatorId}`] === call.request.password) {
        callback(null, { operatorId: call.request.operatorId, passwordChangedAt: new Date(0).toISOString() });
        return;
      }
      const trailer = new Metadata();
      trailer.set(ERROR_CODE_TRAILER, 'OPERATOR.CREDENTIALS_REJECTED');
      callback({ code: status.UNAUTHENTICATED, details: 'Operator credentials were rejected', metadata: trailer });
    },
  });
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))));
  return {
    address: `127.0.0.1:${port}`,
    attempts,
    close: () => new Promise((resolve) => server.tryShutdown(() => resolve())),
  };
}
