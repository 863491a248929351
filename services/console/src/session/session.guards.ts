import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { PermissionDeniedError, UnauthenticatedError } from '@bakuun/errors';
import { requestIdOf } from '../http/console-request';
import type { OperatorCall } from '../upstream/operator-call';
import { CSRF_HEADER, csrfRejection, type CsrfRejection } from './csrf';
import { SessionService } from './session.service';

const CSRF_MESSAGES: Record<CsrfRejection, string> = {
  CROSS_ORIGIN: 'Requests from other sites are not accepted.',
  NO_SESSION: 'Your session has ended. Reload the page and try again.',
  TOKEN_MISSING: 'This page is out of date. Reload it and try again.',
  TOKEN_MISMATCH: 'This page is out of date. Reload it and try again.',
};

/** Refuses POST, PUT and DELETE without the session's CSRF token or from another origin. */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(private readonly sessions: SessionService) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const rejection = csrfRejection(
      {
        method: request.method,
        origin: request.header('origin'),
        secFetchSite: request.header('sec-fetch-site'),
        host: request.header('host'),
        csrfHeader: request.header(CSRF_HEADER),
      },
      this.sessions.current(request)?.session.csrfToken ?? null,
    );
    if (rejection) throw new PermissionDeniedError(`CONSOLE.CSRF_${rejection}`, CSRF_MESSAGES[rejection]);
    return true;
  }
}

/** Lets through signed-in operators only. */
@Injectable()
export class SignedInGuard implements CanActivate {
  constructor(private readonly sessions: SessionService) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const operator = this.sessions.operatorOf(request);
    if (!operator) throw new UnauthenticatedError('CONSOLE.SIGN_IN_REQUIRED', 'Sign in to continue.');
    attachOperator(request, operator);
    return true;
  }
}

/** The signed-in operator as the scope of platform calls (only after SignedInGuard). */
export const Operator = createParamDecorator((_: unknown, context: ExecutionContext): OperatorCall => {
  const request = context.switchToHttp().getRequest<Request & { consoleOperator?: OperatorCall }>();
  if (!request.consoleOperator) throw new UnauthenticatedError('CONSOLE.SIGN_IN_REQUIRED', 'Sign in to continue.');
  return request.consoleOperator;
});

export function attachOperator(request: Request, operator: { partnerId: string; operatorId: string }): void {
  (request as Request & { consoleOperator?: OperatorCall }).consoleOperator = { ...operator, correlationId: requestIdOf(request) };
}
