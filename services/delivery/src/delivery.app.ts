import { INestApplication, Provider } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Connection } from 'mongoose';
import { deliveryV1 } from '@bakuun/contracts';
import { createGrpcHealth, createLogger, grpcServerOptions, PinoNestLogger } from '@bakuun/platform';
import type { DeliveryConfig } from './config';
import { DeliveryModule } from './delivery/delivery.module';
import { MONGO_CONNECTION } from './delivery/delivery.di-tokens';
import { Dispatcher } from './delivery/dispatch/dispatcher';
import { WorkScanner } from './delivery/dispatch/work-scanner';
import { EndpointEventsConsumer } from './delivery/endpoint-view/endpoint-events.consumer';
import { UpstreamConsumer } from './delivery/ingest/upstream.consumer';
import { AttemptRepository } from './delivery/persistence/attempt.repository';
import { DeliveryRepository } from './delivery/persistence/delivery.repository';
import { EndpointLeaseRepository } from './delivery/persistence/endpoint-lease.repository';
import { MessageRepository } from './delivery/persistence/message.repository';

export const DELIVERY_GRPC_SERVICE = `${deliveryV1.BAKUUN_WEBHOOKS_DELIVERY_V1_PACKAGE_NAME}.${deliveryV1.DELIVERY_SERVICE_NAME}`;

export interface RunningDelivery {
  app: INestApplication;
  grpcUrl: string;
  httpUrl: string;
  close(): Promise<void>;
}

/**
 * Starts delivery: the endpoint view catches up first (so the first upstream messages find
 * their endpoints), then the dispatcher's scanner and the upstream consumer; gRPC DeliveryService
 * (with health and reflection) and HTTP (/healthz, /readyz, /metrics). `close` drains: the
 * consumer stops, attempts in flight finish and are stored, leases are released.
 */
export async function startDelivery(config: DeliveryConfig, overrides: Provider[] = []): Promise<RunningDelivery> {
  const logger = createLogger({ service: 'delivery', level: config.LOG_LEVEL });
  const app = await NestFactory.create(DeliveryModule.forRoot(config, overrides), { logger: new PinoNestLogger(logger), abortOnError: false });
  const health = createGrpcHealth([DELIVERY_GRPC_SERVICE]);
  const grpcUrl = `${config.BIND_HOST}:${config.DELIVERY_GRPC_PORT}`;
  await Promise.all([app.get(MessageRepository).ensureIndexes(), app.get(DeliveryRepository).ensureIndexes(), app.get(AttemptRepository).ensureIndexes(), app.get(EndpointLeaseRepository).ensureIndexes()]);
  app.connectMicroservice(grpcServerOptions({ url: grpcUrl, packages: [deliveryV1.BAKUUN_WEBHOOKS_DELIVERY_V1_PACKAGE_NAME], protoFiles: ['bakuun/webhooks/delivery/v1/delivery_service.proto'], health }), { inheritAppConfig: true });
  await app.startAllMicroservices();
  await app.listen(config.DELIVERY_HTTP_PORT, config.BIND_HOST);
  await app.get(EndpointEventsConsumer).start();
  const scanner = app.get(WorkScanner);
  await scanner.scanOnce();
  scanner.start();
  await app.get(UpstreamConsumer).start();
  health.setStatus('', 'SERVING');
  health.setStatus(DELIVERY_GRPC_SERVICE, 'SERVING');
  const httpUrl = await app.getUrl();
  let closing: Promise<void> | null = null;
  return {
    app,
    grpcUrl,
    httpUrl,
    close: () =>
      (closing ??= (async () => {
        health.setStatus('', 'NOT_SERVING');
        await app.get(UpstreamConsumer).stop();
        await scanner.stop();
        await app.get(Dispatcher).stop();
        await app.close();
        await app.get<Connection>(MONGO_CONNECTION).close();
      })()),
  };
}
