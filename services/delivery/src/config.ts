import { z } from 'zod';
import { DEFAULT_BREAKER_POLICY, DEFAULT_RETRY_POLICY, parseRetrySchedule, type BreakerPolicy, type RetryPolicy } from '@bakuun/delivery-domain';
import { booleanFlag, brokerList, parseEnv, port } from '@bakuun/platform';

const millis = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const count = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const topic = (name: string) => z.string().min(1).default(name);

const schedule = z.string().transform((value, ctx) => {
  try {
    return parseRetrySchedule(value, 'DELIVERY_RETRY_SCHEDULE');
  } catch (error) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: error instanceof Error ? error.message : String(error) });
    return z.NEVER;
  }
});

const schema = z
  .object({
    MONGODB_URI: z.string().url(),
    /** @defaultValue `bakuun_delivery` */
    DELIVERY_DATABASE: z.string().min(1).default('bakuun_delivery'),
    KAFKA_BROKERS: brokerList,
    /** @defaultValue 50053 */
    DELIVERY_GRPC_PORT: port.default(50053),
    /** Health, metrics (and later the inbound edge). @defaultValue 8083 */
    DELIVERY_HTTP_PORT: port.default(8083),
    /** @defaultValue `127.0.0.1` */
    BIND_HOST: z.string().min(1).default('127.0.0.1'),
    /** The endpoint registry's gRPC address (SuspendEndpoint on 410 Gone). @defaultValue `127.0.0.1:50051` */
    REGISTRY_URL: z.string().min(1).default('127.0.0.1:50051'),
    /** Key management's gRPC address (GetSigningSecrets). @defaultValue `127.0.0.1:50052` */
    KEY_MANAGEMENT_URL: z.string().min(1).default('127.0.0.1:50052'),
    /** Dev/test only: let deliveries reach loopback addresses (also over http). Private, link-local and metadata addresses stay refused. @defaultValue false */
    ALLOW_INSECURE_LOOPBACK_URLS: booleanFlag.default('false'),
    /** @defaultValue `webhooks.endpoint-events.v1` */
    ENDPOINT_EVENTS_TOPIC: topic('webhooks.endpoint-events.v1'),
    /** @defaultValue `bakuun.ari.v1` */
    ARI_TOPIC: topic('bakuun.ari.v1'),
    /** @defaultValue `bakuun.mapping.v1` */
    MAPPING_TOPIC: topic('bakuun.mapping.v1'),
    /** @defaultValue `bakuun.booking-events.v1` */
    BOOKING_TOPIC: topic('bakuun.booking-events.v1'),
    /** @defaultValue `webhooks.delivery-attempts.v1` */
    DELIVERY_ATTEMPTS_TOPIC: topic('webhooks.delivery-attempts.v1'),
    /** Consumer group of the upstream topics. @defaultValue `delivery` */
    DELIVERY_CONSUMER_GROUP: z.string().min(1).default('delivery'),
    /** Consumer group of the endpoint events (the endpoint view). @defaultValue `delivery-endpoint-view` */
    ENDPOINT_VIEW_CONSUMER_GROUP: z.string().min(1).default('delivery-endpoint-view'),
    /** Kafka consumer session timeout: how long a crashed consumer holds its partitions before a rebalance. @defaultValue 30000 */
    KAFKA_SESSION_TIMEOUT_MS: millis(6_000, 300_000).default(30_000),
    /** Upstream partitions consumed at once. @defaultValue 4 */
    INGEST_PARTITIONS_CONCURRENTLY: count(1, 64).default(4),
    /** Delays between attempts (ms, s, m, h), jittered ±DELIVERY_RETRY_JITTER. @defaultValue `5s,5m,30m,2h,5h,10h,10h` */
    DELIVERY_RETRY_SCHEDULE: schedule.default('5s,5m,30m,2h,5h,10h,10h'),
    /** @defaultValue 0.2 */
    DELIVERY_RETRY_JITTER: z.coerce.number().min(0).max(1).default(DEFAULT_RETRY_POLICY.jitterRatio),
    /** A Retry-After on 429/503 is honoured up to this. @defaultValue 3600000 (1 h) */
    DELIVERY_RETRY_AFTER_CAP_MS: millis(0, 86_400_000).default(DEFAULT_RETRY_POLICY.retryAfterCapMs),
    /** @defaultValue 5000 */
    DELIVERY_CONNECT_TIMEOUT_MS: millis(50, 60_000).default(5_000),
    /** Whole attempt: connect, headers and the (capped) body. @defaultValue 15000 */
    DELIVERY_TOTAL_TIMEOUT_MS: millis(100, 120_000).default(15_000),
    /** Response bytes read (and kept, up to 512 of them, as an excerpt); the rest is discarded. @defaultValue 65536 */
    DELIVERY_RESPONSE_BODY_CAP_BYTES: count(0, 10_485_760).default(65_536),
    /** Attempts in flight per endpoint (also its connection pool size). @defaultValue 8 */
    DELIVERY_ENDPOINT_CONCURRENCY: count(1, 256).default(8),
    /** Attempts in flight in this process. @defaultValue 512 */
    DELIVERY_GLOBAL_CONCURRENCY: count(1, 10_000).default(512),
    /** Consecutive timeouts / refused connections / 5xx / 429 that open an endpoint's breaker. @defaultValue 5 */
    DELIVERY_BREAKER_THRESHOLD: count(1, 1000).default(DEFAULT_BREAKER_POLICY.failureThreshold),
    /** How long an open breaker holds back attempts before one probe (doubling up to 10 min). @defaultValue 30000 */
    DELIVERY_BREAKER_OPEN_MS: millis(10, 3_600_000).default(DEFAULT_BREAKER_POLICY.openMs),
    /** Pending deliveries one endpoint keeps in memory; more wait in MongoDB and are loaded in order. @defaultValue 2000 */
    DELIVERY_ENDPOINT_WINDOW: count(1, 1_000_000).default(2_000),
    /** Pending deliveries all endpoints keep in memory. @defaultValue 100000 */
    DELIVERY_MEMORY_WINDOW: count(1, 10_000_000).default(100_000),
    /** An endpoint's deliveries are worked by the process holding its lease; a dead process's lease lapses after this. @defaultValue 15000 */
    DELIVERY_LEASE_MS: millis(500, 600_000).default(15_000),
    /** How often the store is scanned for work no live process holds (crashed owners, other instances' inserts). @defaultValue 1000 */
    DELIVERY_POLL_INTERVAL_MS: millis(10, 60_000).default(1_000),
    /** Messages are kept this long for ReplaySince and Redeliver; deliveries and attempts twice as long. @defaultValue 168 (7 days) */
    DELIVERY_RETENTION_HOURS: z.coerce.number().positive().max(24 * 365).default(168),
    /** How long fetched signing secrets are reused (a key roll or deletion invalidates them at once). @defaultValue 60000 */
    SIGNING_SECRET_CACHE_MS: millis(0, 3_600_000).default(60_000),
    /** Start consuming upstream topics only once the endpoint view caught up, or after this long. @defaultValue 30000 */
    ENDPOINT_VIEW_CATCH_UP_MS: millis(0, 600_000).default(30_000),
    /** @defaultValue info */
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .transform((c) => {
    const retryPolicy: RetryPolicy = { schedule: c.DELIVERY_RETRY_SCHEDULE, jitterRatio: c.DELIVERY_RETRY_JITTER, retryAfterCapMs: c.DELIVERY_RETRY_AFTER_CAP_MS };
    const breakerPolicy: BreakerPolicy = { failureThreshold: c.DELIVERY_BREAKER_THRESHOLD, openMs: c.DELIVERY_BREAKER_OPEN_MS, maxOpenMs: Math.max(DEFAULT_BREAKER_POLICY.maxOpenMs, c.DELIVERY_BREAKER_OPEN_MS) };
    return { ...c, retryPolicy, breakerPolicy };
  })
  .refine((c) => c.DELIVERY_CONNECT_TIMEOUT_MS <= c.DELIVERY_TOTAL_TIMEOUT_MS, { path: ['DELIVERY_CONNECT_TIMEOUT_MS'], message: 'must not exceed DELIVERY_TOTAL_TIMEOUT_MS' })
  .refine((c) => c.DELIVERY_ENDPOINT_WINDOW <= c.DELIVERY_MEMORY_WINDOW, { path: ['DELIVERY_ENDPOINT_WINDOW'], message: 'must not exceed DELIVERY_MEMORY_WINDOW' });

export type DeliveryConfig = z.infer<typeof schema>;

/** The only reader of the environment in this service. */
export function loadDeliveryConfig(env: Record<string, string | undefined> = process.env): DeliveryConfig {
  return parseEnv(schema, env);
}
