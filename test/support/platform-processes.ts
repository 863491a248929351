import { randomBytes } from 'node:crypto';
import { Topics } from '@bakuun/contracts';
import { createKafka, ensureTopics } from '@bakuun/platform';
import { freePort, startServiceProcess, type ServiceName, type ServiceProcess, type TestNamespace } from '@bakuun/testing';

/** Every service of the platform as its own process, on a test file's own databases and topics. */
export interface PlatformProcesses {
  addresses: { registry: string; keyManagement: string; delivery: string; metrics: string; consoleUrl: string; inboundBaseUrl: string };
  /** Each service's HTTP base (health, Prometheus). */
  http: Record<'key-management' | 'endpoint-registry' | 'delivery' | 'inbound-edge' | 'metrics' | 'console', string>;
  /** Upstream topics are `<topicPrefix>bakuun.ari.v1` etc., as `npm run ingest -- --topic-prefix` names them. */
  topicPrefix: string;
  keysDatabase: string;
  processes: ServiceProcess[];
  stop(): Promise<void>;
}

export async function startPlatformProcesses(ns: TestNamespace): Promise<PlatformProcesses> {
  const prefix = ns.topic('');
  const topics = {
    endpointEvents: `${prefix}${Topics.endpointEvents}`,
    attempts: `${prefix}${Topics.deliveryAttempts}`,
    health: `${prefix}${Topics.endpointHealth}`,
    ari: `${prefix}${Topics.ariUpdates}`,
    mapping: `${prefix}${Topics.mappingChanges}`,
    booking: `${prefix}${Topics.bookingEvents}`,
    inboundBookings: `${prefix}${Topics.inboundBookings}`,
  };
  const kafka = createKafka({ clientId: 'platform-e2e', brokers: ns.kafkaBrokers });
  await ensureTopics(kafka, [{ topic: topics.endpointEvents }, { topic: topics.attempts, numPartitions: 2 }, { topic: topics.health }, { topic: topics.ari, numPartitions: 2 }, { topic: topics.mapping }, { topic: topics.booking }, { topic: topics.inboundBookings }]);
  const ports = async () => ({ grpc: await freePort(), http: await freePort() });
  const [keys, registry, delivery, metrics, console, edge] = [await ports(), await ports(), await ports(), await ports(), await ports(), await ports()];
  const edgeHttp = edge.http;
  const [keysGrpc, keysHttp, registryGrpc, registryHttp, deliveryGrpc, deliveryHttp, metricsGrpc, metricsHttp, consoleHttp] = [keys.grpc, keys.http, registry.grpc, registry.http, delivery.grpc, delivery.http, metrics.grpc, metrics.http, console.http];
  const at = (port: number) => `127.0.0.1:${port}`;
  const keysDatabase = `${ns.databaseName}_keys`;
  const common = { MONGODB_URI: ns.mongoUri, KAFKA_BROKERS: ns.kafkaBrokers.join(','), LOG_LEVEL: 'warn', ENDPOINT_EVENTS_TOPIC: topics.endpointEvents };
  const plan: [ServiceName, Record<string, string>][] = [
    ['key-management', { ...common, KEYS_DATABASE: keysDatabase, KEYS_CONSUMER_GROUP: ns.group('key-management'), KEYS_GRPC_PORT: String(keysGrpc), KEYS_HTTP_PORT: String(keysHttp), REGISTRY_URL: at(registryGrpc), MASTER_KEYS: `e2e1:${randomBytes(32).toString('base64')}`, MASTER_KEY_ACTIVE: 'e2e1' }],
    ['endpoint-registry', { ...common, REGISTRY_DATABASE: `${ns.databaseName}_registry`, REGISTRY_GRPC_PORT: String(registryGrpc), REGISTRY_HTTP_PORT: String(registryHttp), KEY_MANAGEMENT_URL: at(keysGrpc), ENDPOINT_HEALTH_TOPIC: topics.health, REGISTRY_CONSUMER_GROUP: ns.group('registry'), ALLOW_INSECURE_LOOPBACK_URLS: 'true', RESOLVE_URL_ON_SET: 'false', LOG_POLL_INTERVAL_MS: '100', INBOUND_BASE_URL: `http://${at(edgeHttp)}` }],
    ['delivery', { ...common, DELIVERY_DATABASE: `${ns.databaseName}_delivery`, DELIVERY_GRPC_PORT: String(deliveryGrpc), DELIVERY_HTTP_PORT: String(deliveryHttp), REGISTRY_URL: at(registryGrpc), KEY_MANAGEMENT_URL: at(keysGrpc), ALLOW_INSECURE_LOOPBACK_URLS: 'true', ARI_TOPIC: topics.ari, MAPPING_TOPIC: topics.mapping, BOOKING_TOPIC: topics.booking, DELIVERY_ATTEMPTS_TOPIC: topics.attempts, DELIVERY_CONSUMER_GROUP: ns.group('delivery'), ENDPOINT_VIEW_CONSUMER_GROUP: ns.group('delivery-view'), DELIVERY_RETRY_SCHEDULE: '500ms,1s,2s,4s', DELIVERY_POLL_INTERVAL_MS: '200' }],
    ['inbound-edge', { ...common, INBOUND_DATABASE: `${ns.databaseName}_inbound`, INBOUND_HTTP_PORT: String(edgeHttp), KEY_MANAGEMENT_URL: at(keysGrpc), MAPPING_TOPIC: topics.mapping, INBOUND_BOOKINGS_TOPIC: topics.inboundBookings, DELIVERY_ATTEMPTS_TOPIC: topics.attempts, ENDPOINT_VIEW_CONSUMER_GROUP: ns.group('inbound-view'), MAPPING_CONSUMER_GROUP: ns.group('inbound-mapping') }],
    ['metrics', { ...common, METRICS_DATABASE: `${ns.databaseName}_metrics`, METRICS_GRPC_PORT: String(metricsGrpc), METRICS_HTTP_PORT: String(metricsHttp), REGISTRY_URL: at(registryGrpc), DELIVERY_ATTEMPTS_TOPIC: topics.attempts, ENDPOINT_HEALTH_TOPIC: topics.health, METRICS_CONSUMER_GROUP: ns.group('metrics'), EVALUATION_INTERVAL_MS: '500' }],
    ['console', { LOG_LEVEL: 'warn', CONSOLE_HTTP_PORT: String(consoleHttp), REGISTRY_URL: at(registryGrpc), KEY_MANAGEMENT_URL: at(keysGrpc) }],
  ];
  const processes: ServiceProcess[] = [];
  const stop = async () => {
    for (const process of [...processes].reverse()) await process.stop();
  };
  try {
    for (const [name, env] of plan) processes.push(await startServiceProcess(name, env, 60_000));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    addresses: { registry: at(registryGrpc), keyManagement: at(keysGrpc), delivery: at(deliveryGrpc), metrics: at(metricsGrpc), consoleUrl: `http://127.0.0.1:${consoleHttp}`, inboundBaseUrl: `http://${at(edgeHttp)}` },
    http: {
      'key-management': `http://${at(keysHttp)}`,
      'endpoint-registry': `http://${at(registryHttp)}`,
      delivery: `http://${at(deliveryHttp)}`,
      'inbound-edge': `http://${at(edgeHttp)}`,
      metrics: `http://${at(metricsHttp)}`,
      console: `http://${at(consoleHttp)}`,
    },
    topicPrefix: prefix,
    keysDatabase,
    processes,
    stop,
  };
}
