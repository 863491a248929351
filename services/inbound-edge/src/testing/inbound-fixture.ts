import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Provider } from '@nestjs/common';
import { Consumer, Kafka, Producer } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { endpointsV1, inboundV1, keysV1, registryV1, TopicKeys, upstreamV1 } from '@bakuun/contracts';
import { callMetadata, createGrpcClient, createKafka, openMongoConnection } from '@bakuun/platform';
import { findRepoRoot, freePort, ServiceProcess, startServiceProcess, TestNamespace } from '@bakuun/testing';
import { InboundEdgeConfig, loadInboundEdgeConfig } from '../config';
import { RunningInboundEdge, startInboundEdge } from '../inbound-edge.app';
import { EndpointDirectory } from '../inbound/endpoint-view/endpoint-directory';

type RegistryClient = registryV1.EndpointRegistryServiceClient;
const { EndpointCategory: C, EndpointMethod: M } = endpointsV1;

export interface InboundEndpoint {
  endpointId: string;
  partnerId: string;
  url: string;
  apiKey: string;
}

export interface InboundFixture {
  ns: TestNamespace;
  config: InboundEdgeConfig;
  edge: RunningInboundEdge;
  kafka: Kafka;
  registry: RegistryClient;
  addBookingPush(partnerId: string): Promise<InboundEndpoint>;
  addMappingRead(partnerId: string): Promise<InboundEndpoint>;
  activate(e: InboundEndpoint): Promise<void>;
  suspend(e: InboundEndpoint): Promise<void>;
  remove(e: InboundEndpoint): Promise<void>;
  /** Waits until the edge's endpoint view shows the status (the edge learns it from the topic). */
  edgeSees(endpointId: string, status: string): Promise<void>;
  publishMapping(partnerId: string, change: Omit<upstreamV1.MappingChange, 'envelope'>): Promise<void>;
  /** Every InboundBooking on the test's topic so far, read from the start. */
  consumedBookings(expectAtLeast: number): Promise<inboundV1.InboundBooking[]>;
  restartEdge(overrides?: Provider[], env?: Record<string, string>): Promise<void>;
  /** An operator account of the partner in key management, created with the keys CLI as an administrator would. */
  createOperator(partnerId: string, operatorId: string, password: string): Promise<void>;
  /** RollKey over gRPC, confirmed with the operator's password; resolves with the new key once the edge's view names it. */
  rollKey(e: InboundEndpoint, oldKeyExpiry: string, operatorId: string, password: string): Promise<{ apiKey: string; oldKeyExpiresAt: string }>;
  close(): Promise<void>;
}

/**
 * Real key management and registry processes (from dist) and the edge in this process, all on
 * the test file's own databases and topics. The registry generates inbound URLs on the edge's
 * address, so tests call the URLs exactly as a partner would.
 */
export async function startInboundFixture(ns: TestNamespace, env: Record<string, string> = {}, overrides: Provider[] = []): Promise<InboundFixture> {
  const [registryGrpc, keysGrpc, keysHttp, edgeHttp] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const endpointEvents = ns.topic('endpoint-events');
  const keysDatabase = `${ns.databaseName}_keys`;
  const brokers = ns.kafkaBrokers.join(',');
  const common = { MONGODB_URI: ns.mongoUri, KAFKA_BROKERS: brokers, ENDPOINT_EVENTS_TOPIC: endpointEvents, LOG_LEVEL: 'warn' };
  const keys: ServiceProcess = await startServiceProcess('key-management', {
    ...common,
    KEYS_DATABASE: keysDatabase,
    KEYS_CONSUMER_GROUP: ns.group('key-management'),
    KEYS_GRPC_PORT: String(keysGrpc),
    KEYS_HTTP_PORT: String(keysHttp),
    REGISTRY_URL: `127.0.0.1:${registryGrpc}`,
    LAST_USE_FLUSH_MS: '200',
    MASTER_KEYS: `mk1:${randomBytes(32).toString('base64')}`,
    MASTER_KEY_ACTIVE: 'mk1',
  });
  const registryProcess = await startServiceProcess('endpoint-registry', {
    ...common,
    REGISTRY_DATABASE: `${ns.databaseName}_registry`,
    REGISTRY_GRPC_PORT: String(registryGrpc),
    REGISTRY_HTTP_PORT: '0',
    KEY_MANAGEMENT_URL: `127.0.0.1:${keysGrpc}`,
    ENDPOINT_HEALTH_TOPIC: ns.topic('endpoint-health'),
    REGISTRY_CONSUMER_GROUP: ns.group('registry'),
    INBOUND_BASE_URL: `http://127.0.0.1:${edgeHttp}`,
    ALLOW_INSECURE_LOOPBACK_URLS: 'true',
    RESOLVE_URL_ON_SET: 'false',
    LOG_POLL_INTERVAL_MS: '100',
  });
  const baseEnv: Record<string, string> = {
    ...common,
    INBOUND_DATABASE: `${ns.databaseName}_inbound`,
    INBOUND_HTTP_PORT: String(edgeHttp),
    KEY_MANAGEMENT_URL: `127.0.0.1:${keysGrpc}`,
    MAPPING_TOPIC: ns.topic('mapping'),
    INBOUND_BOOKINGS_TOPIC: ns.topic('inbound-bookings'),
    DELIVERY_ATTEMPTS_TOPIC: ns.topic('delivery-attempts'),
    ENDPOINT_VIEW_CONSUMER_GROUP: ns.group('edge-view'),
    MAPPING_CONSUMER_GROUP: ns.group('edge-mapping'),
    ...env,
  };
  let config = loadInboundEdgeConfig(baseEnv);
  let edge = await startInboundEdge(config, overrides);
  const { service: keysClient, close: closeKeys } = createGrpcClient<keysV1.KeyManagementServiceClient>(`127.0.0.1:${keysGrpc}`, keysV1.BAKUUN_WEBHOOKS_KEYS_V1_PACKAGE_NAME, 'bakuun/webhooks/keys/v1/key_management_service.proto', keysV1.KEY_MANAGEMENT_SERVICE_NAME);
  const { service: registry, close: closeRegistry } = createGrpcClient<RegistryClient>(`127.0.0.1:${registryGrpc}`, registryV1.BAKUUN_WEBHOOKS_REGISTRY_V1_PACKAGE_NAME, 'bakuun/webhooks/registry/v1/endpoint_registry_service.proto', registryV1.ENDPOINT_REGISTRY_SERVICE_NAME);
  const kafka = createKafka({ clientId: 'inbound-test', brokers: ns.kafkaBrokers });
  const producer: Producer = kafka.producer();
  await producer.connect();
  const consumers: Consumer[] = [];
  const as = (partnerId: string) => callMetadata(partnerId, { kind: 'USER', id: 'operator-1' });
  const rid = () => `r-${randomBytes(6).toString('hex')}`;

  const add = async (partnerId: string, category: endpointsV1.EndpointCategory, method: endpointsV1.EndpointMethod): Promise<InboundEndpoint> => {
    const response = await lastValueFrom(registry.addEndpoints({ requestId: rid(), category, methods: [method], url: '', apiVersion: '' }, as(partnerId)));
    const added = response.endpoints[0]!;
    return { endpointId: added.endpoint!.endpointId, partnerId, url: added.endpoint!.url, apiKey: added.key };
  };
  const edgeSees = async (endpointId: string, status: string): Promise<void> => {
    for (;;) {
      if (edge.app.get(EndpointDirectory).get(endpointId)?.status === status) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const fixture: InboundFixture = {
    ns,
    get config() {
      return config;
    },
    get edge() {
      return edge;
    },
    kafka,
    registry,
    addBookingPush: async (partnerId) => {
      const e = await add(partnerId, C.ENDPOINT_CATEGORY_BOOKING, M.ENDPOINT_METHOD_PUSH);
      await edgeSees(e.endpointId, 'TO_SET');
      return e;
    },
    addMappingRead: async (partnerId) => {
      const e = await add(partnerId, C.ENDPOINT_CATEGORY_MAPPING, M.ENDPOINT_METHOD_READ);
      await edgeSees(e.endpointId, 'TO_SET');
      return e;
    },
    activate: async (e) => {
      await lastValueFrom(registry.activateEndpoint({ requestId: rid(), endpointId: e.endpointId, expectedVersion: 0 }, as(e.partnerId)));
      await edgeSees(e.endpointId, 'ACTIVE');
    },
    suspend: async (e) => {
      await lastValueFrom(registry.suspendEndpoint({ requestId: rid(), endpointId: e.endpointId, reason: { manual: { note: 'test' } }, expectedVersion: 0 }, as(e.partnerId)));
      await edgeSees(e.endpointId, 'SUSPENDED');
    },
    remove: async (e) => {
      await lastValueFrom(registry.deleteEndpoint({ requestId: rid(), endpointId: e.endpointId, expectedVersion: 0 }, as(e.partnerId)));
      await edgeSees(e.endpointId, 'DELETED');
    },
    edgeSees,
    publishMapping: async (partnerId, change) => {
      const message: upstreamV1.MappingChange = { envelope: { messageId: `msg_${randomBytes(8).toString('hex')}`, partnerId, producedAt: new Date().toISOString(), source: undefined }, ...change };
      await producer.send({ topic: config.MAPPING_TOPIC, messages: [{ key: TopicKeys.byPartnerAndHotel(partnerId, change.hotelCode), value: Buffer.from(upstreamV1.MappingChange.encode(message).finish()) }] });
    },
    consumedBookings: async (expectAtLeast) => {
      const consumer = kafka.consumer({ groupId: ns.group(`read-${randomBytes(4).toString('hex')}`) });
      consumers.push(consumer);
      await consumer.connect();
      await consumer.subscribe({ topic: config.INBOUND_BOOKINGS_TOPIC, fromBeginning: true });
      const seen: inboundV1.InboundBooking[] = [];
      await new Promise<void>((resolve) => {
        void consumer.run({
          eachMessage: async ({ message }) => {
            seen.push(inboundV1.InboundBooking.decode(message.value!));
            if (seen.length >= expectAtLeast) resolve();
          },
        });
        if (expectAtLeast === 0) resolve();
      });
      // Whatever else is already on the topic arrives with the same fetches.
      await new Promise((r) => setTimeout(r, 1500));
      await consumer.disconnect();
      return seen;
    },
    restartEdge: async (newOverrides = [], newEnv = {}) => {
      await edge.close();
      config = loadInboundEdgeConfig({ ...baseEnv, ...newEnv });
      edge = await startInboundEdge(config, newOverrides);
    },
    createOperator: async (partnerId, operatorId, password) => {
      const cli = join(findRepoRoot(__dirname), 'dist', 'services', 'key-management', 'src', 'cli', 'keys-cli.js');
      const child = spawn(process.execPath, [cli, 'operator', 'create', partnerId, operatorId, '--password-stdin'], { env: { MONGODB_URI: ns.mongoUri, KEYS_DATABASE: keysDatabase }, stdio: ['pipe', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.stdin.end(`${password}\n`);
      const code = await new Promise<number | null>((resolve, reject) => child.once('error', reject).once('close', resolve));
      if (code !== 0) throw new Error(`keys CLI exited ${code}: ${stderr}`);
    },
    rollKey: async (e, oldKeyExpiry, operatorId, password) => {
      const rolled = await lastValueFrom(keysClient.rollKey({ requestId: rid(), endpointId: e.endpointId, oldKeyExpiry, operatorId, password }, callMetadata(e.partnerId, { kind: 'USER', id: operatorId })));
      for (;;) {
        if (edge.app.get(EndpointDirectory).get(e.endpointId)?.keyId === rolled.keyId) return { apiKey: rolled.plaintext, oldKeyExpiresAt: rolled.oldKeyExpiresAt };
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: async () => {
      await Promise.all(consumers.map((c) => c.disconnect().catch(() => undefined)));
      await producer.disconnect();
      closeKeys();
      closeRegistry();
      await edge.close();
      await registryProcess.stop();
      await keys.stop();
      const connection = await openMongoConnection({ uri: ns.mongoUri });
      try {
        for (const db of [keysDatabase, `${ns.databaseName}_registry`, `${ns.databaseName}_inbound`]) await connection.useDb(db).dropDatabase();
      } finally {
        await connection.close();
      }
    },
  };
  return fixture;
}
