import { Consumer, Kafka } from 'kafkajs';
import { endpointEventsV1, endpointsV1, registryV1 } from '@bakuun/contracts';
import { callMetadata, createGrpcClient, createKafka } from '@bakuun/platform';
import { freePlatformPorts, keyManagementEnv, registryEnv, ServiceProcess, startServiceProcess, testNamespace } from '@bakuun/testing';
import { lastValueFrom } from 'rxjs';

const { EndpointCategory: C, EndpointMethod: M } = endpointsV1;
type Envelope = endpointEventsV1.EndpointEventEnvelope;

/**
 * The store is the outbox: a registry process SIGKILLed right after its commands were
 * appended (before, during or after publishing) loses no event, and each endpoint's events
 * reach Kafka in stream order once a new process runs.
 */
describe('relay to webhooks.endpoint-events.v1 survives SIGKILL', () => {
  const ns = testNamespace(__filename);
  const topic = ns.topic('endpoint-events');
  let kafka: Kafka;
  let consumer: Consumer;
  let keyManagement: ServiceProcess;
  const received: Envelope[] = [];
  const env: Record<string, string> = {};

  beforeAll(async () => {
    kafka = createKafka({ clientId: 'relay-test', brokers: ns.kafkaBrokers });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    await admin.disconnect();
    consumer = kafka.consumer({ groupId: ns.group('observer') });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void received.push(endpointEventsV1.EndpointEventEnvelope.decode(message.value!)) });

    const ports = await freePlatformPorts();
    keyManagement = await startServiceProcess('key-management', keyManagementEnv(ns, ports, topic));
    Object.assign(env, registryEnv(ns, ports, topic));
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await keyManagement?.stop();
  });

  it('publishes every appended event at least once and in stream order per endpoint', async () => {
    const first = await startServiceProcess('endpoint-registry', env);
    const { service: client, close } = createGrpcClient<registryV1.EndpointRegistryServiceClient>(first.listening.grpc!, registryV1.BAKUUN_WEBHOOKS_REGISTRY_V1_PACKAGE_NAME, 'bakuun/webhooks/registry/v1/endpoint_registry_service.proto', registryV1.ENDPOINT_REGISTRY_SERVICE_NAME);
    const md = callMetadata('partner-relay', { kind: 'USER', id: 'op' });
    const endpointIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const added = await lastValueFrom(client.addEndpoints({ requestId: `add-${i}`, category: C.ENDPOINT_CATEGORY_ARI, methods: [M.ENDPOINT_METHOD_PUSH], url: '', apiVersion: '' }, md));
      const endpointId = added.endpoints[0]!.endpoint!.endpointId;
      endpointIds.push(endpointId);
      await lastValueFrom(client.configureEndpointUrl({ requestId: `url-${i}`, endpointId, url: `http://127.0.0.1:90${i}0/ari`, expectedVersion: 0 }, md));
      await lastValueFrom(client.activateEndpoint({ requestId: `act-${i}`, endpointId, expectedVersion: 0 }, md));
      await lastValueFrom(client.suspendEndpoint({ requestId: `sus-${i}`, endpointId, expectedVersion: 0 }, md));
    }
    close();
    await first.kill();

    const second = await startServiceProcess('endpoint-registry', env);
    try {
      await waitFor(() => endpointIds.every((id) => new Set(received.filter((e) => e.streamId === id).map((e) => e.eventId)).size === 4), 30_000);
    } finally {
      await second.stop();
    }

    for (const endpointId of endpointIds) {
      const forEndpoint = received.filter((e) => e.streamId === endpointId);
      const firstSeen = forEndpoint.filter((e, i) => forEndpoint.findIndex((x) => x.eventId === e.eventId) === i);
      expect(firstSeen.map((e) => [e.streamVersion, e.type])).toEqual([[1, 'EndpointAdded'], [2, 'EndpointUrlConfigured'], [3, 'EndpointActivated'], [4, 'EndpointSuspended']]);
      expect(firstSeen[0]!.endpointAdded?.endpointId).toBe(endpointId);
      expect(firstSeen[3]!.previousHash).toBe(firstSeen[2]!.hash);
    }
  });
});

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
