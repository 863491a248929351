import { DynamicModule, Module, Provider } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { registryV1 } from '@bakuun/contracts';
import { createGrpcClient, createKafka, GrpcMetricsInterceptor, openMongoConnection, OpsController, READINESS_CHECKS, ReadinessCheck, ServiceMetrics } from '@bakuun/platform';
import type { Kafka } from 'kafkajs';
import type { MetricsConfig } from '../config';
import { DeliveryAttemptDecoder } from './adapters/delivery-attempt.decoder';
import { GrpcEndpointSuspender } from './adapters/grpc-endpoint-suspender';
import { KafkaHealthPublisher } from './adapters/kafka-health-publisher';
import { MetricsInstruments } from './application/metrics.instruments';
import { policySettings } from './application/policy-settings';
import { EndpointEvaluator } from './evaluate-endpoints/endpoint-evaluator';
import { GetEndpointMetricsQuery } from './get-endpoint-metrics/get-endpoint-metrics.query';
import { EndpointMetricsGrpcController } from './grpc/endpoint-metrics.grpc-controller';
import { AttemptIngestion } from './ingest-attempts/attempt-ingestion';
import { AttemptsConsumer } from './ingest-attempts/attempts.consumer';
import { ListErrorRatesQuery } from './list-error-rates/list-error-rates.query';
import { ATTEMPT_DECODER, CLOCK, ENDPOINT_SUSPENDER, HEALTH_PUBLISHER, KAFKA, METRICS_CONFIG, MONGO_CONNECTION, POLICY_SETTINGS } from './metrics.di-tokens';
import { AttemptSegmentRepository } from './persistence/attempt-segment.repository';
import { EndpointDirectoryRepository } from './persistence/endpoint-directory.repository';
import { EndpointStateRepository } from './persistence/endpoint-state.repository';
import { systemClock } from './ports/clock.port';
import { EndpointEventsConsumer } from './track-endpoints/endpoint-events.consumer';

const persistence = [AttemptSegmentRepository, EndpointStateRepository, EndpointDirectoryRepository];
const useCases = [AttemptIngestion, AttemptsConsumer, EndpointEventsConsumer, EndpointEvaluator, GetEndpointMetricsQuery, ListErrorRatesQuery];

function infrastructure(config: MetricsConfig): Provider[] {
  return [
    { provide: METRICS_CONFIG, useValue: config },
    { provide: POLICY_SETTINGS, useValue: policySettings(config) },
    { provide: CLOCK, useValue: systemClock },
    { provide: ServiceMetrics, useValue: new ServiceMetrics('metrics') },
    { provide: MetricsInstruments, inject: [ServiceMetrics], useFactory: (metrics: ServiceMetrics) => new MetricsInstruments(metrics) },
    { provide: MONGO_CONNECTION, useFactory: () => openMongoConnection({ uri: config.MONGODB_URI, databaseName: config.METRICS_DATABASE }) },
    { provide: KAFKA, useFactory: () => createKafka({ clientId: 'metrics', brokers: config.KAFKA_BROKERS }) },
    { provide: ATTEMPT_DECODER, useClass: DeliveryAttemptDecoder },
    { provide: HEALTH_PUBLISHER, inject: [KAFKA], useFactory: (kafka: Kafka) => new KafkaHealthPublisher(kafka, config.ENDPOINT_HEALTH_TOPIC) },
    {
      provide: ENDPOINT_SUSPENDER,
      useFactory: () =>
        new GrpcEndpointSuspender(
          createGrpcClient<registryV1.EndpointRegistryServiceClient>(config.REGISTRY_URL, registryV1.BAKUUN_WEBHOOKS_REGISTRY_V1_PACKAGE_NAME, 'bakuun/webhooks/registry/v1/endpoint_registry_service.proto', registryV1.ENDPOINT_REGISTRY_SERVICE_NAME).service,
          config.REGISTRY_CALL_TIMEOUT_MS,
        ),
    },
    {
      provide: READINESS_CHECKS,
      inject: [MONGO_CONNECTION, AttemptsConsumer],
      useFactory: (connection: Connection, attempts: AttemptsConsumer): ReadinessCheck[] => [
        { name: 'mongodb', check: async () => void (await connection.db!.admin().ping()) },
        {
          name: 'kafka',
          check: async () => {
            if (!attempts.isJoined) throw new Error('the attempts consumer has not joined its group');
          },
        },
      ],
    },
    GrpcMetricsInterceptor,
  ];
}

/** The metrics bounded context: attempts in, figures, health events and automatic suspensions out. */
@Module({})
export class MetricsModule {
  static forRoot(config: MetricsConfig, overrides: Provider[] = []): DynamicModule {
    return {
      module: MetricsModule,
      controllers: [EndpointMetricsGrpcController, OpsController],
      providers: [...infrastructure(config), ...persistence, ...useCases, ...overrides],
    };
  }
}
