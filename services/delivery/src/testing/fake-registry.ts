import type { Metadata } from '@grpc/grpc-js';
import type { registryV1 } from '@bakuun/contracts';
import { FakeGrpcService, startFakeGrpcService } from './fake-grpc-service';

/** The registry's SuspendEndpoint over real gRPC, recording what delivery asked for. */
export class FakeRegistry {
  readonly suspensions: { request: registryV1.SuspendEndpointRequest; partnerId: string; actor: string }[] = [];
  private service: FakeGrpcService | null = null;

  get url(): string {
    return this.service!.url;
  }

  async start(): Promise<this> {
    this.service = await startFakeGrpcService('bakuun/webhooks/registry/v1/endpoint_registry_service.proto', 'bakuun.webhooks.registry.v1.EndpointRegistryService', {
      suspendEndpoint: async (request, metadata: Metadata) => {
        this.suspensions.push({ request: request as registryV1.SuspendEndpointRequest, partnerId: String(metadata.get('x-partner-id')[0]), actor: `${String(metadata.get('x-actor-kind')[0])}:${String(metadata.get('x-actor-id')[0])}` });
        return { endpoint: undefined };
      },
    });
    return this;
  }

  async close(): Promise<void> {
    await this.service?.close();
  }
}
