import { Inject, Injectable } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { keysV1 } from '@bakuun/contracts';
import type { ConsoleConfig } from '../config';
import { CONSOLE_CONFIG, KEYS_CLIENT } from '../console.di-tokens';
import { OperatorCall, operatorMetadata } from './operator-call';
import { callUpstream } from './upstream-call';

/** Key management, called for the signed-in operator's partner with a deadline on every call. */
@Injectable()
export class KeysGateway {
  constructor(
    @Inject(KEYS_CLIENT) private readonly client: keysV1.KeyManagementServiceClient,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  async expiryChoices(call: OperatorCall): Promise<keysV1.KeyExpiryChoice[]> {
    return (await this.unary(this.client.listKeyExpiryChoices({}, operatorMetadata(call)))).choices;
  }

  keyInfo(call: OperatorCall, endpointId: string): Promise<keysV1.GetKeyInfoResponse> {
    return this.unary(this.client.getKeyInfo({ endpointId }, operatorMetadata(call)));
  }

  /** The operator confirms with their own password; key management checks it (and counts failures toward its lockout). */
  roll(call: OperatorCall, request: { requestId: string; endpointId: string; oldKeyExpiry: string; password: string }): Promise<keysV1.RollKeyResponse> {
    return this.unary(this.client.rollKey({ ...request, operatorId: call.operatorId }, operatorMetadata(call)));
  }

  /** A sign-in: key management checks the password with the same lockout as key rolls. The caller maps its refusal. */
  verifyOperatorPassword(call: OperatorCall, password: string): Promise<keysV1.VerifyOperatorPasswordResponse> {
    return this.unary(this.client.verifyOperatorPassword({ operatorId: call.operatorId, password }, operatorMetadata(call)));
  }

  /** Readiness: a call that needs no partner and touches no storage. */
  async ping(): Promise<void> {
    await callUpstream('key management', this.client.listKeyExpiryChoices({}), 2000);
  }

  private unary<T>(call: Observable<T>): Promise<T> {
    return callUpstream('key management', call, this.config.CONSOLE_GRPC_TIMEOUT_MS);
  }
}
