import { randomUUID } from 'node:crypto';
import { Metadata } from '@grpc/grpc-js';
import { lastValueFrom, Observable, toArray } from 'rxjs';
import { deliveryV1, keysV1, metricsServiceV1, registryV1 } from '@bakuun/contracts';
import { callMetadata, createGrpcClient } from '@bakuun/platform';
import type { DemoSettings } from './demo-settings';

/** The platform's gRPC APIs, called as the demo's operator of the demo's partner. */
export class PlatformClients {
  readonly registry: registryV1.EndpointRegistryServiceClient;
  readonly keys: keysV1.KeyManagementServiceClient;
  readonly delivery: deliveryV1.DeliveryServiceClient;
  readonly metrics: metricsServiceV1.EndpointMetricsServiceClient;
  private readonly closers: (() => void)[] = [];

  constructor(private readonly settings: DemoSettings) {
    const registry = createGrpcClient<registryV1.EndpointRegistryServiceClient>(settings.registryUrl, registryV1.BAKUUN_WEBHOOKS_REGISTRY_V1_PACKAGE_NAME, 'bakuun/webhooks/registry/v1/endpoint_registry_service.proto', registryV1.ENDPOINT_REGISTRY_SERVICE_NAME);
    const keys = createGrpcClient<keysV1.KeyManagementServiceClient>(settings.keyManagementUrl, keysV1.BAKUUN_WEBHOOKS_KEYS_V1_PACKAGE_NAME, 'bakuun/webhooks/keys/v1/key_management_service.proto', keysV1.KEY_MANAGEMENT_SERVICE_NAME);
    const delivery = createGrpcClient<deliveryV1.DeliveryServiceClient>(settings.deliveryUrl, deliveryV1.BAKUUN_WEBHOOKS_DELIVERY_V1_PACKAGE_NAME, 'bakuun/webhooks/delivery/v1/delivery_service.proto', deliveryV1.DELIVERY_SERVICE_NAME);
    const metrics = createGrpcClient<metricsServiceV1.EndpointMetricsServiceClient>(settings.metricsUrl, metricsServiceV1.BAKUUN_WEBHOOKS_METRICS_V1_PACKAGE_NAME, 'bakuun/webhooks/metrics/v1/endpoint_metrics_service.proto', metricsServiceV1.ENDPOINT_METRICS_SERVICE_NAME);
    this.registry = registry.service;
    this.keys = keys.service;
    this.delivery = delivery.service;
    this.metrics = metrics.service;
    this.closers.push(registry.close, keys.close, delivery.close, metrics.close);
  }

  /** Call metadata: the demo's partner, its operator as the actor. */
  asOperator(): Metadata {
    return callMetadata(this.settings.partnerId, { kind: 'USER', id: this.settings.operatorId }, randomUUID());
  }

  one<T>(call: (metadata: Metadata) => Observable<T>): Promise<T> {
    return lastValueFrom(call(this.asOperator()));
  }

  all<T>(call: (metadata: Metadata) => Observable<T>): Promise<T[]> {
    return lastValueFrom(call(this.asOperator()).pipe(toArray()));
  }

  close(): void {
    for (const close of this.closers) close();
  }
}
