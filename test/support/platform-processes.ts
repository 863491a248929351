import { Topics } from '@bakuun/contracts';
import { createKafka, ensureTopics } from '@bakuun/platform';
import { freePort, startRegistryAndKeyManagement, startServiceProcess, type ServiceName, type ServiceProcess, type TestNamespace } from '@bakuun/testing';

type HttpService = 'key-management' | 'endpoint-registry' | 'delivery' | 'inbound-edge' | 'metrics' | 'console';

/** Every service of the platform as its own process, on a test file's own databases and topics. */
export interface PlatformProcesses {
  addresses: { registry: string; keyManagement: string; delivery: string; metrics: string; consoleUrl: string; inboundBaseUrl: string };
  /** Each service's HTTP base (health, Prometheus). */
  http: Record<HttpService, string>;
  /** Upstream topics are `<topicPrefix>bakuun.ari.v1` etc., as `npm run ingest -- --topic-prefix` names them. */
  topicPrefix: string;
  keysDatabase: string;
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
  const at = (port: number) => `127.0.0.1:${port}`;
  const [deliveryGrpc, deliveryHttp, metricsGrpc, metricsHttp, consoleHttp, edgeHttp] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];

  // Key management and the registry as every other test starts them; the registry hands out this platform's inbound URLs.
  const peers = await startRegistryAndKeyManagement(ns, topics.endpointEvents, { ENDPOINT_HEALTH_TOPIC: topics.health, INBOUND_BASE_URL: `http://${at(edgeHttp)}` });
  const common = { MONGODB_URI: ns.mongoUri, KAFKA_BROKERS: ns.kafkaBrokers.join(','), LOG_LEVEL: 'warn', ENDPOINT_EVENTS_TOPIC: topics.endpointEvents };
  const plan: [ServiceName, Record<string, string>][] = [
    ['delivery', { ...common, DELIVERY_DATABASE: `${ns.databaseName}_delivery`, DELIVERY_GRPC_PORT: String(deliveryGrpc), DELIVERY_HTTP_PORT: String(deliveryHttp), REGISTRY_URL: peers.registryUrl, KEY_MANAGEMENT_URL: peers.keyManagementUrl, ALLOW_INSECURE_LOOPBACK_URLS: 'true', ARI_TOPIC: topics.ari, MAPPING_TOPIC: topics.mapping, BOOKING_TOPIC: topics.booking, DELIVERY_ATTEMPTS_TOPIC: topics.attempts, DELIVERY_CONSUMER_GROUP: ns.group('delivery'), ENDPOINT_VIEW_CONSUMER_GROUP: ns.group('delivery-view'), DELIVERY_RETRY_SCHEDULE: '500ms,1s,2s,4s', DELIVERY_POLL_INTERVAL_MS: '200' }],
    ['inbound-edge', { ...common, INBOUND_DATABASE: `${ns.databaseName}_inbound`, INBOUND_HTTP_PORT: String(edgeHttp), KEY_MANAGEMENT_URL: peers.keyManagementUrl, MAPPING_TOPIC: topics.mapping, INBOUND_BOOKINGS_TOPIC: topics.inboundBookings, DELIVERY_ATTEMPTS_TOPIC: topics.attempts, ENDPOINT_VIEW_CONSUMER_GROUP: ns.group('inbound-view'), MAPPING_CONSUMER_GROUP: ns.group('inbound-mapping') }],
    ['metrics', { ...common, METRICS_DATABASE: `${ns.databaseName}_metrics`, METRICS_GRPC_PORT: String(metricsGrpc), METRICS_HTTP_PORT: String(metricsHttp), REGISTRY_URL: peers.registryUrl, DELIVERY_ATTEMPTS_TOPIC: topics.attempts, ENDPOINT_HEALTH_TOPIC: topics.health, METRICS_CONSUMER_GROUP: ns.group('metrics'), EVALUATION_INTERVAL_MS: '500' }],
    ['console', { LOG_LEVEL: 'warn', CONSOLE_HTTP_PORT: String(consoleHttp), REGISTRY_URL: peers.registryUrl, KEY_MANAGEMENT_URL: peers.keyManagementUrl }],
  ];
  const processes: ServiceProcess[] = [];
  const stop = async () => {
    for (const process of [...processes].reverse()) await process.stop();
    await peers.stop();
  };
  try {
    for (const [name, env] of plan) processes.push(await startServiceProcess(name, env, 60_000));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    addresses: { registry: peers.registryUrl, keyManagement: peers.keyManagementUrl, delivery: at(deliveryGrpc), metrics: at(metricsGrpc), consoleUrl: `http://${at(consoleHttp)}`, inboundBaseUrl: `http://${at(edgeHttp)}` },
    http: {
      'key-management': `http://${at(Number(peers.keyManagementEnv.KEYS_HTTP_PORT))}`,
      'endpoint-registry': peers.registry.listening.http!.replace(/\/$/, ''),
      delivery: `http://${at(deliveryHttp)}`,
      'inbound-edge': `http://${at(edgeHttp)}`,
      metrics: `http://${at(metricsHttp)}`,
      console: `http://${at(consoleHttp)}`,
    },
    topicPrefix: prefix,
    keysDatabase: peers.keyManagementEnv.KEYS_DATABASE!,
    stop,
  };
}
