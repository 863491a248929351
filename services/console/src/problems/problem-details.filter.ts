import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { requestIdOf } from '../http/console-request';
import { UpstreamCallError } from '../upstream/upstream-call';
import { PROBLEM_CONTENT_TYPE, toProblemDetails } from './problem-details';

/** The one exception filter of the HTTP API: every error leaves as an RFC 9457 problem document. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = toProblemDetails(error, request.path, requestIdOf(request));
    if (problem.status >= 500) {
      const cause = error instanceof UpstreamCallError ? error.cause : error;
      const described = cause instanceof Error ? cause.stack ?? cause.message : JSON.stringify(cause);
      this.logger.error(`${request.method} ${request.path} → ${problem.status} ${problem.code} (request ${problem.requestId}): ${described}`);
    }
    if (response.headersSent) return;
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }
}
