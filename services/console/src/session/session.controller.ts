import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiCookieAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Counter } from 'prom-client';
import { UnauthenticatedError } from '@bakuun/errors';
import { ServiceMetrics } from '@bakuun/platform';
import { SignInRequest, type SessionViewDto } from '../api/api.schemas';
import { ApiJsonBody, ApiJsonResponse, ApiProblems, ApiStateChange } from '../api/openapi';
import { requestIdOf } from '../http/console-request';
import { parseInput } from '../http/request-input';
import { OPERATOR_AUTHENTICATOR, OperatorRejectedError, type OperatorAuthenticator } from './operator-authenticator.port';
import { CsrfGuard } from './session.guards';
import { SessionService } from './session.service';
import type { Session } from './session.store';

function view(session: Session): SessionViewDto {
  return { signedIn: session.operator !== null, partnerId: session.operator?.partnerId ?? null, operatorId: session.operator?.operatorId ?? null, csrfToken: session.csrfToken };
}

@ApiTags('session')
@Controller('api/session')
@UseGuards(CsrfGuard)
export class SessionController {
  private readonly signIns: Counter<'outcome'>;

  constructor(
    private readonly sessions: SessionService,
    @Inject(OPERATOR_AUTHENTICATOR) private readonly authenticator: OperatorAuthenticator,
    metrics: ServiceMetrics,
  ) {
    this.signIns = new Counter({ name: 'console_sign_ins_total', help: 'Console sign-in attempts by outcome', labelNames: ['outcome'], registers: [metrics.registry] });
  }

  @Get()
  @ApiOperation({ summary: 'The current session, and the CSRF token for the next POST, PUT or DELETE; starts an anonymous session if there is none' })
  @ApiJsonResponse(200, 'SessionView', 'The session')
  @ApiProblems(503)
  current(@Req() request: Request, @Res({ passthrough: true }) response: Response): SessionViewDto {
    const current = this.sessions.current(request);
    return view(current ? current.session : this.sessions.start(request, response, null));
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in: the operator’s password is verified by key management; a new session replaces the current one' })
  @ApiStateChange()
  @ApiJsonBody('SignInRequest')
  @ApiJsonResponse(200, 'SessionView', 'Signed in')
  @ApiProblems(400, 401, 403, 503)
  async signIn(@Req() request: Request, @Res({ passthrough: true }) response: Response, @Body() body: unknown): Promise<SessionViewDto> {
    const { partnerId, operatorId, password } = parseInput(SignInRequest, body);
    try {
      await this.authenticator.verify({ partnerId, operatorId, password, correlationId: requestIdOf(request) });
    } catch (error) {
      this.signIns.inc({ outcome: error instanceof OperatorRejectedError ? 'rejected' : 'failed' });
      if (error instanceof OperatorRejectedError) {
        throw new UnauthenticatedError('CONSOLE.SIGN_IN_REJECTED', 'The partner, operator or password was not accepted. Repeated failures lock the account for a while.', { field: 'password' });
      }
      throw error;
    }
    this.signIns.inc({ outcome: 'signed_in' });
    return view(this.sessions.start(request, response, { partnerId, operatorId }));
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out' })
  @ApiCookieAuth('session')
  @ApiStateChange()
  @ApiNoContentResponse({ description: 'Signed out' })
  @ApiProblems(403)
  signOut(@Req() request: Request, @Res({ passthrough: true }) response: Response): void {
    this.sessions.end(request, response);
  }
}
