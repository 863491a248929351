import { randomBytes } from 'node:crypto';
import { lastValueFrom, Observable, toArray } from 'rxjs';
import { Metadata } from '@grpc/grpc-js';
import { registryV1 } from '@bakuun/contracts';
import { callMetadata, createGrpcClient } from '@bakuun/platform';
import { freePort, ServiceProcess, startServiceProcess, TestNamespace } from '@bakuun/testing';
import { loadRegistryConfig, RegistryConfig } from '../config';
import { RunningRegistry, startRegistry } from '../registry.app';

export type RegistryClient = registryV1.EndpointRegistryServiceClient;

export interface RegistryFixture {
  registry: RunningRegistry;
  keyManagement: ServiceProcess;
  config: RegistryConfig;
  client: RegistryClient;
  /** Call metadata of an operator of `partnerId`. */
  as(partnerId: string, actorId?: string): Metadata;
  call<T>(observable: Observable<T>): Promise<T>;
  all<T>(observable: Observable<T>): Promise<T[]>;
  close(): Promise<void>;
}

/** A throwaway master key for the key-management process a test starts. */
export function testMasterKeys(): Record<string, string> {
  return { MASTER_KEYS: `mk1:${randomBytes(32).toString('base64')}`, MASTER_KEY_ACTIVE: 'mk1' };
}

export interface PlatformPorts {
  registryGrpc: number;
  keysGrpc: number;
  keysHttp: number;
}

export async function freePlatformPorts(): Promise<PlatformPorts> {
  const [registryGrpc, keysGrpc, keysHttp] = await Promise.all([freePort(), freePort(), freePort()]);
  return { registryGrpc, keysGrpc, keysHttp };
}

/** Where a test's key-management process keeps its data and finds the registry. */
export function keyManagementEnv(ns: TestNamespace, ports: PlatformPorts, endpointEventsTopic: string): Record<string, string> {
  return {
    MONGODB_URI: ns.mongoUri,
    KEYS_DATABASE: `${ns.databaseName}_keys`,
    KAFKA_BROKERS: ns.kafkaBrokers.join(','),
    ENDPOINT_EVENTS_TOPIC: endpointEventsTopic,
    KEYS_CONSUMER_GROUP: ns.group('key-management'),
    KEYS_GRPC_PORT: String(ports.keysGrpc),
    KEYS_HTTP_PORT: String(ports.keysHttp),
    REGISTRY_URL: `127.0.0.1:${ports.registryGrpc}`,
    LOG_LEVEL: 'warn',
    ...testMasterKeys(),
  };
}

/** The registry's environment for a test: its own database and topics, loopback URLs allowed. */
export function registryEnv(ns: TestNamespace, ports: PlatformPorts, endpointEventsTopic: string): Record<string, string> {
  return {
    MONGODB_URI: ns.mongoUri,
    REGISTRY_DATABASE: ns.databaseName,
    KAFKA_BROKERS: ns.kafkaBrokers.join(','),
    REGISTRY_GRPC_PORT: String(ports.registryGrpc),
    REGISTRY_HTTP_PORT: '0',
    KEY_MANAGEMENT_URL: `127.0.0.1:${ports.keysGrpc}`,
    ENDPOINT_EVENTS_TOPIC: endpointEventsTopic,
    ENDPOINT_HEALTH_TOPIC: ns.topic('endpoint-health'),
    REGISTRY_CONSUMER_GROUP: ns.group('registry'),
    ALLOW_INSECURE_LOOPBACK_URLS: 'true',
    RESOLVE_URL_ON_SET: 'false',
    LOG_POLL_INTERVAL_MS: '100',
    LOG_LEVEL: 'warn',
  };
}

/**
 * The registry in this process (so a test can reach its parts) and key management as a real
 * separate process, both on the test file's own database and topics.
 */
export async function startRegistryFixture(ns: TestNamespace, overrides: Partial<Record<string, string>> = {}): Promise<RegistryFixture> {
  const ports = await freePlatformPorts();
  const topic = ns.topic('endpoint-events');
  const keyManagement = await startServiceProcess('key-management', keyManagementEnv(ns, ports, topic));
  const config = loadRegistryConfig({ ...registryEnv(ns, ports, topic), ...overrides });
  const registry = await startRegistry(config);
  const { service: client, close: closeClient } = createGrpcClient<RegistryClient>(registry.grpcUrl, registryV1.BAKUUN_WEBHOOKS_REGISTRY_V1_PACKAGE_NAME, 'bakuun/webhooks/registry/v1/endpoint_registry_service.proto', registryV1.ENDPOINT_REGISTRY_SERVICE_NAME);
  return {
    registry,
    keyManagement,
    config,
    client,
    as: (partnerId, actorId = 'operator-1') => callMetadata(partnerId, { kind: 'USER', id: actorId }),
    call: (o) => lastValueFrom(o),
    all: (o) => lastValueFrom(o.pipe(toArray())),
    close: async () => {
      closeClient();
      await registry.close();
      await keyManagement.stop();
    },
  };
}
