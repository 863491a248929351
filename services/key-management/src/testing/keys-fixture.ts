import { randomBytes } from 'node:crypto';
import type { Provider } from '@nestjs/common';
import { Metadata } from '@grpc/grpc-js';
import { Connection } from 'mongoose';
import { lastValueFrom, Observable } from 'rxjs';
import { endpointsV1, keysV1, registryV1 } from '@bakuun/contracts';
import { callMetadata, createGrpcClient, ERROR_CODE_TRAILER, openMongoConnection } from '@bakuun/platform';
import { freePort, ServiceProcess, startServiceProcess, TestNamespace } from '@bakuun/testing';
import { Argon2idPasswordHasher } from '../keys/adapters/argon2id-password-hasher';
import { KeyManagementLifecycle } from '../keys/application/key-management.lifecycle';
import { CreateOperatorHandler } from '../keys/commands/create-operator/create-operator.handler';
import { GrpcKeyRollRecorder } from '../keys/adapters/grpc-key-roll-recorder';
import { CLOCK, KEY_ROLL_RECORDER, MONGO_CONNECTION, RANDOM_SOURCE } from '../keys/keys.di-tokens';
import { REGISTRY_PROTO_FILE } from '../keys/keys.module';
import { RecordingRandomSource, ShiftedClock, StagedRecorder } from './test-doubles';
import { OperatorAccountRepository } from '../keys/persistence/operator-account.repository';
import { systemClock } from '../keys/ports/clock.port';
import { KeyManagementConfig, loadKeyManagementConfig } from '../config';
import { KEYS_PROTO_FILE, RunningKeyManagement, startKeyManagement } from '../key-management.app';

export type KeysClient = keysV1.KeyManagementServiceClient;
export type RegistryClient = registryV1.EndpointRegistryServiceClient;
export const { EndpointCategory: Category, EndpointMethod: Method } = endpointsV1;

export interface KeysFixtureOptions {
  /** Start the endpoint registry as a separate process (it calls IssueKey, we call its RecordKeyRolled). */
  registry?: boolean;
  env?: Record<string, string>;
  overrides?: Provider[];
}

export interface GrpcFailure {
  code: number;
  errorCode: string;
  details: string;
}

export interface KeysFixture {
  ns: TestNamespace;
  config: KeyManagementConfig;
  keys: RunningKeyManagement;
  client: KeysClient;
  registryClient: RegistryClient;
  registry: ServiceProcess | null;
  /** Key management's clock (the registry keeps real time). */
  clock: ShiftedClock;
  random: RecordingRandomSource;
  /** Key management's RecordKeyRolled calls, through a wrapper that can stage failures. */
  recorder: StagedRecorder;
  /** Raw access to key management's database: what an attacker with a dump would see. */
  connection: Connection;
  as(partnerId: string, actorId?: string): Metadata;
  call<T>(observable: Observable<T>): Promise<T>;
  failure(observable: Observable<unknown>): Promise<GrpcFailure>;
  addEndpoints(partnerId: string, category: endpointsV1.EndpointCategory, methods: endpointsV1.EndpointMethod[], url?: string): Promise<registryV1.AddedEndpoint[]>;
  createOperator(partnerId: string, operatorId: string, password: string): Promise<void>;
  startRegistry(): Promise<void>;
  stopRegistry(): Promise<void>;
  /** Closes key management and starts it again in this process on the same configuration, with other provider overrides. */
  restartKeys(overrides?: Provider[]): Promise<void>;
  consumerReady(): Promise<void>;
  close(): Promise<void>;
}

export function testMasterKeys(): Record<string, string> {
  return { MASTER_KEYS: `mk1:${randomBytes(32).toString('base64')}`, MASTER_KEY_ACTIVE: 'mk1' };
}

/** Key management in this process (so a test can reach its parts), the registry as a real separate process, on the test file's own database and topic. */
export async function startKeysFixture(ns: TestNamespace, options: KeysFixtureOptions = {}): Promise<KeysFixture> {
  const [keysGrpc, keysHttp, registryGrpc] = await Promise.all([freePort(), freePort(), freePort()]);
  const topic = ns.topic('endpoint-events');
  const config = loadKeyManagementConfig({
    MONGODB_URI: ns.mongoUri,
    KEYS_DATABASE: `${ns.databaseName}_keys`,
    KAFKA_BROKERS: ns.kafkaBrokers.join(','),
    ENDPOINT_EVENTS_TOPIC: topic,
    KEYS_CONSUMER_GROUP: ns.group('key-management'),
    KEYS_GRPC_PORT: String(keysGrpc),
    KEYS_HTTP_PORT: String(keysHttp),
    REGISTRY_URL: `127.0.0.1:${registryGrpc}`,
    LAST_USE_FLUSH_MS: '200',
    REGISTRY_CALL_TIMEOUT_MS: '2000',
    ROLL_RECOVERY_INTERVAL_MS: '200',
    ROLL_RECOVERY_AFTER_MS: '2500',
    LOG_LEVEL: 'warn',
    ...testMasterKeys(),
    ...options.env,
  });
  const registryEnv: Record<string, string> = {
    MONGODB_URI: ns.mongoUri,
    REGISTRY_DATABASE: ns.databaseName,
    KAFKA_BROKERS: ns.kafkaBrokers.join(','),
    REGISTRY_GRPC_PORT: String(registryGrpc),
    REGISTRY_HTTP_PORT: '0',
    KEY_MANAGEMENT_URL: `127.0.0.1:${keysGrpc}`,
    ENDPOINT_EVENTS_TOPIC: topic,
    ALLOW_INSECURE_LOOPBACK_URLS: 'true',
    RESOLVE_URL_ON_SET: 'false',
    LOG_POLL_INTERVAL_MS: '100',
    LOG_LEVEL: 'warn',
  };

  const clock = new ShiftedClock();
  const random = new RecordingRandomSource();
  const registryForRolls = createGrpcClient<RegistryClient>(config.REGISTRY_URL, registryV1.BAKUUN_WEBHOOKS_REGISTRY_V1_PACKAGE_NAME, REGISTRY_PROTO_FILE, registryV1.ENDPOINT_REGISTRY_SERVICE_NAME);
  const recorder = new StagedRecorder(new GrpcKeyRollRecorder(registryForRolls, config.REGISTRY_CALL_TIMEOUT_MS));
  const doubles: Provider[] = [
    { provide: CLOCK, useValue: clock },
    { provide: RANDOM_SOURCE, useValue: random },
    { provide: KEY_ROLL_RECORDER, useValue: recorder },
  ];
  let keys = await startKeyManagement(config, [...doubles, ...(options.overrides ?? [])]);
  let registry: ServiceProcess | null = options.registry ? await startServiceProcess('endpoint-registry', registryEnv) : null;
  const keysGrpcClient = createGrpcClient<KeysClient>(keys.grpcUrl, keysV1.BAKUUN_WEBHOOKS_KEYS_V1_PACKAGE_NAME, KEYS_PROTO_FILE, keysV1.KEY_MANAGEMENT_SERVICE_NAME);
  const registryGrpcClient = createGrpcClient<RegistryClient>(`127.0.0.1:${registryGrpc}`, registryV1.BAKUUN_WEBHOOKS_REGISTRY_V1_PACKAGE_NAME, 'bakuun/webhooks/registry/v1/endpoint_registry_service.proto', registryV1.ENDPOINT_REGISTRY_SERVICE_NAME);

  const fixture: KeysFixture = {
    ns,
    config,
    get keys() {
      return keys;
    },
    client: keysGrpcClient.service,
    registryClient: registryGrpcClient.service,
    get registry() {
      return registry;
    },
    clock,
    random,
    recorder,
    get connection() {
      return keys.app.get<Connection>(MONGO_CONNECTION);
    },
    as: (partnerId, actorId = 'operator-1') => callMetadata(partnerId, { kind: 'USER', id: actorId }),
    call: (o) => lastValueFrom(o),
    failure: async (o) => {
      try {
        await lastValueFrom(o);
      } catch (error) {
        const e = error as { code: number; details: string; metadata?: Metadata };
        return { code: e.code, details: e.details, errorCode: String(e.metadata?.get(ERROR_CODE_TRAILER)?.[0] ?? '') };
      }
      throw new Error('expected the call to fail');
    },
    addEndpoints: async (partnerId, category, methods, url = '') => {
      const response = await lastValueFrom(registryGrpcClient.service.addEndpoints({ requestId: `add-${randomBytes(6).toString('hex')}`, category, methods, url, apiVersion: '' }, fixture.as(partnerId)));
      return response.endpoints;
    },
    createOperator: (partnerId, operatorId, password) =>
      new CreateOperatorHandler(keys.app.get(OperatorAccountRepository), new Argon2idPasswordHasher(), systemClock).execute({ partnerId, operatorId, password }),
    startRegistry: async () => {
      registry ??= await startServiceProcess('endpoint-registry', registryEnv);
    },
    stopRegistry: async () => {
      await registry?.stop();
      registry = null;
    },
    restartKeys: async (overrides = []) => {
      await keys.close();
      keys = await startKeyManagement(config, [...doubles, ...overrides]);
    },
    consumerReady: () => keys.app.get(KeyManagementLifecycle).consumerReady(),
    close: async () => {
      keysGrpcClient.close();
      registryGrpcClient.close();
      registryForRolls.close();
      await registry?.stop();
      await keys.close();
      // The file's databases are its own; dropping them keeps the shared server small.
      const connection = await openMongoConnection({ uri: ns.mongoUri });
      try {
        await connection.useDb(config.KEYS_DATABASE).dropDatabase();
        await connection.useDb(ns.databaseName).dropDatabase();
      } finally {
        await connection.close();
      }
    },
  };
  return fixture;
}

export async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
