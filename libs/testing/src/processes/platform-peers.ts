import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { TestNamespace } from '../infra/test-namespace';
import { findRepoRoot } from '../repo-root';
import { freePort, ServiceProcess, startServiceProcess } from './service-process';

/** A throwaway master key for the key-management process a test starts. */
export function testMasterKeys(): Record<string, string> {
  return { MASTER_KEYS: `mk1:${randomBytes(32).toString('base64')}`, MASTER_KEY_ACTIVE: 'mk1' };
}

export interface PlatformPorts {
  registryGrpc: number;
  keysGrpc: number;
  keysHttp: number;
}

export async function freePlatformPorts(): Promise<PlatformPorts> {
  const [registryGrpc, keysGrpc, keysHttp] = await Promise.all([freePort(), freePort(), freePort()]);
  return { registryGrpc, keysGrpc, keysHttp };
}

/** Where a test's key-management process keeps its data and finds the registry. */
export function keyManagementEnv(ns: TestNamespace, ports: PlatformPorts, endpointEventsTopic: string): Record<string, string> {
  return {
    MONGODB_URI: ns.mongoUri,
    KEYS_DATABASE: `${ns.databaseName}_keys`,
    KAFKA_BROKERS: ns.kafkaBrokers.join(','),
    ENDPOINT_EVENTS_TOPIC: endpointEventsTopic,
    KEYS_CONSUMER_GROUP: ns.group('key-management'),
    KEYS_GRPC_PORT: String(ports.keysGrpc),
    KEYS_HTTP_PORT: String(ports.keysHttp),
    REGISTRY_URL: `127.0.0.1:${ports.registryGrpc}`,
    LOG_LEVEL: 'warn',
    ...testMasterKeys(),
  };
}

/** The registry's environment for a test: its own database and topics, loopback URLs allowed. */
export function registryEnv(ns: TestNamespace, ports: PlatformPorts, endpointEventsTopic: string): Record<string, string> {
  return {
    MONGODB_URI: ns.mongoUri,
    REGISTRY_DATABASE: ns.databaseName,
    KAFKA_BROKERS: ns.kafkaBrokers.join(','),
    REGISTRY_GRPC_PORT: String(ports.registryGrpc),
    REGISTRY_HTTP_PORT: '0',
    KEY_MANAGEMENT_URL: `127.0.0.1:${ports.keysGrpc}`,
    ENDPOINT_EVENTS_TOPIC: endpointEventsTopic,
    ENDPOINT_HEALTH_TOPIC: ns.topic('endpoint-health'),
    REGISTRY_CONSUMER_GROUP: ns.group('registry'),
    ALLOW_INSECURE_LOOPBACK_URLS: 'true',
    RESOLVE_URL_ON_SET: 'false',
    LOG_POLL_INTERVAL_MS: '100',
    LOG_LEVEL: 'warn',
  };
}

/** Key management and the endpoint registry, each a real process, for a service that calls them. */
export interface RegistryAndKeyManagement {
  keyManagement: ServiceProcess;
  registry: ServiceProcess;
  /** gRPC addresses (`host:port`). */
  registryUrl: string;
  keyManagementUrl: string;
  /** Key management's environment (MONGODB_URI, KEYS_DATABASE, ...), e.g. for the keys CLI. */
  keyManagementEnv: Record<string, string>;
  /** Stops key management (SIGTERM), runs `whileDown`, then starts it again on the same address, data and master key. */
  withKeyManagementDown(whileDown: () => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts key management and the registry (publishing to `endpointEventsTopic`, with
 * `registryOverrides` on top of `registryEnv`) on databases of the test file's own that no other
 * service of the test shares (`<ns>_keys`, `<ns>_registry`).
 */
export async function startRegistryAndKeyManagement(ns: TestNamespace, endpointEventsTopic: string, registryOverrides: Record<string, string> = {}): Promise<RegistryAndKeyManagement> {
  const ports = await freePlatformPorts();
  const keysEnv = keyManagementEnv(ns, ports, endpointEventsTopic);
  // Neither needs the other to start (they call each other only when asked to add or roll): started side by side.
  const started = await Promise.allSettled([
    startServiceProcess('key-management', keysEnv),
    startServiceProcess('endpoint-registry', { ...registryEnv(ns, ports, endpointEventsTopic), REGISTRY_DATABASE: `${ns.databaseName}_registry`, ...registryOverrides }),
  ]);
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    for (const s of started) if (s.status === 'fulfilled') await s.value.stop();
    throw failed.reason;
  }
  const [keyManagement, registry] = started.map((s) => (s as PromiseFulfilledResult<ServiceProcess>).value) as [ServiceProcess, ServiceProcess];
  const peers: RegistryAndKeyManagement = {
    keyManagement,
    registry,
    registryUrl: `127.0.0.1:${ports.registryGrpc}`,
    keyManagementUrl: `127.0.0.1:${ports.keysGrpc}`,
    keyManagementEnv: keysEnv,
    async withKeyManagementDown(whileDown) {
      await peers.keyManagement.stop();
      try {
        await whileDown();
      } finally {
        peers.keyManagement = await startServiceProcess('key-management', keysEnv);
      }
    },
    async stop() {
      // Their graceful drain is not under test: the registry's consumer would wait out a 5 s fetch, so SIGKILL after 1 s.
      await Promise.all([registry.stop(1_000), peers.keyManagement.stop(1_000)]);
    },
  };
  return peers;
}

/**
 * `npm run keys -- operator create <partner> <operator> --password-stdin` against a key-management
 * database (the built CLI, password on standard input): the operator who confirms key rolls.
 */
export function createOperatorWithKeysCli(keysEnv: Record<string, string>, partnerId: string, operatorId: string, password: string): Promise<void> {
  const cli = join(findRepoRoot(__dirname), 'dist', 'services', 'key-management', 'src', 'cli', 'keys-cli.js');
  const env = { ...process.env, MONGODB_URI: keysEnv.MONGODB_URI, KEYS_DATABASE: keysEnv.KEYS_DATABASE };
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [cli, 'operator', 'create', partnerId, operatorId, '--password-stdin'], { env }, (error, _stdout, stderr) =>
      error ? reject(new Error(`keys CLI refused to create operator ${operatorId}: ${stderr || error.message}`)) : resolve(),
    );
    child.stdin!.end(`${password}\n`);
  });
}
