import { z } from 'zod';
import { brokerList, parseEnv, port } from '@bakuun/platform';

const millis = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const topic = (name: string) => z.string().min(1).default(name);

const schema = z.object({
  MONGODB_URI: z.string().url(),
  /** Endpoint view, mapping read model, idempotency records. @defaultValue `bakuun_inbound` */
  INBOUND_DATABASE: z.string().min(1).default('bakuun_inbound'),
  KAFKA_BROKERS: brokerList,
  /** Partner-facing HTTP (booking push, mapping read) and /healthz, /readyz, /metrics. @defaultValue 8085 */
  INBOUND_HTTP_PORT: port.default(8085),
  /** @defaultValue `127.0.0.1` */
  BIND_HOST: z.string().min(1).default('127.0.0.1'),
  /** Key management's gRPC address (ValidateApiKey). @defaultValue `127.0.0.1:50052` */
  KEY_MANAGEMENT_URL: z.string().min(1).default('127.0.0.1:50052'),
  /** @defaultValue 2000 */
  KEY_MANAGEMENT_TIMEOUT_MS: millis(50, 60_000).default(2000),
  /**
   * How long the edge trusts a validation of a current key without asking key management again.
   * Rolls and deletions invalidate at once (endpoint events); the key's last use, recorded by key
   * management on validation, is at most this old. @defaultValue 2000
   */
  INBOUND_KEY_CACHE_MS: millis(0, 60_000).default(2000),
  /** Booking push bodies above this are refused with 413. @defaultValue 1048576 */
  INBOUND_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
  /** Sustained requests per second per API key. @defaultValue 20 */
  INBOUND_RATE_LIMIT_PER_SECOND: z.coerce.number().positive().max(1_000_000).default(20),
  /** Burst per API key. @defaultValue 40 */
  INBOUND_RATE_LIMIT_BURST: z.coerce.number().int().min(1).max(1_000_000).default(40),
  /** A request holding an idempotency key this long without finishing (a crashed edge) may be taken over by a retry. @defaultValue 30000 */
  INBOUND_IDEMPOTENCY_LEASE_MS: millis(1000, 600_000).default(30_000),
  /** How long answers are kept for replay. @defaultValue 86400000 (24 h) */
  INBOUND_IDEMPOTENCY_RETENTION_MS: millis(60_000, 30 * 86_400_000).default(86_400_000),
  /** Longest a booking push waits for Kafka before answering 503. @defaultValue 5000 */
  INBOUND_PRODUCE_TIMEOUT_MS: millis(100, 60_000).default(5000),
  /** How long the booking validation trusts a hotel's mapping codes. @defaultValue 1000 */
  INBOUND_MAPPING_CODES_CACHE_MS: millis(0, 60_000).default(1000),
  /** @defaultValue `webhooks.endpoint-events.v1` */
  ENDPOINT_EVENTS_TOPIC: topic('webhooks.endpoint-events.v1'),
  /** @defaultValue `bakuun.mapping.v1` */
  MAPPING_TOPIC: topic('bakuun.mapping.v1'),
  /** @defaultValue `webhooks.inbound-bookings.v1` */
  INBOUND_BOOKINGS_TOPIC: topic('webhooks.inbound-bookings.v1'),
  /** @defaultValue `webhooks.delivery-attempts.v1` */
  DELIVERY_ATTEMPTS_TOPIC: topic('webhooks.delivery-attempts.v1'),
  /** @defaultValue `inbound-edge-endpoint-view` */
  ENDPOINT_VIEW_CONSUMER_GROUP: z.string().min(1).default('inbound-edge-endpoint-view'),
  /** @defaultValue `inbound-edge-mapping` */
  MAPPING_CONSUMER_GROUP: z.string().min(1).default('inbound-edge-mapping'),
  /** How long start-up waits for the endpoint view to catch up with its topic. @defaultValue 30000 */
  ENDPOINT_VIEW_CATCH_UP_MS: millis(0, 600_000).default(30_000),
  /** @defaultValue info */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type InboundEdgeConfig = z.infer<typeof schema>;

/** The only reader of the environment in this service. */
export function loadInboundEdgeConfig(env: Record<string, string | undefined> = process.env): InboundEdgeConfig {
  return parseEnv(schema, env);
}
