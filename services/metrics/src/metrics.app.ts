import { INestApplication, Provider } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Connection } from 'mongoose';
import { metricsServiceV1 } from '@bakuun/contracts';
import { createGrpcHealth, createLogger, grpcServerOptions, PinoNestLogger } from '@bakuun/platform';
import type { MetricsConfig } from './config';
import { HEALTH_PUBLISHER, MONGO_CONNECTION } from './metrics/metrics.di-tokens';
import { MetricsModule } from './metrics/metrics.module';
import { AttemptSegmentRepository } from './metrics/persistence/attempt-segment.repository';
import { EndpointStateRepository } from './metrics/persistence/endpoint-state.repository';
import { EndpointEvaluator } from './metrics/evaluate-endpoints/endpoint-evaluator';
import { EndpointEventsConsumer } from './metrics/track-endpoints/endpoint-events.consumer';

export const METRICS_GRPC_SERVICE = `${metricsServiceV1.BAKUUN_WEBHOOKS_METRICS_V1_PACKAGE_NAME}.${metricsServiceV1.ENDPOINT_METRICS_SERVICE_NAME}`;
export const METRICS_PROTO_FILE = 'bakuun/webhooks/metrics/v1/endpoint_metrics_service.proto';

export interface RunningMetrics {
  app: INestApplication;
  grpcUrl: string;
  httpUrl: string;
  close(): Promise<void>;
}

/** Starts the metrics service: the attempts and endpoint-events consumers, the evaluation loop, gRPC (with health and reflection) and HTTP (/healthz, /readyz, /metrics). */
export async function startMetrics(config: MetricsConfig, overrides: Provider[] = []): Promise<RunningMetrics> {
  const logger = createLogger({ service: 'metrics', level: config.LOG_LEVEL });
  const app = await NestFactory.create(MetricsModule.forRoot(config, overrides), { logger: new PinoNestLogger(logger), abortOnError: false });
  await Promise.all([app.get(AttemptSegmentRepository).ensureIndexes(), app.get(EndpointStateRepository).ensureIndexes()]);
  const evaluator = app.get(EndpointEvaluator);
  app.get(EndpointEventsConsumer).onApplied((endpointId) => evaluator.markDirty([endpointId]));
  const health = createGrpcHealth([METRICS_GRPC_SERVICE]);
  const grpcUrl = `${config.BIND_HOST}:${config.METRICS_GRPC_PORT}`;
  app.connectMicroservice(grpcServerOptions({ url: grpcUrl, packages: [metricsServiceV1.BAKUUN_WEBHOOKS_METRICS_V1_PACKAGE_NAME], protoFiles: [METRICS_PROTO_FILE], health }), { inheritAppConfig: true });
  await app.startAllMicroservices();
  await app.listen(config.METRICS_HTTP_PORT, config.BIND_HOST);
  health.setStatus('', 'SERVING');
  health.setStatus(METRICS_GRPC_SERVICE, 'SERVING');
  const httpUrl = await app.getUrl();
  return {
    app,
    grpcUrl,
    httpUrl,
    close: async () => {
      health.setStatus('', 'NOT_SERVING');
      health.setStatus(METRICS_GRPC_SERVICE, 'NOT_SERVING');
      await app.close();
      await app.get<{ close(): Promise<void> }>(HEALTH_PUBLISHER).close();
      await app.get<Connection>(MONGO_CONNECTION).close();
    },
  };
}
