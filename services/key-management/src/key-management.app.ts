import { INestApplication, Provider } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { GrpcOptions } from '@nestjs/microservices';
import { Connection } from 'mongoose';
import { keysV1 } from '@bakuun/contracts';
import { createGrpcHealth, createLogger, grpcServerOptions, PinoNestLogger } from '@bakuun/platform';
import type { KeyManagementConfig } from './config';
import { KeysModule } from './keys/keys.module';
import { MONGO_CONNECTION } from './keys/keys.di-tokens';
import { ApiKeyLookupRepository } from './keys/persistence/api-key-lookup.repository';
import { EndpointKeysRepository } from './keys/persistence/endpoint-keys.repository';

export const KEYS_GRPC_SERVICE = `${keysV1.BAKUUN_WEBHOOKS_KEYS_V1_PACKAGE_NAME}.${keysV1.KEY_MANAGEMENT_SERVICE_NAME}`;
export const KEYS_PROTO_FILE = 'bakuun/webhooks/keys/v1/key_management_service.proto';

export interface RunningKeyManagement {
  app: INestApplication;
  grpcUrl: string;
  httpUrl: string;
  /** Graceful: stops taking calls (in-flight calls finish), leaves the consumer group, flushes last use, closes MongoDB. */
  close(): Promise<void>;
}

/** Starts key management: gRPC (with health and reflection), HTTP (/healthz, /readyz, /metrics) and the endpoint-events consumer. */
export async function startKeyManagement(config: KeyManagementConfig, overrides: Provider[] = []): Promise<RunningKeyManagement> {
  const logger = createLogger({ service: 'key-management', level: config.LOG_LEVEL });
  const app = await NestFactory.create(KeysModule.forRoot(config, overrides), { logger: new PinoNestLogger(logger), abortOnError: false });
  await Promise.all([app.get(EndpointKeysRepository).ensureIndexes(), app.get(ApiKeyLookupRepository).ensureIndexes()]);
  const health = createGrpcHealth([KEYS_GRPC_SERVICE]);
  const grpcUrl = `${config.BIND_HOST}:${config.KEYS_GRPC_PORT}`;
  const grpc = grpcServerOptions({ url: grpcUrl, packages: [keysV1.BAKUUN_WEBHOOKS_KEYS_V1_PACKAGE_NAME], protoFiles: [KEYS_PROTO_FILE], health });
  const graceful: GrpcOptions = { ...grpc, options: { ...grpc.options, gracefulShutdown: true } };
  app.connectMicroservice(graceful, { inheritAppConfig: true });
  await app.startAllMicroservices();
  await app.listen(config.KEYS_HTTP_PORT, config.BIND_HOST);
  health.setStatus('', 'SERVING');
  health.setStatus(KEYS_GRPC_SERVICE, 'SERVING');
  const httpUrl = await app.getUrl();
  let closing: Promise<void> | null = null;
  return {
    app,
    grpcUrl,
    httpUrl,
    close: () =>
      (closing ??= (async () => {
        health.setStatus('', 'NOT_SERVING');
        health.setStatus(KEYS_GRPC_SERVICE, 'NOT_SERVING');
        await app.close();
        await app.get<Connection>(MONGO_CONNECTION).close();
      })()),
  };
}
