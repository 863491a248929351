import { randomUUID } from 'node:crypto';
import { Controller, UseFilters, UseInterceptors } from '@nestjs/common';
import type { Metadata } from '@grpc/grpc-js';
import { keysV1 } from '@bakuun/contracts';
import { ValidationError } from '@bakuun/errors';
import { callContextFrom, CallContext, DomainErrorGrpcFilter, GrpcMetricsInterceptor } from '@bakuun/platform';
import { IssueKeyHandler } from '../commands/issue-key/issue-key.handler';
import { RollKeyHandler } from '../commands/roll-key/roll-key.handler';
import { VerifyOperatorPasswordHandler } from '../commands/verify-operator-password/verify-operator-password.handler';
import { GetKeyInfoQuery } from '../queries/get-key-info/get-key-info.query';
import { GetSigningSecretsQuery } from '../queries/get-signing-secrets/get-signing-secrets.query';
import { ListKeyExpiryChoicesQuery } from '../queries/list-key-expiry-choices/list-key-expiry-choices.query';
import { ValidateApiKeyQuery } from '../queries/validate-api-key/validate-api-key.query';
import { fromProtoCategory, fromProtoDirection, fromProtoMethod, toProtoCategory, toProtoExpiryChoice, toProtoInstant, toProtoKeyInfo, toProtoMethod } from './key.proto-mapper';

/** Thin adapter: proto → application input → proto. Behaviour lives in the handlers, queries and key-domain. */
@Controller()
@UseFilters(DomainErrorGrpcFilter)
@UseInterceptors(GrpcMetricsInterceptor)
@keysV1.KeyManagementServiceControllerMethods()
export class KeyManagementGrpcController implements keysV1.KeyManagementServiceController {
  constructor(
    private readonly issueKeyHandler: IssueKeyHandler,
    private readonly rollKeyHandler: RollKeyHandler,
    private readonly expiryChoicesQuery: ListKeyExpiryChoicesQuery,
    private readonly keyInfoQuery: GetKeyInfoQuery,
    private readonly validateQuery: ValidateApiKeyQuery,
    private readonly signingSecretsQuery: GetSigningSecretsQuery,
    private readonly verifyOperatorPasswordHandler: VerifyOperatorPasswordHandler,
  ) {}

  async issueKey(request: keysV1.IssueKeyRequest, metadata: Metadata): Promise<keysV1.IssueKeyResponse> {
    const { partnerId } = callContext(metadata);
    if (request.partnerId && request.partnerId !== partnerId) {
      throw new ValidationError('KEY.PARTNER_MISMATCH', 'partner_id must match the x-partner-id call metadata', { field: 'partner_id' });
    }
    const issued = await this.issueKeyHandler.execute(
      { endpointId: request.endpointId, category: fromProtoCategory(request.category), method: fromProtoMethod(request.method), direction: fromProtoDirection(request.direction) },
      { partnerId, requestId: requestIdOf(request.requestId) },
    );
    return { keyId: issued.keyId, maskedKey: issued.maskedKey, plaintext: issued.plaintext };
  }

  listKeyExpiryChoices(): keysV1.ListKeyExpiryChoicesResponse {
    return { choices: this.expiryChoicesQuery.execute().map(toProtoExpiryChoice) };
  }

  async rollKey(request: keysV1.RollKeyRequest, metadata: Metadata): Promise<keysV1.RollKeyResponse> {
    const { partnerId } = callContext(metadata);
    if (!request.operatorId) throw new ValidationError('KEY.OPERATOR_REQUIRED', 'operator_id is required: a roll is confirmed by an operator', { field: 'operator_id' });
    const rolled = await this.rollKeyHandler.execute(
      { endpointId: request.endpointId, oldKeyExpiry: request.oldKeyExpiry, operatorId: request.operatorId, password: request.password },
      { partnerId, requestId: requestIdOf(request.requestId) },
    );
    return { keyId: rolled.keyId, maskedKey: rolled.maskedKey, plaintext: rolled.plaintext, oldKeyId: rolled.oldKeyId, oldKeyExpiresAt: toProtoInstant(rolled.oldKeyExpiresAt) };
  }

  async getKeyInfo(request: keysV1.GetKeyInfoRequest, metadata: Metadata): Promise<keysV1.GetKeyInfoResponse> {
    const { partnerId } = callContext(metadata);
    const info = await this.keyInfoQuery.execute(partnerId, request.endpointId);
    return { current: toProtoKeyInfo(info.current), ...(info.previous ? { previous: toProtoKeyInfo(info.previous) } : {}), rollPending: info.rollPending };
  }

  async validateApiKey(request: keysV1.ValidateApiKeyRequest): Promise<keysV1.ValidateApiKeyResponse> {
    const key = await this.validateQuery.execute(request.apiKey);
    return { endpointId: key.endpointId, partnerId: key.partnerId, category: toProtoCategory(key.category), method: toProtoMethod(key.method), keyId: key.keyId };
  }

  async getSigningSecrets(request: keysV1.GetSigningSecretsRequest, metadata: Metadata): Promise<keysV1.GetSigningSecretsResponse> {
    const { partnerId } = callContext(metadata);
    const secrets = await this.signingSecretsQuery.execute(partnerId, request.endpointId);
    return { secrets: secrets.map((s) => ({ keyId: s.keyId, secret: s.secret, expiresAt: toProtoInstant(s.expiresAt) })) };
  }

  async verifyOperatorPassword(request: keysV1.VerifyOperatorPasswordRequest, metadata: Metadata): Promise<keysV1.VerifyOperatorPasswordResponse> {
    const { partnerId } = callContext(metadata);
    const verified = await this.verifyOperatorPasswordHandler.execute({ partnerId, operatorId: request.operatorId, password: request.password });
    return { operatorId: verified.operatorId, passwordChangedAt: toProtoInstant(verified.passwordChangedAt) };
  }
}

function callContext(metadata: Metadata): CallContext {
  return callContextFrom(metadata, randomUUID());
}

function requestIdOf(requestId: string): string {
  if (!requestId) throw new ValidationError('REQUEST.ID_REQUIRED', 'request_id is required: it makes retries safe', { field: 'request_id' });
  if (requestId.length > 128) throw new ValidationError('REQUEST.ID_TOO_LONG', 'request_id is limited to 128 characters', { field: 'request_id' });
  return requestId;
}
