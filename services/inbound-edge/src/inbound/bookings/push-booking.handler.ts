import { Inject, Injectable, Logger } from '@nestjs/common';
import type { inboundV1 } from '@bakuun/contracts';
import type { EndpointView } from '@bakuun/endpoint-domain';
import type { InboundEdgeConfig } from '../../config';
import { BodyFormat, idempotencyKeyOf, inboundMessageId, parseBookingRequest, requestFingerprint, unknownCodes } from '../../rules/booking-request';
import { problem, type FieldError, type Problem } from '../../rules/problem';
import { CLOCK, Clock, INBOUND_CONFIG } from '../inbound.di-tokens';
import { MappingCodes } from '../mapping/mapping-codes';
import { BookingProducer, ProduceFailedError } from './booking.producer';
import { IdempotencyRepository, type StoredAnswer } from './idempotency.repository';

export interface PushBooking {
  readonly endpoint: EndpointView;
  readonly body: Uint8Array;
  readonly format: BodyFormat;
  readonly idempotencyKeyHeader: string | undefined;
  readonly requestId: string;
}

export type PushResult = { readonly kind: 'ANSWER'; readonly answer: StoredAnswer; readonly replayed: boolean; readonly messageId: string } | { readonly kind: 'PROBLEM'; readonly problem: Problem };

/**
 * Booking push: validate (nothing is stored or produced for an invalid request) → claim the
 * idempotency key → produce every booking of the request to Kafka → store the answer. Each
 * write is group-committed with the concurrent pushes' (claims and answers in one insert,
 * bookings in one produce request).
 * 202 is answered only after Kafka acknowledged; if it does not, the claim is released and the
 * partner gets 503 (a retry with the same key produces messages with the same ids, so even an
 * uncertain failure yields no booking a consumer cannot deduplicate).
 */
@Injectable()
export class PushBookingHandler {
  private readonly logger = new Logger(PushBookingHandler.name);

  constructor(
    private readonly idempotency: IdempotencyRepository,
    private readonly producer: BookingProducer,
    private readonly mappingCodes: MappingCodes,
    @Inject(INBOUND_CONFIG) private readonly config: InboundEdgeConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: PushBooking): Promise<PushResult> {
    const { endpoint, body, format, requestId } = command;
    const key = idempotencyKeyOf(command.idempotencyKeyHeader, body);
    if (!key.ok) return invalid('The Idempotency-Key header is malformed.', [key.error]);
    const now = this.clock.now();
    const receivedAt = now.toISOString();
    const parsed = parseBookingRequest(body, format, endpoint.partnerId, receivedAt);
    if (!parsed.ok) return invalid(`${parsed.errors.length} problem(s) in the booking document.`, parsed.errors);
    const codeErrors = unknownCodes(parsed.bookings, await this.mappingCodes.codes(endpoint.partnerId, parsed.hotelCodes));
    if (codeErrors.length > 0) return invalid(`${codeErrors.length} unknown code(s) in the booking document.`, codeErrors);

    const fingerprint = requestFingerprint(format, body);
    const claim = await this.idempotency.claim({ endpointId: endpoint.endpointId, key: key.key, fingerprint, nowMs: now.getTime(), leaseMs: this.config.INBOUND_IDEMPOTENCY_LEASE_MS, retentionMs: this.config.INBOUND_IDEMPOTENCY_RETENTION_MS });
    const firstMessageId = inboundMessageId(endpoint.endpointId, key.key, 1);
    switch (claim.kind) {
      case 'REPLAY':
        return { kind: 'ANSWER', answer: claim.answer, replayed: true, messageId: firstMessageId };
      case 'KEY_REUSED':
        return { kind: 'PROBLEM', problem: problem('idempotency-key-reused', 'This Idempotency-Key was already used for a request with another body; use a new key for a new request.') };
      case 'IN_PROGRESS':
        return { kind: 'PROBLEM', problem: problem('request-in-progress', 'The first request with this Idempotency-Key has not finished yet.', { retryAfter: claim.retryAfterMs / 1000 }) };
      case 'CLAIMED':
        break;
      default:
        return assertNever(claim);
    }

    const messages: inboundV1.InboundBooking[] = parsed.bookings.map((booking, index) => ({
      messageId: inboundMessageId(endpoint.endpointId, key.key, index + 1),
      endpointId: endpoint.endpointId,
      partnerId: endpoint.partnerId,
      idempotencyKey: key.key,
      position: index + 1,
      count: parsed.bookings.length,
      receivedAt,
      requestId,
      booking,
    }));
    try {
      await this.producer.produce(endpoint.partnerId, messages);
    } catch (error) {
      if (!(error instanceof ProduceFailedError)) throw error;
      this.logger.warn(`booking push ${requestId} for ${endpoint.endpointId} not accepted: ${error.message}`);
      await this.idempotency.release(endpoint.endpointId, key.key).catch(() => undefined);
      return { kind: 'PROBLEM', problem: problem('unavailable', 'The booking could not be handed over right now; nothing was accepted. Retry with the same Idempotency-Key.', { retryAfter: 1 }) };
    }
    const answer: StoredAnswer = {
      status: 202,
      contentType: 'application/json',
      body: JSON.stringify({ status: 'accepted', requestId, idempotencyKey: key.key, acceptedAt: receivedAt, bookings: messages.map((m) => ({ messageId: m.messageId, hotelCode: m.booking!.hotelCode, reservationId: m.booking!.reservationId })) }),
    };
    // Kafka has the bookings, so the partner gets its 202 now; the answer is written behind it
    // (group-committed with the next claims), and a failure to store it is no 5xx. If this
    // process dies first, a retry takes the claim over once its lease lapses and produces the
    // same message ids again, which consumers deduplicate.
    void this.idempotency.complete({ endpointId: endpoint.endpointId, key: key.key, fingerprint, answer, expiresAtMs: now.getTime() + this.config.INBOUND_IDEMPOTENCY_RETENTION_MS }).catch((error: unknown) => this.logger.warn(`answer of ${requestId} not stored: ${error instanceof Error ? error.message : String(error)}`));
    return { kind: 'ANSWER', answer, replayed: false, messageId: firstMessageId };
  }
}

const invalid = (detail: string, errors: readonly FieldError[]): PushResult => ({ kind: 'PROBLEM', problem: problem('invalid-payload', detail, { errors }) });

function assertNever(value: never): never {
  throw new Error(`unexpected claim ${JSON.stringify(value)}`);
}
