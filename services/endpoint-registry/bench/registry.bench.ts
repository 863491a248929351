/**
 * `npm run bench:registry [commands]`: command throughput and latency over gRPC next to a raw
 * FerretDB/MongoDB insert (the one write a command must make) at the same concurrency, and
 * projection rebuild speed next to a raw cursor read of the same events, all measured in this
 * run on this machine. `scripts/infra up` starts nothing for servers given in KAFKA_BROKERS / MONGODB_URI.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { lastValueFrom } from 'rxjs';
import mongoose from 'mongoose';
import { endpointsV1, registryV1 } from '@bakuun/contracts';
import { callMetadata, createGrpcClient } from '@bakuun/platform';
import { freePort, startInfra, startServiceProcess } from '@bakuun/testing';
import { loadRegistryConfig } from '../src/config';
import { startRegistry } from '../src/registry.app';
import { ENDPOINT_VIEW_CHECKPOINT, EndpointViewProjector } from '../src/endpoints/read-model/endpoint-view.projector';
import { RELAY_CHECKPOINT } from '../src/endpoints/relay/endpoint-events.relay';

const ENDPOINTS = 50;
const COMMANDS = Number(process.argv[2] ?? 3000);
const CONCURRENCY = 16;
const FIXED_RATE = 200;
const FIXED_SECONDS = 30;
const progress = (message: string) => process.stderr.write(`  .. ${message}\n`);

/**
 * Waits until the projector and the relay have checkpointed the last committed event, so the
 * fixed-rate phase measures 200 commands/s in a steady state, not the catch-up after the saturated phase.
 */
async function readersCaughtUp(connection: mongoose.Connection, timeoutMs = 120_000): Promise<number> {
  const started = performance.now();
  for (;;) {
    const [last] = await connection.collection('event_commits').find({}, { projection: { nextPosition: 1 } }).sort({ nextPosition: -1 }).limit(1).toArray();
    const head = ((last?.nextPosition as number | undefined) ?? 1) - 1;
    const checkpoints = await connection.collection<{ _id: string; position: number }>('checkpoints').find({ _id: { $in: [ENDPOINT_VIEW_CHECKPOINT, RELAY_CHECKPOINT] } }).toArray();
    if (checkpoints.length === 2 && checkpoints.every((c) => c.position >= head)) return (performance.now() - started) / 1000;
    if (performance.now() - started > timeoutMs) throw new Error(`projector and relay still behind position ${head} after ${timeoutMs} ms: ${JSON.stringify(checkpoints)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Starts `operation` on a fixed schedule (not when the previous one ends) and returns the sorted latencies. */
async function atFixedRate(operation: () => Promise<number>, perSecond: number, seconds: number): Promise<number[]> {
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < perSecond * seconds; i++) {
    const wait = start + (i * 1000) / perSecond - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    pending.push(operation().then((ms) => void latencies.push(ms)));
  }
  await Promise.all(pending);
  return latencies.sort((a, b) => a - b);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function main(): Promise<void> {
  const infra = startInfra();
  const db = `bench_registry_${Date.now().toString(36)}`;
  const mongoUri = new URL(infra.MONGODB_URI);
  mongoUri.pathname = `/${db}`;
  const topic = `bench.${db}.endpoint-events`;
  const [registryGrpc, keysGrpc, keysHttp] = await Promise.all([freePort(), freePort(), freePort()]);
  const keyManagement = await startServiceProcess('key-management', {
    MONGODB_URI: mongoUri.toString(), KEYS_DATABASE: `${db}_keys`, KAFKA_BROKERS: infra.KAFKA_BROKERS, ENDPOINT_EVENTS_TOPIC: topic, KEYS_CONSUMER_GROUP: `${db}-keys`,
    KEYS_GRPC_PORT: String(keysGrpc), KEYS_HTTP_PORT: String(keysHttp), REGISTRY_URL: `127.0.0.1:${registryGrpc}`, LOG_LEVEL: 'warn',
    MASTER_KEYS: `mk1:${randomBytes(32).toString('base64')}`, MASTER_KEY_ACTIVE: 'mk1',
  });
  const registryEnv = {
    MONGODB_URI: mongoUri.toString(), REGISTRY_DATABASE: db, KAFKA_BROKERS: infra.KAFKA_BROKERS, REGISTRY_GRPC_PORT: String(registryGrpc), REGISTRY_HTTP_PORT: '0',
    KEY_MANAGEMENT_URL: `127.0.0.1:${keysGrpc}`, ENDPOINT_EVENTS_TOPIC: topic, ALLOW_INSECURE_LOOPBACK_URLS: 'true', RESOLVE_URL_ON_SET: 'false', LOG_LEVEL: 'warn',
  };
  const registry = await startServiceProcess('endpoint-registry', registryEnv);
  const { service: client, close } = createGrpcClient<registryV1.EndpointRegistryServiceClient>(registry.listening.grpc!, registryV1.BAKUUN_WEBHOOKS_REGISTRY_V1_PACKAGE_NAME, 'bakuun/webhooks/registry/v1/endpoint_registry_service.proto', registryV1.ENDPOINT_REGISTRY_SERVICE_NAME);
  const ids: string[] = [];
  for (let i = 0; i < ENDPOINTS; i++) {
    const category = i % 2 === 0 ? endpointsV1.EndpointCategory.ENDPOINT_CATEGORY_ARI : endpointsV1.EndpointCategory.ENDPOINT_CATEGORY_MAPPING;
    const res = await lastValueFrom(client.addEndpoints({ requestId: `add-${i}`, category, methods: [endpointsV1.EndpointMethod.ENDPOINT_METHOD_PUSH], url: '', apiVersion: '' }, callMetadata(`bench-partner-${Math.floor(i / 9)}`, { kind: 'USER', id: 'bench' })));
    ids.push(res.endpoints[0]!.endpoint!.endpointId);
  }
  const partnerOf = (i: number) => `bench-partner-${Math.floor(i / 9)}`;
  let sequence = 0;
  /** Each command changes the URL, so each one appends an event (a no-op would not). */
  const oneCommand = async (): Promise<number> => {
    const n = sequence++;
    const index = n % ENDPOINTS;
    const started = performance.now();
    await lastValueFrom(client.configureEndpointUrl({ requestId: `url-${n}`, endpointId: ids[index]!, url: `http://127.0.0.1:9/hooks/${n}`, expectedVersion: 0 }, callMetadata(partnerOf(index), { kind: 'USER', id: 'bench' })));
    return performance.now() - started;
  };

  progress(`${ENDPOINTS} endpoints added; baseline: ${COMMANDS} raw inserts at concurrency ${CONCURRENCY}`);
  // Baseline: one raw insert of a commit-sized document per operation, same concurrency.
  const baselineConnection = await mongoose.createConnection(mongoUri.toString()).asPromise();
  const scratch = baselineConnection.collection<{ _id: string; position: number; payload: string }>('bench_baseline');
  const baseline: number[] = [];
  let inserted = 0;
  const b0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (inserted < COMMANDS) {
      const n = inserted++;
      const started = performance.now();
      await scratch.insertOne({ _id: `baseline-${n}`, position: n, payload: randomBytes(400).toString('base64') });
      baseline.push(performance.now() - started);
    }
  }));
  const baselineSeconds = (performance.now() - b0) / 1000;
  baseline.sort((a, b) => a - b);
  progress(`baseline: raw inserts at a fixed ${FIXED_RATE}/s for ${FIXED_SECONDS} s`);
  const fixedBaseline = await atFixedRate(async () => {
    const n = inserted++;
    const started = performance.now();
    await scratch.insertOne({ _id: `baseline-${n}`, position: n, payload: randomBytes(400).toString('base64') });
    return performance.now() - started;
  }, FIXED_RATE, FIXED_SECONDS);
  await scratch.drop();
  await baselineConnection.close();

  progress(`baseline done; ${COMMANDS} commands at concurrency ${CONCURRENCY}`);
  // Phase 1: saturated throughput.
  const latencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (sequence < COMMANDS) latencies.push(await oneCommand());
  }));
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);

  const readersConnection = await mongoose.createConnection(mongoUri.toString()).asPromise();
  const catchUpSeconds = await readersCaughtUp(readersConnection);
  await readersConnection.close();
  progress(`saturated phase done in ${seconds.toFixed(1)} s; projector and relay caught up ${catchUpSeconds.toFixed(1)} s later; now ${FIXED_RATE} commands/s for ${FIXED_SECONDS} s`);
  // Phase 2: a fixed 200 commands/s.
  const fixed = await atFixedRate(oneCommand, FIXED_RATE, FIXED_SECONDS);
  close();
  await registry.stop();

  progress('fixed-rate phase done; rebuilding the read model');
  // Phase 3: rebuild vs raw cursor read, in this process.
  const inProcess = await startRegistry(loadRegistryConfig({ ...registryEnv, REGISTRY_GRPC_PORT: String(await freePort()), LOG_POLL_INTERVAL_MS: '60000' }));
  const connection = await mongoose.createConnection(mongoUri.toString()).asPromise();
  const rawStart = performance.now();
  let rawEvents = 0;
  for await (const commit of connection.collection('event_commits').find({}).sort({ position: 1 })) rawEvents += (commit.events as unknown[]).length;
  const rawSeconds = (performance.now() - rawStart) / 1000;
  const rebuildStart = performance.now();
  const rebuilt = await inProcess.app.get(EndpointViewProjector).rebuild();
  const rebuildSeconds = (performance.now() - rebuildStart) / 1000;
  await inProcess.close();
  await connection.dropDatabase();
  await connection.close();
  await keyManagement.stop();

  const fmt = (n: number) => n.toFixed(1);
  process.stdout.write([
    'bench:registry',
    `  baseline, raw inserts (${COMMANDS}, concurrency ${CONCURRENCY}): ${fmt(COMMANDS / baselineSeconds)} inserts/s, p50 ${fmt(percentile(baseline, 50))} ms, p99 ${fmt(percentile(baseline, 99))} ms`,
    `  baseline, raw inserts at a fixed ${FIXED_RATE}/s for ${FIXED_SECONDS}s: p50 ${fmt(percentile(fixedBaseline, 50))} ms, p99 ${fmt(percentile(fixedBaseline, 99))} ms`,
    `  commands over gRPC (${COMMANDS}, concurrency ${CONCURRENCY}): ${fmt(COMMANDS / seconds)} commands/s, p50 ${fmt(percentile(latencies, 50))} ms, p99 ${fmt(percentile(latencies, 99))} ms`,
    `  projector and relay caught up ${fmt(catchUpSeconds)} s after the saturated phase (the fixed-rate phase starts then)`,
    `  commands / raw inserts throughput ratio: ${(COMMANDS / seconds / (COMMANDS / baselineSeconds)).toFixed(2)}`,
    `  at a fixed ${FIXED_RATE} commands/s for ${FIXED_SECONDS}s: p50 ${fmt(percentile(fixed, 50))} ms, p99 ${fmt(percentile(fixed, 99))} ms (aim: p99 <= 25 ms)`,
    `  raw cursor read: ${rawEvents} events in ${fmt(rawSeconds * 1000)} ms = ${fmt(rawEvents / rawSeconds)} events/s`,
    `  projection rebuild: ${rebuilt} events in ${fmt(rebuildSeconds * 1000)} ms = ${fmt(rebuilt / rebuildSeconds)} events/s`,
    `  rebuild / raw read ratio: ${(rebuilt / rebuildSeconds / (rawEvents / rawSeconds)).toFixed(2)} (aim: >= 0.50)`,
    '',
  ].join('\n'));
}

main().then(() => process.exit(0), (error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
