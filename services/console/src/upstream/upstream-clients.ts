import { OnApplicationShutdown } from '@nestjs/common';
import { keysV1, registryV1 } from '@bakuun/contracts';
import { createGrpcClient } from '@bakuun/platform';
import type { ConsoleConfig } from '../config';

export const REGISTRY_PROTO_FILE = 'bakuun/webhooks/registry/v1/endpoint_registry_service.proto';
export const KEYS_PROTO_FILE = 'bakuun/webhooks/keys/v1/key_management_service.proto';

/** The generated gRPC clients of the services the console calls, closed when the app shuts down. */
export class UpstreamClients implements OnApplicationShutdown {
  readonly registry: registryV1.EndpointRegistryServiceClient;
  readonly keys: keysV1.KeyManagementServiceClient;
  private readonly closers: (() => void)[];

  constructor(config: ConsoleConfig) {
    const registry = createGrpcClient<registryV1.EndpointRegistryServiceClient>(config.REGISTRY_URL, registryV1.BAKUUN_WEBHOOKS_REGISTRY_V1_PACKAGE_NAME, REGISTRY_PROTO_FILE, registryV1.ENDPOINT_REGISTRY_SERVICE_NAME);
    const keys = createGrpcClient<keysV1.KeyManagementServiceClient>(config.KEY_MANAGEMENT_URL, keysV1.BAKUUN_WEBHOOKS_KEYS_V1_PACKAGE_NAME, KEYS_PROTO_FILE, keysV1.KEY_MANAGEMENT_SERVICE_NAME);
    this.registry = registry.service;
    this.keys = keys.service;
    this.closers = [registry.close, keys.close];
  }

  onApplicationShutdown(): void {
    for (const close of this.closers) close();
  }
}
