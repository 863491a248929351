import { deliveryV1, endpointsV1 } from '@bakuun/contracts';
import { isEndpointId } from '@bakuun/endpoint-domain';
import type { AttemptErrorKind, AttemptRecord, EndpointCategory, EndpointDirection } from '@bakuun/metrics-domain';
import type { AttemptDecoder } from '../ports/attempt-decoder.port';
import { AttemptWireFields, DeliveryAttemptWireReader } from './delivery-attempt.wire';

const categories: Partial<Record<endpointsV1.EndpointCategory, EndpointCategory>> = {
  [endpointsV1.EndpointCategory.ENDPOINT_CATEGORY_MAPPING]: 'MAPPING',
  [endpointsV1.EndpointCategory.ENDPOINT_CATEGORY_ARI]: 'ARI',
  [endpointsV1.EndpointCategory.ENDPOINT_CATEGORY_BOOKING]: 'BOOKING',
};

const directions: Partial<Record<endpointsV1.EndpointDirection, EndpointDirection>> = {
  [endpointsV1.EndpointDirection.ENDPOINT_DIRECTION_OUTBOUND]: 'OUTBOUND',
  [endpointsV1.EndpointDirection.ENDPOINT_DIRECTION_INBOUND]: 'INBOUND',
};

const E = deliveryV1.AttemptErrorClass;
const errorKinds: Record<deliveryV1.AttemptErrorClass, AttemptErrorKind> = {
  [E.ATTEMPT_ERROR_CLASS_UNSPECIFIED]: 'UNSPECIFIED',
  [E.ATTEMPT_ERROR_CLASS_NONE]: 'NONE',
  [E.ATTEMPT_ERROR_CLASS_REDIRECT]: 'REDIRECT',
  [E.ATTEMPT_ERROR_CLASS_HTTP_AUTH]: 'HTTP_AUTH',
  [E.ATTEMPT_ERROR_CLASS_HTTP_GONE]: 'HTTP_GONE',
  [E.ATTEMPT_ERROR_CLASS_HTTP_RATE_LIMITED]: 'HTTP_RATE_LIMITED',
  [E.ATTEMPT_ERROR_CLASS_HTTP_4XX]: 'HTTP_4XX',
  [E.ATTEMPT_ERROR_CLASS_HTTP_5XX]: 'HTTP_5XX',
  [E.ATTEMPT_ERROR_CLASS_CONNECT_TIMEOUT]: 'CONNECT_TIMEOUT',
  [E.ATTEMPT_ERROR_CLASS_TIMEOUT]: 'TIMEOUT',
  [E.ATTEMPT_ERROR_CLASS_CONNECTION_REFUSED]: 'CONNECTION_REFUSED',
  [E.ATTEMPT_ERROR_CLASS_CONNECTION_RESET]: 'CONNECTION_RESET',
  [E.ATTEMPT_ERROR_CLASS_DNS]: 'DNS',
  [E.ATTEMPT_ERROR_CLASS_TLS]: 'TLS',
  [E.ATTEMPT_ERROR_CLASS_SSRF_REFUSED]: 'SSRF_REFUSED',
  [E.ATTEMPT_ERROR_CLASS_SIGNING_UNAVAILABLE]: 'SIGNING_UNAVAILABLE',
  [E.ATTEMPT_ERROR_CLASS_OTHER]: 'OTHER',
  [E.UNRECOGNIZED]: 'OTHER',
};

/**
 * `bakuun.webhooks.delivery.v1.DeliveryAttempt`, delivery's contract for
 * `webhooks.delivery-attempts.v1`: outbound deliveries and (`direction` INBOUND) the outcomes of
 * partners' requests to the inbound edge. A message without a direction (a producer older than
 * the field) is left null, which the error-rate definition reads as outbound.
 */
export class DeliveryAttemptDecoder implements AttemptDecoder {
  /** Endpoint ids already checked (bounded: cleared when it grows past 100,000). */
  private readonly validIds = new Set<string>();
  private readonly wire = new DeliveryAttemptWireReader();

  decode(value: Buffer): AttemptRecord | null {
    let message: AttemptWireFields;
    try {
      message = this.wire.read(value);
    } catch {
      return null;
    }
    const attemptedAt = Date.parse(message.attemptedAt);
    if (!message.attemptId || !message.partnerId || Number.isNaN(attemptedAt) || !this.isValidEndpoint(message.endpointId)) return null;
    return {
      attemptId: message.attemptId,
      endpointId: message.endpointId,
      partnerId: message.partnerId,
      category: categories[message.category as endpointsV1.EndpointCategory] ?? null,
      direction: message.direction === undefined ? null : (directions[message.direction as endpointsV1.EndpointDirection] ?? null),
      attemptedAt,
      statusCode: message.statusCode,
      latencyMs: Number.isFinite(message.latencyMs) && message.latencyMs >= 0 ? message.latencyMs : null,
      errorKind: errorKinds[message.errorClass as deliveryV1.AttemptErrorClass] ?? 'OTHER',
    };
  }

  private isValidEndpoint(endpointId: string): boolean {
    if (this.validIds.has(endpointId)) return true;
    if (!isEndpointId(endpointId)) return false;
    if (this.validIds.size >= 100_000) this.validIds.clear();
    this.validIds.add(endpointId);
    return true;
  }
}
