import { DynamicModule, Module, Provider } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Connection } from 'mongoose';
import { keysV1, registryV1 } from '@bakuun/contracts';
import { createGrpcClient, createKafka, GrpcMetricsInterceptor, openMongoConnection, OpsController, READINESS_CHECKS, ReadinessCheck, ServiceMetrics } from '@bakuun/platform';
import type { DeliveryConfig } from '../config';
import { CLOCK, DELIVERY_CONFIG, ENDPOINT_SUSPENDER, HOST_RESOLVER, INSTANCE_ID, KAFKA, MONGO_CONNECTION, RANDOM, SIGNING_SECRET_SOURCE } from './delivery.di-tokens';
import { DnsHostResolver } from './adapters/dns-host-resolver';
import { GrpcEndpointSuspender } from './adapters/grpc-endpoint-suspender';
import { GrpcSigningSecretSource } from './adapters/grpc-signing-secret-source';
import { RedeliverHandler } from './commands/redeliver/redeliver.handler';
import { ReplaySinceHandler } from './commands/replay-since/replay-since.handler';
import { AttemptRecorder } from './dispatch/attempt-recorder';
import { Dispatcher } from './dispatch/dispatcher';
import { HttpSender } from './dispatch/http-sender';
import { SigningSecretCache } from './dispatch/signing-secret.cache';
import { SsrfGuard } from './dispatch/ssrf-guard';
import { WorkScanner } from './dispatch/work-scanner';
import { EndpointDirectory } from './endpoint-view/endpoint-directory';
import { EndpointEventsConsumer } from './endpoint-view/endpoint-events.consumer';
import { EndpointViewRepository } from './endpoint-view/endpoint-view.repository';
import { DeliveryGrpcController } from './grpc/delivery.grpc-controller';
import { FanOut } from './ingest/fan-out';
import { MappingTracker } from './ingest/mapping-tracker';
import { OrdinalTracker } from './ingest/ordinal-tracker';
import { UpstreamConsumer } from './ingest/upstream.consumer';
import { AttemptOutboxRepository } from './persistence/attempt-outbox.repository';
import { AttemptRepository } from './persistence/attempt.repository';
import { DeliveryRepository } from './persistence/delivery.repository';
import { WaitingEndpointRepository } from './persistence/waiting-endpoint.repository';
import { EndpointLeaseRepository } from './persistence/endpoint-lease.repository';
import { HotelMappingRepository } from './persistence/hotel-mapping.repository';
import { MessageRepository } from './persistence/message.repository';
import { OperatorRequestRepository } from './persistence/operator-request.repository';
import type { HostResolver } from './ports/host-resolver.port';
import type { SigningSecretSource } from './ports/signing-secret-source.port';
import { systemClock } from './ports/clock.port';
import { mathRandom } from './ports/random.port';
import { ListAttemptsQuery } from './queries/list-attempts/list-attempts.query';

const repositories = [EndpointViewRepository, MessageRepository, HotelMappingRepository, DeliveryRepository, AttemptRepository, AttemptOutboxRepository, EndpointLeaseRepository, WaitingEndpointRepository, OperatorRequestRepository];
const endpointView = [EndpointDirectory, EndpointEventsConsumer];
const ingest = [OrdinalTracker, MappingTracker, FanOut, UpstreamConsumer];
const dispatch = [AttemptRecorder, Dispatcher, WorkScanner];
const useCases = [RedeliverHandler, ReplaySinceHandler, ListAttemptsQuery];

function infrastructure(config: DeliveryConfig): Provider[] {
  return [
    { provide: DELIVERY_CONFIG, useValue: config },
    { provide: INSTANCE_ID, useValue: `delivery-${process.pid}-${randomBytes(4).toString('hex')}` },
    { provide: CLOCK, useValue: systemClock },
    { provide: RANDOM, useValue: mathRandom },
    { provide: HOST_RESOLVER, useClass: DnsHostResolver },
    { provide: ServiceMetrics, useValue: new ServiceMetrics('delivery') },
    { provide: MONGO_CONNECTION, useFactory: () => openMongoConnection({ uri: config.MONGODB_URI, databaseName: config.DELIVERY_DATABASE }) },
    { provide: KAFKA, useFactory: () => createKafka({ clientId: 'delivery', brokers: config.KAFKA_BROKERS }) },
    {
      provide: SIGNING_SECRET_SOURCE,
      useFactory: () => new GrpcSigningSecretSource(createGrpcClient<keysV1.KeyManagementServiceClient>(config.KEY_MANAGEMENT_URL, keysV1.BAKUUN_WEBHOOKS_KEYS_V1_PACKAGE_NAME, 'bakuun/webhooks/keys/v1/key_management_service.proto', keysV1.KEY_MANAGEMENT_SERVICE_NAME).service),
    },
    {
      provide: ENDPOINT_SUSPENDER,
      useFactory: () => new GrpcEndpointSuspender(createGrpcClient<registryV1.EndpointRegistryServiceClient>(config.REGISTRY_URL, registryV1.BAKUUN_WEBHOOKS_REGISTRY_V1_PACKAGE_NAME, 'bakuun/webhooks/registry/v1/endpoint_registry_service.proto', registryV1.ENDPOINT_REGISTRY_SERVICE_NAME).service),
    },
    { provide: SigningSecretCache, inject: [SIGNING_SECRET_SOURCE], useFactory: (source: SigningSecretSource) => new SigningSecretCache(source, config.SIGNING_SECRET_CACHE_MS) },
    {
      provide: HttpSender,
      inject: [HOST_RESOLVER],
      useFactory: (resolver: HostResolver) =>
        new HttpSender(new SsrfGuard(resolver, config.ALLOW_INSECURE_LOOPBACK_URLS), {
          connectTimeoutMs: config.DELIVERY_CONNECT_TIMEOUT_MS,
          totalTimeoutMs: config.DELIVERY_TOTAL_TIMEOUT_MS,
          responseBodyCapBytes: config.DELIVERY_RESPONSE_BODY_CAP_BYTES,
          connectionsPerOrigin: config.DELIVERY_ENDPOINT_CONCURRENCY,
        }),
    },
    {
      provide: READINESS_CHECKS,
      inject: [MONGO_CONNECTION],
      useFactory: (connection: Connection): ReadinessCheck[] => [{ name: 'mongodb', check: async () => void (await connection.db!.admin().ping()) }],
    },
    GrpcMetricsInterceptor,
  ];
}

/** Outbound delivery: endpoint view, upstream fan-out, dispatcher, attempt log and the operator actions on it. */
@Module({})
export class DeliveryModule {
  static forRoot(config: DeliveryConfig, overrides: Provider[] = []): DynamicModule {
    return {
      module: DeliveryModule,
      controllers: [DeliveryGrpcController, OpsController],
      providers: [...infrastructure(config), ...repositories, ...endpointView, ...ingest, ...dispatch, ...useCases, ...overrides],
    };
  }
}
