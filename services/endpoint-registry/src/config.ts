import { z } from 'zod';
import { booleanFlag, brokerList, parseEnv, port } from '@bakuun/platform';

const schema = z.object({
  MONGODB_URI: z.string().url(),
  /** @defaultValue `bakuun_registry` */
  REGISTRY_DATABASE: z.string().min(1).default('bakuun_registry'),
  KAFKA_BROKERS: brokerList,
  /** @defaultValue 50051 */
  REGISTRY_GRPC_PORT: port.default(50051),
  /** @defaultValue 8081 */
  REGISTRY_HTTP_PORT: port.default(8081),
  /** @defaultValue `127.0.0.1` */
  BIND_HOST: z.string().min(1).default('127.0.0.1'),
  /** Key management's gRPC address. @defaultValue `127.0.0.1:50052` */
  KEY_MANAGEMENT_URL: z.string().min(1).default('127.0.0.1:50052'),
  /** Base of the URLs the platform generates for inbound endpoints (the inbound edge). @defaultValue `http://127.0.0.1:8085` */
  INBOUND_BASE_URL: z.string().url().default('http://127.0.0.1:8085'),
  /** Dev/test only: accept http:// and loopback URLs for outbound endpoints. @defaultValue false */
  ALLOW_INSECURE_LOOPBACK_URLS: booleanFlag.default('false'),
  /** Resolve a partner URL's host when it is set and refuse private addresses. @defaultValue true */
  RESOLVE_URL_ON_SET: booleanFlag.default('true'),
  /** How often the read model and the Kafka relay look for new events written elsewhere. @defaultValue 500 */
  LOG_POLL_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  /** @defaultValue `webhooks.endpoint-events.v1` */
  ENDPOINT_EVENTS_TOPIC: z.string().min(1).default('webhooks.endpoint-events.v1'),
  /** Health figures from the metrics service, for the error rate in ListEndpoints. @defaultValue `webhooks.endpoint-health.v1` */
  ENDPOINT_HEALTH_TOPIC: z.string().min(1).default('webhooks.endpoint-health.v1'),
  /** @defaultValue `endpoint-registry` */
  REGISTRY_CONSUMER_GROUP: z.string().min(1).default('endpoint-registry'),
  /** @defaultValue info */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type RegistryConfig = z.infer<typeof schema>;

/** The only reader of the environment in this service. */
export function loadRegistryConfig(env: Record<string, string | undefined> = process.env): RegistryConfig {
  return parseEnv(schema, env);
}
