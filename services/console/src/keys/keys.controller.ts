import { Body, Controller, Get, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiCookieAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { keysV1 } from '@bakuun/contracts';
import { RollKeyRequest, type EndpointKeyDto, type KeyInfoDto } from '../api/api.schemas';
import { ApiJsonBody, ApiJsonResponse, ApiProblems, ApiStateChange } from '../api/openapi';
import { endpointIdParam, idempotencyKeyOf, parseInput } from '../http/request-input';
import { CsrfGuard, Operator, SignedInGuard } from '../session/session.guards';
import { KeysGateway } from '../upstream/keys.gateway';
import type { OperatorCall } from '../upstream/operator-call';

const KEY_STATES: Record<number, KeyInfoDto['state']> = {
  [keysV1.KeyState.KEY_STATE_ACTIVE]: 'ACTIVE',
  [keysV1.KeyState.KEY_STATE_EXPIRING]: 'EXPIRING',
  [keysV1.KeyState.KEY_STATE_REVOKED]: 'REVOKED',
};

function toKeyInfoDto(info: keysV1.KeyInfo): KeyInfoDto {
  return { maskedKey: info.maskedKey, createdAt: info.createdAt, lastUsedAt: info.lastUsedAt || null, expiresAt: info.expiresAt || null, state: KEY_STATES[info.state] ?? 'ACTIVE' };
}

/** Key rotation ("Expire key"), through key management, for the signed-in operator's partner. */
@ApiTags('keys')
@ApiCookieAuth('session')
@Controller('api')
@UseGuards(SignedInGuard, CsrfGuard)
export class KeysController {
  constructor(private readonly keys: KeysGateway) {}

  @Get('key-expiry-choices')
  @ApiOperation({ summary: 'When the current key may expire after a roll (e.g. now, in 1 hour, in 3 days)' })
  @ApiJsonResponse(200, 'KeyExpiryChoices', 'The choices, as key management lists them')
  @ApiProblems(401, 503, 504)
  async expiryChoices(@Operator() operator: OperatorCall) {
    return { choices: (await this.keys.expiryChoices(operator)).map(({ code, label, seconds }) => ({ code, label, seconds: Number(seconds) })) };
  }

  @Get('endpoints/:endpointId/key')
  @ApiOperation({ summary: 'The endpoint’s masked key and its last use, and the previous key while it still overlaps' })
  @ApiParam({ name: 'endpointId' })
  @ApiJsonResponse(200, 'EndpointKey', 'The key')
  @ApiProblems(400, 401, 404, 503, 504)
  async keyInfo(@Operator() operator: OperatorCall, @Param('endpointId') endpointId: string): Promise<EndpointKeyDto> {
    const info = await this.keys.keyInfo(operator, endpointIdParam(endpointId));
    if (!info.current) throw new Error('Key management answered without a current key');
    return { current: toKeyInfoDto(info.current), previous: info.previous ? toKeyInfoDto(info.previous) : null, rollPending: info.rollPending };
  }

  @Post('endpoints/:endpointId/key/roll')
  @HttpCode(200)
  @ApiOperation({ summary: 'Roll the key: confirm with your password, choose when the current key expires; the new key is in the answer, once' })
  @ApiParam({ name: 'endpointId' })
  @ApiStateChange()
  @ApiJsonBody('RollKeyRequest')
  @ApiJsonResponse(200, 'RollKeyResult', 'The new key')
  @ApiProblems(400, 401, 403, 404, 409, 503, 504)
  async roll(@Operator() operator: OperatorCall, @Req() request: Request, @Param('endpointId') endpointId: string, @Body() body: unknown) {
    const input = parseInput(RollKeyRequest, body);
    const rolled = await this.keys.roll(operator, { requestId: idempotencyKeyOf(request), endpointId: endpointIdParam(endpointId), oldKeyExpiry: input.oldKeyExpiry, password: input.password });
    return { maskedKey: rolled.maskedKey, key: rolled.plaintext, oldKeyExpiresAt: rolled.oldKeyExpiresAt };
  }
}
