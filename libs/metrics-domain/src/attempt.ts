/**
 * One attempt as the metrics service sees it, whatever carried it: an outbound delivery to a
 * partner's URL, or an inbound request of a partner to a platform URL.
 * Times are epoch milliseconds; they enter from the message, never from a clock.
 */
export interface AttemptRecord {
  /** `atmpt_...`: the idempotency key. */
  readonly attemptId: string;
  readonly endpointId: string;
  readonly partnerId: string;
  readonly category: EndpointCategory | null;
  /** Null when the producer does not say; outbound is then assumed (see `resolveDirection`). */
  readonly direction: EndpointDirection | null;
  readonly attemptedAt: number;
  /** The HTTP status answered; 0 when no answer arrived. */
  readonly statusCode: number;
  /** Null when unknown. */
  readonly latencyMs: number | null;
  readonly errorKind: AttemptErrorKind;
}

export type EndpointCategory = 'MAPPING' | 'ARI' | 'BOOKING';
export type EndpointDirection = 'OUTBOUND' | 'INBOUND';

/** What went wrong on the wire, as the producer of the attempt classified it. */
export type AttemptErrorKind =
  | 'NONE'
  | 'UNSPECIFIED'
  | 'REDIRECT'
  | 'HTTP_AUTH'
  | 'HTTP_GONE'
  | 'HTTP_RATE_LIMITED'
  | 'HTTP_4XX'
  | 'HTTP_5XX'
  | 'CONNECT_TIMEOUT'
  | 'TIMEOUT'
  | 'CONNECTION_REFUSED'
  | 'CONNECTION_RESET'
  | 'DNS'
  | 'TLS'
  | 'SSRF_REFUSED'
  | 'SIGNING_UNAVAILABLE'
  | 'OTHER';

/** Why an attempt failed, as operators read it (mirrors `FailureClass` of endpoint_health.proto). */
export type FailureClass =
  | 'TIMEOUT'
  | 'CONNECTION_REFUSED'
  | 'CONNECTION_RESET'
  | 'TLS'
  | 'DNS'
  | 'SSRF_REFUSED'
  | 'REDIRECT'
  | 'HTTP_4XX'
  | 'HTTP_5XX'
  | 'AUTH'
  | 'OTHER';

export const FAILURE_CLASSES: readonly FailureClass[] = ['TIMEOUT', 'CONNECTION_REFUSED', 'CONNECTION_RESET', 'TLS', 'DNS', 'SSRF_REFUSED', 'REDIRECT', 'HTTP_4XX', 'HTTP_5XX', 'AUTH', 'OTHER'];

/** Where a message sits in its topic: the key of per-document watermarks that make replays exact. */
export interface AttemptPosition {
  /** Topic and partition, e.g. `webhooks_delivery-attempts_v1:3` (no dots: it is a document key). */
  readonly partitionKey: string;
  readonly offset: number;
}

export function partitionKeyOf(topic: string, partition: number): string {
  return `${topic.replace(/\./g, '_')}:${partition}`;
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
