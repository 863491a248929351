import { DynamicModule, Module, Provider } from '@nestjs/common';
import { Connection } from 'mongoose';
import { registryV1 } from '@bakuun/contracts';
import { createGrpcClient, createKafka, GrpcMetricsInterceptor, openMongoConnection, OpsController, READINESS_CHECKS, ReadinessCheck, ServiceMetrics } from '@bakuun/platform';
import type { KeyManagementConfig } from '../config';
import { Argon2idPasswordHasher } from './adapters/argon2id-password-hasher';
import { GrpcKeyRollRecorder } from './adapters/grpc-key-roll-recorder';
import { nodeRandomSource } from './adapters/node-random-source';
import { KeyManagementLifecycle } from './application/key-management.lifecycle';
import { LastUseBatcher } from './application/last-use.batcher';
import { OperatorPasswordConfirmer } from './application/operator-password.confirmer';
import { RollCompletion } from './application/roll-completion';
import { RollRecoveryLoop } from './application/roll-recovery.loop';
import { ValidationCache } from './application/validation-cache';
import { ConfirmEndpointAddedHandler } from './commands/confirm-endpoint-added/confirm-endpoint-added.handler';
import { IssueKeyHandler } from './commands/issue-key/issue-key.handler';
import { RollKeyHandler } from './commands/roll-key/roll-key.handler';
import { ShredEndpointKeysHandler } from './commands/shred-endpoint-keys/shred-endpoint-keys.handler';
import { VerifyOperatorPasswordHandler } from './commands/verify-operator-password/verify-operator-password.handler';
import { EndpointEventsConsumer } from './consumer/endpoint-events.consumer';
import { KeyManagementGrpcController } from './grpc/key-management.grpc-controller';
import { CLOCK, KAFKA, KEY_ROLL_RECORDER, KEYS_CONFIG, MASTER_KEYRING, MONGO_CONNECTION, PASSWORD_HASHER, RANDOM_SOURCE } from './keys.di-tokens';
import { ApiKeyLookupRepository } from './persistence/api-key-lookup.repository';
import { EndpointKeysRepository } from './persistence/endpoint-keys.repository';
import { KeyUsageRepository } from './persistence/key-usage.repository';
import { OperatorAccountRepository } from './persistence/operator-account.repository';
import { ProcessedEventRepository } from './persistence/processed-event.repository';
import { systemClock } from './ports/clock.port';
import { GetKeyInfoQuery } from './queries/get-key-info/get-key-info.query';
import { GetSigningSecretsQuery } from './queries/get-signing-secrets/get-signing-secrets.query';
import { ListKeyExpiryChoicesQuery } from './queries/list-key-expiry-choices/list-key-expiry-choices.query';
import { ValidateApiKeyQuery } from './queries/validate-api-key/validate-api-key.query';

const commandHandlers = [IssueKeyHandler, RollKeyHandler, ShredEndpointKeysHandler, ConfirmEndpointAddedHandler, VerifyOperatorPasswordHandler];
const queries = [ListKeyExpiryChoicesQuery, GetKeyInfoQuery, ValidateApiKeyQuery, GetSigningSecretsQuery];
const repositories = [EndpointKeysRepository, ApiKeyLookupRepository, KeyUsageRepository, OperatorAccountRepository, ProcessedEventRepository];
const application = [OperatorPasswordConfirmer, RollCompletion, RollRecoveryLoop, EndpointEventsConsumer, KeyManagementLifecycle];

export const REGISTRY_PROTO_FILE = 'bakuun/webhooks/registry/v1/endpoint_registry_service.proto';

function infrastructure(config: KeyManagementConfig): Provider[] {
  return [
    { provide: KEYS_CONFIG, useValue: config },
    { provide: MASTER_KEYRING, useValue: config.masterKeyring },
    { provide: CLOCK, useValue: systemClock },
    { provide: RANDOM_SOURCE, useValue: nodeRandomSource },
    { provide: PASSWORD_HASHER, useClass: Argon2idPasswordHasher },
    { provide: ServiceMetrics, useValue: new ServiceMetrics('key-management') },
    { provide: MONGO_CONNECTION, useFactory: () => openMongoConnection({ uri: config.MONGODB_URI, databaseName: config.KEYS_DATABASE }) },
    { provide: KAFKA, useFactory: () => createKafka({ clientId: 'key-management', brokers: config.KAFKA_BROKERS }) },
    {
      provide: KEY_ROLL_RECORDER,
      useFactory: () =>
        new GrpcKeyRollRecorder(
          createGrpcClient<registryV1.EndpointRegistryServiceClient>(config.REGISTRY_URL, registryV1.BAKUUN_WEBHOOKS_REGISTRY_V1_PACKAGE_NAME, REGISTRY_PROTO_FILE, registryV1.ENDPOINT_REGISTRY_SERVICE_NAME),
          config.REGISTRY_CALL_TIMEOUT_MS,
        ),
    },
    { provide: ValidationCache, useFactory: () => new ValidationCache(config.VALIDATION_CACHE_TTL_MS, config.VALIDATION_CACHE_MAX_ENTRIES) },
    { provide: LastUseBatcher, inject: [KeyUsageRepository], useFactory: (usage: KeyUsageRepository) => new LastUseBatcher(usage) },
    {
      provide: READINESS_CHECKS,
      inject: [MONGO_CONNECTION, EndpointEventsConsumer],
      useFactory: (connection: Connection, consumer: EndpointEventsConsumer): ReadinessCheck[] => [
        { name: 'mongodb', check: async () => void (await connection.db!.admin().ping()) },
        {
          name: 'endpoint-events-consumer',
          check: async () => {
            if (!consumer.isRunning) throw new Error('not a member of its consumer group');
          },
        },
      ],
    },
    GrpcMetricsInterceptor,
  ];
}

/** The keys bounded context: key material, password confirmation, validation, last use, expiry. */
@Module({})
export class KeysModule {
  static forRoot(config: KeyManagementConfig, overrides: Provider[] = []): DynamicModule {
    return {
      module: KeysModule,
      controllers: [KeyManagementGrpcController, OpsController],
      providers: [...infrastructure(config), ...repositories, ...application, ...commandHandlers, ...queries, ...overrides],
      exports: [MONGO_CONNECTION, KAFKA, EndpointKeysRepository, OperatorAccountRepository, RollRecoveryLoop, LastUseBatcher, ValidationCache, EndpointEventsConsumer],
    };
  }
}
