import { lastValueFrom, Observable, toArray } from 'rxjs';
import { Metadata } from '@grpc/grpc-js';
import { registryV1 } from '@bakuun/contracts';
import { callMetadata, createGrpcClient } from '@bakuun/platform';
import { freePlatformPorts, keyManagementEnv, registryEnv, ServiceProcess, startServiceProcess, TestNamespace } from '@bakuun/testing';
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
