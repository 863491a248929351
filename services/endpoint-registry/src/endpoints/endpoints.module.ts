import { DynamicModule, Module, Provider } from '@nestjs/common';
import { Connection } from 'mongoose';
import { keysV1 } from '@bakuun/contracts';
import { CheckpointRepository, MongoEventStore } from '@bakuun/event-store';
import { createGrpcClient, createKafka, GrpcMetricsInterceptor, openMongoConnection, OpsController, READINESS_CHECKS, ReadinessCheck, ServiceMetrics } from '@bakuun/platform';
import { Histogram } from 'prom-client';
import type { RegistryConfig } from '../config';
import { CLOCK, EVENT_STORE, HOST_RESOLVER, KAFKA, KEY_ISSUER, KEY_MANAGEMENT_CLIENT, KEY_USAGE_READER, MONGO_CONNECTION, REGISTRY_CONFIG } from './endpoints.di-tokens';
import { systemClock } from './ports/clock.port';
import { DnsHostResolver } from './adapters/dns-host-resolver';
import { GrpcKeyIssuer } from './adapters/grpc-key-issuer';
import { GrpcKeyUsageReader } from './adapters/grpc-key-usage-reader';
import { EndpointCommandRunner } from './application/endpoint-command-runner';
import { EndpointLogNotifier } from './application/endpoint-log.notifier';
import { InboundUrls } from './application/inbound-urls';
import { OutboundUrlChecker } from './application/outbound-url.checker';
import { AddEndpointsHandler } from './commands/add-endpoints/add-endpoints.handler';
import { ConfigureEndpointUrlHandler } from './commands/configure-endpoint-url/configure-endpoint-url.handler';
import { UpdateApiVersionHandler } from './commands/update-api-version/update-api-version.handler';
import { SuspendEndpointHandler } from './commands/suspend-endpoint/suspend-endpoint.handler';
import { ActivateEndpointHandler } from './commands/activate-endpoint/activate-endpoint.handler';
import { DeleteEndpointHandler } from './commands/delete-endpoint/delete-endpoint.handler';
import { RecordKeyRolledHandler } from './commands/record-key-rolled/record-key-rolled.handler';
import { GetEndpointQuery } from './queries/get-endpoint/get-endpoint.query';
import { ListEndpointsQuery } from './queries/list-endpoints/list-endpoints.query';
import { ListApiVersionsQuery } from './queries/list-api-versions/list-api-versions.query';
import { EndpointHistoryQuery } from './queries/endpoint-history/endpoint-history.query';
import { VerifyEndpointHistoryQuery } from './queries/verify-endpoint-history/verify-endpoint-history.query';
import { EndpointFiguresQuery } from './queries/endpoint-figures/endpoint-figures.query';
import { EndpointHealthRepository } from './read-model/endpoint-health.repository';
import { EndpointHealthConsumer } from './read-model/endpoint-health.consumer';
import { EndpointViewRepository } from './read-model/endpoint-view.repository';
import { EndpointViewProjector } from './read-model/endpoint-view.projector';
import { EndpointEventsRelay } from './relay/endpoint-events.relay';
import { EndpointRegistryGrpcController } from './grpc/endpoint-registry.grpc-controller';
import { EndpointCap } from './cap/endpoint-cap';
import { EndpointSlotsRepository } from './cap/endpoint-slots.repository';

const commandHandlers = [AddEndpointsHandler, ConfigureEndpointUrlHandler, UpdateApiVersionHandler, SuspendEndpointHandler, ActivateEndpointHandler, DeleteEndpointHandler, RecordKeyRolledHandler];
const queries = [GetEndpointQuery, ListEndpointsQuery, ListApiVersionsQuery, EndpointHistoryQuery, VerifyEndpointHistoryQuery, EndpointFiguresQuery];
const application = [EndpointCommandRunner, EndpointLogNotifier, InboundUrls, OutboundUrlChecker, EndpointCap, EndpointSlotsRepository];
const readModel = [EndpointViewRepository, EndpointViewProjector, EndpointHealthRepository, EndpointHealthConsumer];

function infrastructure(config: RegistryConfig): Provider[] {
  return [
    { provide: REGISTRY_CONFIG, useValue: config },
    { provide: CLOCK, useValue: systemClock },
    { provide: HOST_RESOLVER, useClass: DnsHostResolver },
    { provide: ServiceMetrics, useValue: new ServiceMetrics('endpoint-registry') },
    {
      provide: MONGO_CONNECTION,
      useFactory: () => openMongoConnection({ uri: config.MONGODB_URI, databaseName: config.REGISTRY_DATABASE }),
    },
    {
      provide: EVENT_STORE,
      inject: [MONGO_CONNECTION, ServiceMetrics],
      useFactory: async (connection: Connection, metrics: ServiceMetrics) => {
        const appendLatency = new Histogram({ name: 'event_store_append_seconds', help: 'Event store append latency by outcome', labelNames: ['outcome'], registers: [metrics.registry], buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });
        const store = new MongoEventStore(connection, {
          observeAppend: (ms, outcome) => appendLatency.observe({ outcome }, ms / 1000),
          lookElsewhereEveryMs: config.LOG_POLL_INTERVAL_MS,
        });
        await store.ensureIndexes();
        return store;
      },
    },
    { provide: CheckpointRepository, inject: [MONGO_CONNECTION], useFactory: (connection: Connection) => new CheckpointRepository(connection) },
    { provide: KAFKA, useFactory: () => createKafka({ clientId: 'endpoint-registry', brokers: config.KAFKA_BROKERS }) },
    {
      provide: KEY_MANAGEMENT_CLIENT,
      useFactory: () => createGrpcClient<keysV1.KeyManagementServiceClient>(config.KEY_MANAGEMENT_URL, keysV1.BAKUUN_WEBHOOKS_KEYS_V1_PACKAGE_NAME, 'bakuun/webhooks/keys/v1/key_management_service.proto', keysV1.KEY_MANAGEMENT_SERVICE_NAME).service,
    },
    { provide: KEY_ISSUER, inject: [KEY_MANAGEMENT_CLIENT], useFactory: (client: keysV1.KeyManagementServiceClient) => new GrpcKeyIssuer(client) },
    { provide: KEY_USAGE_READER, inject: [KEY_MANAGEMENT_CLIENT], useFactory: (client: keysV1.KeyManagementServiceClient) => new GrpcKeyUsageReader(client) },
    {
      provide: READINESS_CHECKS,
      inject: [MONGO_CONNECTION],
      useFactory: (connection: Connection): ReadinessCheck[] => [{ name: 'mongodb', check: async () => void (await connection.db!.admin().ping()) }],
    },
    GrpcMetricsInterceptor,
  ];
}

/** The endpoints bounded context: the only writer of endpoint streams. */
@Module({})
export class EndpointsModule {
  static forRoot(config: RegistryConfig, overrides: Provider[] = []): DynamicModule {
    return {
      module: EndpointsModule,
      controllers: [EndpointRegistryGrpcController, OpsController],
      providers: [...infrastructure(config), ...application, ...commandHandlers, ...queries, ...readModel, EndpointEventsRelay, ...overrides],
      exports: [EndpointViewProjector, EndpointViewRepository, EndpointEventsRelay, EVENT_STORE, MONGO_CONNECTION],
    };
  }
}
