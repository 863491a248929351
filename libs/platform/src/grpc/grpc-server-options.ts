import { GrpcOptions, Transport } from '@nestjs/microservices';
import { HealthImplementation, ServingStatusMap } from 'grpc-health-check';
import { ReflectionService } from '@grpc/reflection';
import { join } from 'node:path';
import { protoRoot } from '@bakuun/contracts';

export interface GrpcServerSetup {
  url: string;
  /** Proto package names served, e.g. `bakuun.webhooks.registry.v1`. */
  packages: string[];
  /** Paths relative to proto/. */
  protoFiles: string[];
  health: HealthImplementation;
}

/** gRPC health service (grpc.health.v1) the platform's probes and load balancers ask. */
export function createGrpcHealth(services: string[]): HealthImplementation {
  const statusMap: ServingStatusMap = { '': 'NOT_SERVING' };
  for (const service of services) statusMap[service] = 'NOT_SERVING';
  return new HealthImplementation(statusMap);
}

/** NestJS gRPC transport options: proto-loader settings matching ts-proto's types, plus health and reflection. */
export function grpcServerOptions(setup: GrpcServerSetup): GrpcOptions {
  return {
    transport: Transport.GRPC,
    options: {
      url: setup.url,
      package: setup.packages,
      protoPath: setup.protoFiles.map((file) => join(protoRoot, file)),
      loader: { includeDirs: [protoRoot], longs: Number, enums: Number, defaults: true, oneofs: true, keepCase: false },
      // Channelz (grpc-js's call tracing for its admin service, which we do not serve) kept per-call
      // trackers alive long enough to reach the old generation: 4 % of what the registry promoted.
      channelOptions: { 'grpc.enable_channelz': 0 },
      onLoadPackageDefinition: (definition, server) => {
        setup.health.addToServer(server as never);
        new ReflectionService(definition).addToServer(server as never);
      },
    },
  };
}
