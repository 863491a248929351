import { z } from 'zod';
import { booleanFlag, brokerList, parseEnv, port } from '@bakuun/platform';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const schema = z.object({
  MONGODB_URI: z.string().url(),
  /** @defaultValue `bakuun_metrics` */
  METRICS_DATABASE: z.string().min(1).default('bakuun_metrics'),
  KAFKA_BROKERS: brokerList,
  /** @defaultValue 50054 */
  METRICS_GRPC_PORT: port.default(50054),
  /** @defaultValue 8084 */
  METRICS_HTTP_PORT: port.default(8084),
  /** @defaultValue `127.0.0.1` */
  BIND_HOST: z.string().min(1).default('127.0.0.1'),
  /** The endpoint registry's gRPC address (SuspendEndpoint). @defaultValue `127.0.0.1:50051` */
  REGISTRY_URL: z.string().min(1).default('127.0.0.1:50051'),
  /** Deadline of one SuspendEndpoint call. @defaultValue 5000 */
  REGISTRY_CALL_TIMEOUT_MS: int(100, 60_000).default(5000),
  /** @defaultValue `webhooks.delivery-attempts.v1` */
  DELIVERY_ATTEMPTS_TOPIC: z.string().min(1).default('webhooks.delivery-attempts.v1'),
  /** @defaultValue `webhooks.endpoint-health.v1` */
  ENDPOINT_HEALTH_TOPIC: z.string().min(1).default('webhooks.endpoint-health.v1'),
  /** The registry's events: status, category and activations of endpoints. @defaultValue `webhooks.endpoint-events.v1` */
  ENDPOINT_EVENTS_TOPIC: z.string().min(1).default('webhooks.endpoint-events.v1'),
  /** Consumer group of the attempts; the endpoint events use `<group>.endpoint-events`. @defaultValue `metrics` */
  METRICS_CONSUMER_GROUP: z.string().min(1).default('metrics'),
  /** Attempts are stored (one insert) and their offsets committed at least this often while the topic has a backlog; at once when caught up. @defaultValue 1000 */
  INGEST_FLUSH_INTERVAL_MS: int(10, 60_000).default(1000),
  /** ...or once this many messages wait. @defaultValue 50000 */
  INGEST_FLUSH_MAX_MESSAGES: int(1, 1_000_000).default(50_000),
  /** How long (by attempt time) attempt ids are remembered to drop a producer's second copy. @defaultValue 3 */
  DEDUPE_WINDOW_HOURS: int(1, 24).default(3),
  /** How often changed endpoints are evaluated: figures, health events, automatic suspension, compaction. @defaultValue 5000 */
  EVALUATION_INTERVAL_MS: int(50, 600_000).default(5000),
  /** Endpoints with attempts in the last 25 hours are evaluated again this often, as their windows roll. @defaultValue 60000 */
  HEALTH_ROLL_INTERVAL_MS: int(100, 3_600_000).default(60_000),
  /** An error-rate move that is published on its own (absolute, 0..1). @defaultValue 0.01 */
  HEALTH_RATE_CHANGE_THRESHOLD: z.coerce.number().min(0).max(1).default(0.01),
  /** After this long any change is published, so counts stay fresh. @defaultValue 300000 */
  HEALTH_REFRESH_INTERVAL_MS: int(1000, 86_400_000).default(300_000),
  /** Counted attempts a window needs before an endpoint may be called degraded or failing. @defaultValue 10 */
  HEALTH_MIN_ATTEMPTS: int(1, 1_000_000).default(10),
  /** Error rate from which an endpoint is degraded. @defaultValue 0.1 */
  HEALTH_DEGRADED_RATE: z.coerce.number().gt(0).max(1).default(0.1),
  /** @defaultValue true */
  AUTO_SUSPEND_ENABLED: booleanFlag.default('true'),
  /** How long every attempt must have failed. @defaultValue 432000 (5 days) */
  AUTO_SUSPEND_PERIOD_SECONDS: int(1, 90 * 86_400).default(432_000),
  /** Failed attempts the period must hold at least. @defaultValue 50 */
  AUTO_SUSPEND_MIN_FAILURES: int(1, 1_000_000).default(50),
  /** @defaultValue info */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type MetricsConfig = z.infer<typeof schema>;

/** The only reader of the environment in this service. */
export function loadMetricsConfig(env: Record<string, string | undefined> = process.env): MetricsConfig {
  return parseEnv(schema, env);
}
