import { Controller, Get, Inject, Logger, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { EndpointView } from '@bakuun/endpoint-domain';
import { newTypeId } from '@bakuun/platform';
import type { InboundEdgeConfig } from '../../config';
import { afterValidation, beforeValidation, InboundRoute, keyRejected, type ValidatedKey } from '../../rules/access';
import { bodyFormatOf } from '../../rules/booking-request';
import { buildPage, etagOf, ifNoneMatchHits, parsePageRequest } from '../../rules/mapping-page';
import { problem, type Problem } from '../../rules/problem';
import { AttemptPublisher } from '../attempts/attempt-publisher';
import { ApiKeyAuthenticator } from '../auth/key-validator';
import { RateLimiter } from '../auth/rate-limiter';
import { PushBookingHandler } from '../bookings/push-booking.handler';
import { EndpointDirectory } from '../endpoint-view/endpoint-directory';
import { CLOCK, Clock, INBOUND_CONFIG } from '../inbound.di-tokens';
import { MappingRepository } from '../mapping/mapping.repository';
import { sendProblem } from './problem.response';
import { readBody } from './read-body';

interface Exchange {
  readonly req: Request;
  readonly res: Response;
  readonly requestId: string;
  readonly startedAt: Date;
  readonly pathEndpoint: EndpointView | undefined;
  key: ValidatedKey | null;
  messageId: string;
  errorCode: string;
}

/**
 * The partner-facing routes, at the paths the registry generates
 * (`<INBOUND_BASE_URL>/v1/inbound/{bookings|mapping}/<endpoint id>`). Every answer carries
 * `X-Request-Id`; errors are RFC 9457 problem documents; every answered request of a known
 * endpoint becomes an attempt on `webhooks.delivery-attempts.v1`.
 */
@Controller('v1/inbound')
export class InboundController {
  private readonly logger = new Logger(InboundController.name);

  constructor(
    private readonly directory: EndpointDirectory,
    private readonly authenticator: ApiKeyAuthenticator,
    private readonly limiter: RateLimiter,
    private readonly pushBooking: PushBookingHandler,
    private readonly mappings: MappingRepository,
    private readonly attempts: AttemptPublisher,
    @Inject(INBOUND_CONFIG) private readonly config: InboundEdgeConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('bookings/:endpointId')
  async push(@Param('endpointId') endpointId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.serve('BOOKING_PUSH', endpointId, req, res, async (x) => {
      const format = bodyFormatOf(req.headers['content-type']);
      if (!format) return problem('unsupported-media-type', 'Send application/json or application/xml (text/xml) booking documents.');
      const body = await readBody(req, this.config.INBOUND_MAX_BODY_BYTES);
      if (body === 'TOO_LARGE') return problem('payload-too-large', `The body exceeds ${this.config.INBOUND_MAX_BODY_BYTES} bytes.`);
      const idempotencyHeader = req.headers['idempotency-key'];
      const result = await this.pushBooking.execute({ endpoint: x.pathEndpoint!, body, format, idempotencyKeyHeader: Array.isArray(idempotencyHeader) ? idempotencyHeader.join(',') : idempotencyHeader, requestId: x.requestId });
      if (result.kind === 'PROBLEM') return result.problem;
      x.messageId = result.messageId;
      if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
      res.status(result.answer.status).setHeader('Content-Type', result.answer.contentType);
      res.end(result.answer.body);
      return null;
    });
  }

  @Get('mapping/:endpointId')
  async read(@Param('endpointId') endpointId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.serve('MAPPING_READ', endpointId, req, res, async (x) => {
      const page = parsePageRequest(req.query.cursor, req.query.limit);
      if (!page.ok) return problem('invalid-payload', page.message, { errors: [{ field: page.field, code: 'INBOUND.BAD_QUERY', message: page.message }] });
      const hotels = await this.mappings.page(x.pathEndpoint!.partnerId, page.after, page.limit + 1);
      const body = JSON.stringify(buildPage(hotels, page.limit));
      const etag = etagOf(body);
      res.setHeader('ETag', etag);
      res.setHeader('Cache-Control', 'private, no-cache');
      if (ifNoneMatchHits(req.headers['if-none-match'], etag)) {
        res.status(304).end();
        return null;
      }
      res.status(200).setHeader('Content-Type', 'application/json');
      res.end(body);
      return null;
    });
  }

  /** Authentication, endpoint state and rate limit, then the route; a returned problem is the answer. */
  private async serve(route: InboundRoute, endpointId: string, req: Request, res: Response, handle: (x: Exchange) => Promise<Problem | null>): Promise<void> {
    const startedAt = this.clock.now();
    const x: Exchange = { req, res, requestId: newTypeId('req_', startedAt.getTime()), startedAt, pathEndpoint: this.directory.get(endpointId), key: null, messageId: '', errorCode: '' };
    res.setHeader('X-Request-Id', x.requestId);
    let answer: Problem | null;
    try {
      answer = await this.gate(route, endpointId, x);
      if (answer === null) answer = await handle(x);
    } catch (error) {
      answer = problem('unavailable', 'The request could not be completed; retry shortly.', { retryAfter: 1 });
      this.logger.warn(`${route} ${x.requestId} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (answer) {
      x.errorCode = answer.code;
      sendProblem(res, answer, req.path, x.requestId);
    }
    this.record(x);
  }

  private async gate(route: InboundRoute, endpointId: string, x: Exchange): Promise<Problem | null> {
    const presented = presentedKey(x.req);
    const early = beforeValidation(presented, x.pathEndpoint);
    if (early) return early;
    const check = await this.authenticator.authenticate(presented!);
    if (check.kind === 'REJECTED') return keyRejected();
    if (check.kind === 'UNAVAILABLE') return problem('unavailable', 'API keys cannot be checked right now; retry shortly.', { retryAfter: 1 });
    x.key = check.key;
    const refused = afterValidation(route, endpointId, check.key, x.pathEndpoint);
    if (refused) return refused;
    const token = this.limiter.take(check.key.keyId);
    if (!token.allowed) return problem('rate-limited', `More than ${this.config.INBOUND_RATE_LIMIT_PER_SECOND} requests per second for this API key.`, { retryAfter: token.retryAfterSeconds });
    x.res.setHeader('RateLimit-Limit', String(this.config.INBOUND_RATE_LIMIT_BURST));
    x.res.setHeader('RateLimit-Remaining', String(token.remaining));
    return null;
  }

  /** Requests are the path endpoint's attempts, unless they were made with another endpoint's key (that is not this endpoint's partner failing). */
  private record(x: Exchange): void {
    const endpoint = x.pathEndpoint;
    if (!endpoint || (x.key && x.key.endpointId !== endpoint.endpointId)) return;
    this.attempts.record({
      endpoint,
      requestId: x.requestId,
      messageId: x.messageId,
      statusCode: x.res.statusCode,
      latencyMs: this.clock.now().getTime() - x.startedAt.getTime(),
      startedAt: x.startedAt,
      keyId: x.key?.keyId ?? '',
      errorMessage: x.errorCode,
    });
  }
}

/** `X-Api-Key: <key>` or `Authorization: Bearer <key>`. */
function presentedKey(req: Request): string | undefined {
  const header = req.headers['x-api-key'];
  if (typeof header === 'string' && header.trim() !== '') return header.trim();
  const auth = req.headers.authorization;
  if (auth && /^bearer\s+/i.test(auth)) return auth.replace(/^bearer\s+/i, '').trim() || undefined;
  return undefined;
}
