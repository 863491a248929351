import { Inject, Injectable } from '@nestjs/common';
import { status } from '@grpc/grpc-js';
import { KeysGateway } from '../upstream/keys.gateway';
import { isGrpcFailure, UpstreamCallError } from '../upstream/upstream-call';
import { OperatorRejectedError, type OperatorAuthenticator } from './operator-authenticator.port';

/**
 * Refusals that mean "these credentials do not sign in": UNAUTHENTICATED (wrong password, unknown
 * operator, locked account, one error on purpose) and INVALID_ARGUMENT (a partner id that cannot
 * exist, refused by the call metadata check before any account is read).
 */
const REJECTIONS: readonly number[] = [status.UNAUTHENTICATED, status.INVALID_ARGUMENT];

/** OperatorAuthenticator over key management's VerifyOperatorPassword RPC (argon2id, lockout). */
@Injectable()
export class KeyManagementOperatorAuthenticator implements OperatorAuthenticator {
  constructor(@Inject(KeysGateway) private readonly keys: KeysGateway) {}

  async verify(request: { partnerId: string; operatorId: string; password: string; correlationId: string }): Promise<void> {
    try {
      await this.keys.verifyOperatorPassword({ partnerId: request.partnerId, operatorId: request.operatorId, correlationId: request.correlationId }, request.password);
    } catch (error) {
      if (error instanceof UpstreamCallError && isGrpcFailure(error.cause) && REJECTIONS.includes(error.cause.code)) throw new OperatorRejectedError();
      throw error;
    }
  }
}
