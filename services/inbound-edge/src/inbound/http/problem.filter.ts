import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { newTypeId } from '@bakuun/platform';
import { problem, type ProblemKind } from '../../rules/problem';
import { sendProblem } from './problem.response';

const byStatus: Record<number, ProblemKind> = { 404: 'route-not-found', 405: 'method-not-allowed', 406: 'not-acceptable', 413: 'payload-too-large', 415: 'unsupported-media-type' };

/** Whatever escapes a handler (an unknown route, a bug) is still answered as a problem document, without internals. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request>();
    if (res.headersSent) return;
    const status = error instanceof HttpException ? error.getStatus() : 500;
    const kind = byStatus[status] ?? 'internal-error';
    if (kind === 'internal-error') this.logger.error(`unhandled error on ${req.method} ${req.path}: ${error instanceof Error ? error.message : String(error)}`);
    const requestId = String(res.getHeader('X-Request-Id') ?? newTypeId('req_', Date.now()));
    sendProblem(res, problem(kind, kind === 'internal-error' ? 'The request failed on our side.' : `${req.method} ${req.path} is not served here.`), req.path, requestId);
  }
}
