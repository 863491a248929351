import { INestApplication, Provider } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Connection } from 'mongoose';
import { registryV1 } from '@bakuun/contracts';
import { createGrpcHealth, createLogger, grpcServerOptions, PinoNestLogger } from '@bakuun/platform';
import type { RegistryConfig } from './config';
import { EndpointSlotsRepository } from './endpoints/cap/endpoint-slots.repository';
import { EndpointsModule } from './endpoints/endpoints.module';
import { MONGO_CONNECTION } from './endpoints/endpoints.di-tokens';
import { EndpointViewRepository } from './endpoints/read-model/endpoint-view.repository';

export const REGISTRY_GRPC_SERVICE = `${registryV1.BAKUUN_WEBHOOKS_REGISTRY_V1_PACKAGE_NAME}.${registryV1.ENDPOINT_REGISTRY_SERVICE_NAME}`;

export interface RunningRegistry {
  app: INestApplication;
  grpcUrl: string;
  httpUrl: string;
  close(): Promise<void>;
}

/** Starts the registry: gRPC (with health and reflection) and HTTP (/healthz, /readyz, /metrics). */
export async function startRegistry(config: RegistryConfig, overrides: Provider[] = []): Promise<RunningRegistry> {
  const logger = createLogger({ service: 'endpoint-registry', level: config.LOG_LEVEL });
  const app = await NestFactory.create(EndpointsModule.forRoot(config, overrides), { logger: new PinoNestLogger(logger), abortOnError: false });
  const health = createGrpcHealth([REGISTRY_GRPC_SERVICE]);
  const grpcUrl = `${config.BIND_HOST}:${config.REGISTRY_GRPC_PORT}`;
  await app.get(EndpointViewRepository).ensureIndexes();
  await app.get(EndpointSlotsRepository).ensureIndexes();
  app.connectMicroservice(grpcServerOptions({ url: grpcUrl, packages: [registryV1.BAKUUN_WEBHOOKS_REGISTRY_V1_PACKAGE_NAME], protoFiles: ['bakuun/webhooks/registry/v1/endpoint_registry_service.proto'], health }), { inheritAppConfig: true });
  app.enableShutdownHooks();
  await app.startAllMicroservices();
  await app.listen(config.REGISTRY_HTTP_PORT, config.BIND_HOST);
  health.setStatus('', 'SERVING');
  health.setStatus(REGISTRY_GRPC_SERVICE, 'SERVING');
  const httpUrl = await app.getUrl();
  return {
    app,
    grpcUrl,
    httpUrl,
    close: async () => {
      health.setStatus('', 'NOT_SERVING');
      await app.close();
      await app.get<Connection>(MONGO_CONNECTION).close();
    },
  };
}
