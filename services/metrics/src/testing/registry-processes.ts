import { randomBytes } from 'node:crypto';
import { lastValueFrom, Observable, toArray } from 'rxjs';
import { registryV1 } from '@bakuun/contracts';
import { callMetadata, createGrpcClient } from '@bakuun/platform';
import { freePort, ServiceProcess, startServiceProcess, TestNamespace } from '@bakuun/testing';
import type { MetricsTopics } from './metrics-fixture';

export type RegistryClient = registryV1.EndpointRegistryServiceClient;

export interface RegistryProcesses {
  registry: ServiceProcess;
  keyManagement: ServiceProcess;
  grpcUrl: string;
  client: RegistryClient;
  as(partnerId: string): ReturnType<typeof callMetadata>;
  call<T>(observable: Observable<T>): Promise<T>;
  all<T>(observable: Observable<T>): Promise<T[]>;
  close(): Promise<void>;
}

/**
 * The real endpoint registry and key management, each as its own process (built in dist/ by
 * the integration global setup), on the test file's databases and topics: the registry
 * publishes endpoint events the metrics service reads, and reads the health topic it writes.
 */
export async function startRegistryProcesses(ns: TestNamespace, topics: MetricsTopics): Promise<RegistryProcesses> {
  const [registryGrpc, keysGrpc, keysHttp] = await Promise.all([freePort(), freePort(), freePort()]);
  const keyManagement = await startServiceProcess('key-management', {
    MONGODB_URI: ns.mongoUri,
    KEYS_DATABASE: `${ns.databaseName}_keys`,
    KAFKA_BROKERS: ns.kafkaBrokers.join(','),
    ENDPOINT_EVENTS_TOPIC: topics.endpointEvents,
    KEYS_CONSUMER_GROUP: ns.group('key-management'),
    KEYS_GRPC_PORT: String(keysGrpc),
    KEYS_HTTP_PORT: String(keysHttp),
    REGISTRY_URL: `127.0.0.1:${registryGrpc}`,
    LOG_LEVEL: 'warn',
    MASTER_KEYS: `mk1:${randomBytes(32).toString('base64')}`,
    MASTER_KEY_ACTIVE: 'mk1',
  });
  let registry: ServiceProcess;
  try {
    registry = await startServiceProcess('endpoint-registry', {
      MONGODB_URI: ns.mongoUri,
      REGISTRY_DATABASE: `${ns.databaseName}_registry`,
      KAFKA_BROKERS: ns.kafkaBrokers.join(','),
      REGISTRY_GRPC_PORT: String(registryGrpc),
      REGISTRY_HTTP_PORT: '0',
      KEY_MANAGEMENT_URL: `127.0.0.1:${keysGrpc}`,
      ENDPOINT_EVENTS_TOPIC: topics.endpointEvents,
      ENDPOINT_HEALTH_TOPIC: topics.health,
      REGISTRY_CONSUMER_GROUP: ns.group('registry'),
      ALLOW_INSECURE_LOOPBACK_URLS: 'true',
      RESOLVE_URL_ON_SET: 'false',
      LOG_POLL_INTERVAL_MS: '100',
      LOG_LEVEL: 'warn',
    });
  } catch (error) {
    await keyManagement.stop();
    throw error;
  }
  const grpcUrl = `127.0.0.1:${registryGrpc}`;
  const { service: client, close } = createGrpcClient<RegistryClient>(grpcUrl, registryV1.BAKUUN_WEBHOOKS_REGISTRY_V1_PACKAGE_NAME, 'bakuun/webhooks/registry/v1/endpoint_registry_service.proto', registryV1.ENDPOINT_REGISTRY_SERVICE_NAME);
  return {
    registry,
    keyManagement,
    grpcUrl,
    client,
    as: (partnerId) => callMetadata(partnerId, { kind: 'USER', id: 'operator-1' }),
    call: (o) => lastValueFrom(o),
    all: (o) => lastValueFrom(o.pipe(toArray())),
    close: async () => {
      close();
      await registry.stop();
      await keyManagement.stop();
    },
  };
}
