/**
 * `npm run bench:keys`: ValidateApiKey throughput and latency over gRPC, with the validation
 * cache and without it, next to a baseline gRPC call that does no I/O (ListKeyExpiryChoices),
 * all measured in this run on this machine. Key management runs as its own process (as
 * deployed), the load generator in this one. Not a test: it prints figures and exits 0.
 */
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { lastValueFrom } from 'rxjs';
import mongoose from 'mongoose';
import { endpointsV1, keysV1 } from '@bakuun/contracts';
import { callMetadata, createGrpcClient } from '@bakuun/platform';
import { freePort, type InfraEnv, ServiceProcess, startInfra, startServiceProcess } from '@bakuun/testing';

const KEYS = 50;
const CALLS = Number(process.argv[2] ?? 20_000);
const LATENCY_CALLS = Math.ceil(CALLS / 4);
const CONCURRENCY = 32;
const AIM = { perSecond: 5_000, p99Ms: 2 };
/** Long enough that the run measures hits; the cache-off rows show what a miss costs. */
const CACHE_TTL_MS = 60_000;

type Client = keysV1.KeyManagementServiceClient;

interface Figures {
  perSecond: number;
  p50: number;
  p99: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** `calls` calls, `concurrency` in flight; every call must succeed. */
async function measure(calls: number, concurrency: number, call: (i: number) => Promise<unknown>): Promise<Figures> {
  const latencies = new Array<number>(calls);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < calls; i = next++) {
        const t0 = performance.now();
        await call(i);
        latencies[i] = performance.now() - t0;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  return { perSecond: calls / seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

async function startKeys(infra: InfraEnv, database: string, cacheTtlMs: number): Promise<{ process: ServiceProcess; client: Client; close: () => void }> {
  const [grpc, http] = await Promise.all([freePort(), freePort()]);
  const mongoUri = new URL(infra.MONGODB_URI);
  mongoUri.pathname = `/${database}`;
  const process = await startServiceProcess('key-management', {
    MONGODB_URI: mongoUri.toString(),
    KEYS_DATABASE: database,
    KAFKA_BROKERS: infra.KAFKA_BROKERS,
    ENDPOINT_EVENTS_TOPIC: `bench.${database}.endpoint-events`,
    KEYS_CONSUMER_GROUP: `bench.${database}.${cacheTtlMs}`,
    KEYS_GRPC_PORT: String(grpc),
    KEYS_HTTP_PORT: String(http),
    MASTER_KEYS: `mk1:${randomBytes(32).toString('base64')}`,
    VALIDATION_CACHE_TTL_MS: String(cacheTtlMs),
    LOG_LEVEL: 'warn',
  });
  const { service, close } = createGrpcClient<Client>(`127.0.0.1:${grpc}`, keysV1.BAKUUN_WEBHOOKS_KEYS_V1_PACKAGE_NAME, 'bakuun/webhooks/keys/v1/key_management_service.proto', keysV1.KEY_MANAGEMENT_SERVICE_NAME);
  return { process, client: service, close };
}

function endpointId(): string {
  const body = randomBytes(16).toString('hex').replace(/[^0-9a-f]/g, '0').slice(0, 25);
  return `ep_0${body}`;
}

async function issueKeys(client: Client): Promise<string[]> {
  const metadata = callMetadata('bench-partner', { kind: 'SERVICE', id: 'endpoint-registry' });
  const keys: string[] = [];
  await measure(KEYS, 8, async () => {
    const issued = await lastValueFrom(
      client.issueKey(
        {
          requestId: randomUUID(),
          endpointId: endpointId(),
          partnerId: 'bench-partner',
          category: endpointsV1.EndpointCategory.ENDPOINT_CATEGORY_BOOKING,
          method: endpointsV1.EndpointMethod.ENDPOINT_METHOD_PUSH,
          direction: endpointsV1.EndpointDirection.ENDPOINT_DIRECTION_INBOUND,
        },
        metadata,
      ),
    );
    keys.push(issued.plaintext);
  });
  return keys;
}

const row = (label: string, f: Figures, baseline?: Figures) =>
  `${label.padEnd(44)} ${String(Math.round(f.perSecond)).padStart(8)}/s  p50 ${f.p50.toFixed(3).padStart(7)} ms  p99 ${f.p99.toFixed(3).padStart(7)} ms${baseline ? `  ${(f.perSecond / baseline.perSecond).toFixed(2)}x baseline throughput, p99 ${(f.p99 / baseline.p99).toFixed(2)}x` : ''}`;

const progress = (message: string) => process.stderr.write(`bench:keys: ${message}\n`);

async function main(): Promise<void> {
  const infra = startInfra();
  progress('starting key management (cache on, cache off)');
  const database = `bench_keys_${Date.now().toString(36)}`;
  const cached = await startKeys(infra, database, CACHE_TTL_MS);
  const uncached = await startKeys(infra, database, 0);
  const stopChildren = () => void Promise.all([cached.process.stop(), uncached.process.stop()]).finally(() => process.exit(130));
  process.once('SIGINT', stopChildren);
  process.once('SIGTERM', stopChildren);
  try {
    progress(`issuing ${KEYS} API keys`);
    const keys = await issueKeys(cached.client);
    progress('warming up, then measuring');
    const validate = (client: Client) => (i: number) => lastValueFrom(client.validateApiKey({ apiKey: keys[i % keys.length]! }));
    const baselineCall = (client: Client) => () => lastValueFrom(client.listKeyExpiryChoices({}));

    const warmUp = Math.min(2_000, CALLS);
    await measure(warmUp, CONCURRENCY, baselineCall(cached.client));
    progress('warm: baseline');
    await measure(warmUp, CONCURRENCY, validate(cached.client));
    progress('warm: cached');
    await measure(Math.ceil(warmUp / 20), CONCURRENCY, validate(uncached.client));
    progress('warm: uncached; measuring');

    const results = {
      baseline: await measure(CALLS, CONCURRENCY, baselineCall(cached.client)),
      cached: await measure(CALLS, CONCURRENCY, validate(cached.client)),
      uncached: await measure(Math.floor(CALLS / 10), CONCURRENCY, validate(uncached.client)),
      baselineSerial: await measure(LATENCY_CALLS, 1, baselineCall(cached.client)),
      cachedSerial: await measure(LATENCY_CALLS, 1, validate(cached.client)),
      uncachedSerial: await measure(Math.floor(LATENCY_CALLS / 10), 1, validate(uncached.client)),
    };

    const lines = [
      `ValidateApiKey over gRPC: ${KEYS} inbound keys, key management in its own process, ${availableParallelism()} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}, Node ${process.version}`,
      `Throughput (${CONCURRENCY} calls in flight):`,
      `  ${row('baseline: ListKeyExpiryChoices (no I/O)', results.baseline)}`,
      `  ${row(`ValidateApiKey, cache on (TTL ${CACHE_TTL_MS / 1000} s)`, results.cached, results.baseline)}`,
      `  ${row('ValidateApiKey, cache off (4 reads)', results.uncached, results.baseline)}`,
      `Latency (one call at a time):`,
      `  ${row('baseline: ListKeyExpiryChoices (no I/O)', results.baselineSerial)}`,
      `  ${row(`ValidateApiKey, cache on (TTL ${CACHE_TTL_MS / 1000} s)`, results.cachedSerial, results.baselineSerial)}`,
      `  ${row('ValidateApiKey, cache off (4 reads)', results.uncachedSerial, results.baselineSerial)}`,
      `Cache speed-up: ${(results.cached.perSecond / results.uncached.perSecond).toFixed(1)}x throughput, p99 ${(results.uncachedSerial.p99 / results.cachedSerial.p99).toFixed(1)}x lower one at a time`,
      `Aim: >= ${AIM.perSecond}/s and p99 <= ${AIM.p99Ms} ms: throughput ${results.cached.perSecond >= AIM.perSecond ? 'met' : 'MISSED'}, p99 one at a time ${results.cachedSerial.p99 <= AIM.p99Ms ? 'met' : 'MISSED'}, p99 at ${CONCURRENCY} in flight ${results.cached.p99 <= AIM.p99Ms ? 'met' : `${results.cached.p99.toFixed(2)} ms (queueing: ${CONCURRENCY} in flight / throughput)`}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    cached.close();
    uncached.close();
    await Promise.all([cached.process.stop(), uncached.process.stop()]);
    const connection = await mongoose.createConnection(infra.MONGODB_URI, { dbName: database }).asPromise();
    await connection.dropDatabase();
    await connection.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:keys failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
