import { Kafka, Producer } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { deliveryV1 } from '@bakuun/contracts';
import { callMetadata, createGrpcClient, createKafka } from '@bakuun/platform';
import { freePort, startRegistryAndKeyManagement, type RegistryAndKeyManagement, type TestNamespace } from '@bakuun/testing';
import { DeliveryConfig, loadDeliveryConfig } from '../config';
import { RunningDelivery, startDelivery } from '../delivery.app';
import { DeliveryRepository } from '../delivery/persistence/delivery.repository';
import { EndpointDirectory } from '../delivery/endpoint-view/endpoint-directory';
import { createTopics, messagesOnTopic, waitFor } from './feeds';
import { PartnerEndpoints } from './partner-endpoints';

export interface DeliveryFixture {
  kafka: Kafka;
  producer: Producer;
  /** Key management and the endpoint registry, each a real process. */
  peers: RegistryAndKeyManagement;
  /** Endpoints managed through the real registry (and key rolls through real key management). */
  endpoints: PartnerEndpoints;
  topics: { endpointEvents: string; ari: string; mapping: string; booking: string; attempts: string };
  /** The environment a separate delivery process gets (startServiceProcess('delivery', env)). */
  env: Record<string, string>;
  delivery: RunningDelivery | null;
  config: DeliveryConfig;
  client: deliveryV1.DeliveryServiceClient | null;
  start(overrides?: Record<string, string>): Promise<RunningDelivery>;
  /** How many endpoint events the registry has published on the test's topic so far. */
  endpointEventsOnTopic(): Promise<number>;
  /** Waits until the running in-process delivery sees the endpoint with this status. */
  seen(endpointId: string, status: string): Promise<void>;
  call<T>(method: (md: ReturnType<typeof callMetadata>) => import('rxjs').Observable<T>, partnerId: string): Promise<T>;
  close(): Promise<void>;
}

/**
 * Kafka topics and databases of the test file's own; key management and the endpoint registry
 * as real processes (the registry publishes the endpoint events delivery consumes); and delivery
 * itself (in this process via `start`, or as a process from `env`). Retries are in hundreds of
 * milliseconds, not hours. `base` is on top of delivery's environment, `registryOverrides` of the registry's.
 */
export async function deliveryFixture(ns: TestNamespace, base: Record<string, string> = {}, registryOverrides: Record<string, string> = {}): Promise<DeliveryFixture> {
  const kafka = createKafka({ clientId: 'delivery-test', brokers: ns.kafkaBrokers });
  const topics = { endpointEvents: ns.topic('endpoint-events'), ari: ns.topic('ari'), mapping: ns.topic('mapping'), booking: ns.topic('booking'), attempts: ns.topic('attempts') };
  await createTopics(kafka, [{ topic: topics.endpointEvents }, { topic: topics.ari, numPartitions: 2 }, { topic: topics.mapping }, { topic: topics.booking }, { topic: topics.attempts }]);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const peers = await startRegistryAndKeyManagement(ns, topics.endpointEvents, registryOverrides);
  const env: Record<string, string> = {
    MONGODB_URI: ns.mongoUri,
    DELIVERY_DATABASE: ns.databaseName,
    KAFKA_BROKERS: ns.kafkaBrokers.join(','),
    DELIVERY_GRPC_PORT: '0',
    DELIVERY_HTTP_PORT: '0',
    REGISTRY_URL: peers.registryUrl,
    KEY_MANAGEMENT_URL: peers.keyManagementUrl,
    ALLOW_INSECURE_LOOPBACK_URLS: 'true',
    ENDPOINT_EVENTS_TOPIC: topics.endpointEvents,
    ARI_TOPIC: topics.ari,
    MAPPING_TOPIC: topics.mapping,
    BOOKING_TOPIC: topics.booking,
    DELIVERY_ATTEMPTS_TOPIC: topics.attempts,
    DELIVERY_CONSUMER_GROUP: ns.group('delivery'),
    ENDPOINT_VIEW_CONSUMER_GROUP: ns.group('delivery-view'),
    DELIVERY_RETRY_SCHEDULE: '200ms,400ms,800ms,1600ms',
    DELIVERY_RETRY_JITTER: '0',
    DELIVERY_CONNECT_TIMEOUT_MS: '1000',
    DELIVERY_TOTAL_TIMEOUT_MS: '2000',
    DELIVERY_BREAKER_OPEN_MS: '500',
    DELIVERY_LEASE_MS: '2000',
    DELIVERY_POLL_INTERVAL_MS: '200',
    SIGNING_SECRET_CACHE_MS: '60000',
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    LOG_LEVEL: 'warn',
    ...base,
  };
  const fixture: DeliveryFixture = {
    kafka,
    producer,
    peers,
    endpoints: new PartnerEndpoints(peers),
    topics,
    env,
    delivery: null,
    config: loadDeliveryConfig(env),
    client: null,
    async start(overrides = {}) {
      fixture.config = loadDeliveryConfig({ ...env, DELIVERY_GRPC_PORT: String(await freePort()), ...overrides });
      fixture.delivery = await startDelivery(fixture.config);
      fixture.client = createGrpcClient<deliveryV1.DeliveryServiceClient>(fixture.delivery.grpcUrl, deliveryV1.BAKUUN_WEBHOOKS_DELIVERY_V1_PACKAGE_NAME, 'bakuun/webhooks/delivery/v1/delivery_service.proto', deliveryV1.DELIVERY_SERVICE_NAME).service;
      return fixture.delivery;
    },
    endpointEventsOnTopic: () => messagesOnTopic(kafka, topics.endpointEvents),
    async seen(endpointId, status) {
      const directory = fixture.delivery!.app.get(EndpointDirectory);
      await waitFor(() => directory.get(endpointId)?.status === status, 20_000, `endpoint ${endpointId} ${status}`);
    },
    call: (method, partnerId) => lastValueFrom(method(callMetadata(partnerId, { kind: 'USER', id: 'operator-1' }))),
    async close() {
      await fixture.delivery?.close();
      await producer.disconnect();
      fixture.endpoints.close();
      await peers.stop();
    },
  };
  return fixture;
}

export function deliveriesOf(fixture: DeliveryFixture): DeliveryRepository {
  return fixture.delivery!.app.get(DeliveryRepository);
}
