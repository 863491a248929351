import { DynamicModule, Module, Provider } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Connection } from 'mongoose';
import { keysV1 } from '@bakuun/contracts';
import { createGrpcClient, createKafka, openMongoConnection, OpsController, READINESS_CHECKS, ReadinessCheck, ServiceMetrics } from '@bakuun/platform';
import type { InboundEdgeConfig } from '../config';
import { AttemptPublisher } from './attempts/attempt-publisher';
import { ApiKeyAuthenticator, GrpcKeyValidator } from './auth/key-validator';
import { RateLimiter } from './auth/rate-limiter';
import { GroupCommitMetrics } from './batching/group-commit.metrics';
import { BookingProducer } from './bookings/booking.producer';
import { IdempotencyRepository } from './bookings/idempotency.repository';
import { PushBookingHandler } from './bookings/push-booking.handler';
import { EndpointDirectory } from './endpoint-view/endpoint-directory';
import { EndpointEventsConsumer } from './endpoint-view/endpoint-events.consumer';
import { EndpointViewRepository } from './endpoint-view/endpoint-view.repository';
import { InboundController } from './http/inbound.controller';
import { ProblemFilter } from './http/problem.filter';
import { CLOCK, INBOUND_CONFIG, KAFKA, KEY_VALIDATOR, MONGO_CONNECTION, PRODUCER_KAFKA, systemClock } from './inbound.di-tokens';
import { MappingCodes } from './mapping/mapping-codes';
import { MappingConsumer } from './mapping/mapping.consumer';
import { MappingRepository } from './mapping/mapping.repository';

const repositories = [EndpointViewRepository, MappingRepository, IdempotencyRepository];
const views = [EndpointDirectory, EndpointEventsConsumer, MappingConsumer, MappingCodes];
const requestPath = [ApiKeyAuthenticator, RateLimiter, GroupCommitMetrics, BookingProducer, PushBookingHandler, AttemptPublisher];

function infrastructure(config: InboundEdgeConfig): Provider[] {
  return [
    { provide: INBOUND_CONFIG, useValue: config },
    { provide: CLOCK, useValue: systemClock },
    { provide: ServiceMetrics, useValue: new ServiceMetrics('inbound-edge') },
    { provide: MONGO_CONNECTION, useFactory: () => openMongoConnection({ uri: config.MONGODB_URI, databaseName: config.INBOUND_DATABASE }) },
    { provide: KAFKA, useFactory: () => createKafka({ clientId: 'inbound-edge', brokers: config.KAFKA_BROKERS }) },
    { provide: PRODUCER_KAFKA, useFactory: () => createKafka({ clientId: 'inbound-edge', brokers: config.KAFKA_BROKERS }) },
    {
      provide: KEY_VALIDATOR,
      useFactory: () =>
        new GrpcKeyValidator(
          createGrpcClient<keysV1.KeyManagementServiceClient>(config.KEY_MANAGEMENT_URL, keysV1.BAKUUN_WEBHOOKS_KEYS_V1_PACKAGE_NAME, 'bakuun/webhooks/keys/v1/key_management_service.proto', keysV1.KEY_MANAGEMENT_SERVICE_NAME).service,
          config.KEY_MANAGEMENT_TIMEOUT_MS,
        ),
    },
    {
      provide: READINESS_CHECKS,
      inject: [MONGO_CONNECTION],
      useFactory: (connection: Connection): ReadinessCheck[] => [{ name: 'mongodb', check: async () => void (await connection.db!.admin().ping()) }],
    },
    { provide: APP_FILTER, useClass: ProblemFilter },
  ];
}

/** The inbound edge: endpoint view, mapping read model, booking push and mapping read for partners. */
@Module({})
export class InboundModule {
  static forRoot(config: InboundEdgeConfig, overrides: Provider[] = []): DynamicModule {
    return {
      module: InboundModule,
      controllers: [InboundController, OpsController],
      providers: [...infrastructure(config), ...repositories, ...views, ...requestPath, ...overrides],
    };
  }
}
