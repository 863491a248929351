/**
 * `npm run bench:delivery`: outbound delivery throughput and latency, measured in one run on
 * this machine, next to raw undici POSTs to the same loopback receiver.
 *
 * 1. Raw: undici Pool POSTs/s to the receiver (the same client delivery uses), 64 in flight.
 * 1b. Durable floor: the same backlog shape drained by the least any pipeline with the issue's
 *    guarantees must do (sign, POST, store and publish each attempt; see durable-floor.ts), in
 *    this process: the best ratio to raw this machine allows.
 * 2. Sustained: a backlog of ARI messages on Kafka, each to 4 endpoints, drained by a delivery
 *    process (separate, like production): deliveries/s, and the ratio to raw.
 * 3. Latency: messages produced at half the sustained rate; p50/p99 from production (Kafka) to
 *    the receiver.
 * 4. Memory: the delivery process's RSS, and its heap live after a full collection, before, halfway
 *    through and after a large number of deliveries.
 * 5. Isolation: deliveries/s to 18 healthy endpoints while 2 hang, next to all 20 healthy (1,000
 *    messages to each of two partners of 10 endpoints), in all and per healthy endpoint.
 *
 * Endpoints are added through a real registry process (its relay publishes the endpoint events)
 * and signing secrets come from a real key-management process, as in production.
 */
import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'undici';
import { createKafka } from '@bakuun/platform';
import { freePort, ServiceProcess, startInfra, startRegistryAndKeyManagement, startServiceProcess, type TestNamespace } from '@bakuun/testing';
import { ariUpdate, createTopics, messagesOnTopic, produceAri } from '../src/testing/feeds';
import { PartnerEndpoints } from '../src/testing/partner-endpoints';
import { runDurableFloor } from './durable-floor';

const MAX_MEMORY_DELIVERIES = 1_000_000;
const MEMORY_PHASE_SECONDS = 120;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rssMb = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

async function startReceiver(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [join(__dirname, 'bench-receiver.js')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve((JSON.parse(d.toString()) as { port: number }).port)));
  return { child, port };
}

interface Stats {
  count: number;
  firstAt: number;
  lastAt: number;
  p50: number;
  p99: number;
  samples: number;
}

async function main(): Promise<void> {
  const infra = startInfra();
  const id = `bench_delivery_${Date.now().toString(36)}`;
  const mongoUri = new URL(infra.MONGODB_URI);
  mongoUri.pathname = `/${id}`;
  const topic = (n: string) => `bench.${id}.${n}`;
  const kafka = createKafka({ clientId: 'delivery-bench', brokers: infra.KAFKA_BROKERS.split(',') });
  await createTopics(kafka, [{ topic: topic('endpoint-events') }, { topic: topic('ari'), numPartitions: 4 }, { topic: topic('mapping') }, { topic: topic('booking') }, { topic: topic('attempts'), numPartitions: 2 }, { topic: topic('floor'), numPartitions: 4 }, { topic: topic('floor-attempts'), numPartitions: 2 }]);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const ns: TestNamespace = { databaseName: id, topic, group: (n) => `${id}-${n}`, mongoUri: mongoUri.toString(), kafkaBrokers: infra.KAFKA_BROKERS.split(',') };
  const peers = await startRegistryAndKeyManagement(ns, topic('endpoint-events'));
  const endpoints = new PartnerEndpoints(peers);
  const receiver = await startReceiver();
  const base = `http://127.0.0.1:${receiver.port}`;
  const stats = async (bucket: string): Promise<Stats> => (await (await fetch(`${base}/stats/${bucket}`)).json()) as Stats;
  let endpointEvents = 0;
  const addEndpoints = async (partnerId: string, paths: string[]) => {
    for (const path of paths) {
      const { endpointId } = await endpoints.add({ partnerId, category: 'ARI', url: `${base}${path}` });
      endpointEvents += (await endpoints.history(endpointId)).length;
    }
  };
  await addEndpoints('bench-sustained', ['/sus/a', '/sus/b', '/sus/c', '/sus/d']);
  await addEndpoints('bench-latency', ['/lat/a', '/lat/b', '/lat/c', '/lat/d']);
  await addEndpoints('bench-memory', ['/mem/a', '/mem/b', '/mem/c', '/mem/d']);
  // 20 endpoints over two partners: the registry caps a partner at 10 per category.
  await addEndpoints('bench-all-healthy-a', Array.from({ length: 10 }, (_, i) => `/iso20/${i}`));
  await addEndpoints('bench-all-healthy-b', Array.from({ length: 10 }, (_, i) => `/iso20/${10 + i}`));
  await addEndpoints('bench-two-hang-a', [...Array.from({ length: 9 }, (_, i) => `/iso18/${i}`), '/hang/1']);
  await addEndpoints('bench-two-hang-b', [...Array.from({ length: 9 }, (_, i) => `/iso18/${9 + i}`), '/hang/2']);
  // Delivery starts once the registry's relay has published every endpoint event.
  await until(() => messagesOnTopic(kafka, topic('endpoint-events')), (n) => n >= endpointEvents, 60_000);

  let delivery: ServiceProcess | null = null;
  const report: Record<string, unknown> = {};
  try {
    // 1. Raw undici POSTs to the same receiver.
    const pool = new Pool(base, { connections: 64, pipelining: 1 });
    const body = JSON.stringify({ type: 'ari.updated', timestamp: new Date().toISOString(), data: { updates: [{ hotelCode: 'H1', roomTypeCode: 'DBL', ratePlanCode: 'BAR', dateRange: { from: '2026-06-01', to: '2026-06-01' }, inventory: { available: 5 }, sequence: 1 }] } });
    const RAW = 20_000;
    let sent = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 64 }, async () => {
      while (sent < RAW) {
        sent++;
        const res = await pool.request({ path: '/raw/x', method: 'POST', headers: { 'content-type': 'application/json' }, body });
        await res.body.dump();
      }
    }));
    const rawRate = RAW / ((performance.now() - t0) / 1000);
    await pool.close();
    report.rawPostsPerSecond = Math.round(rawRate);

    // 1b. The durable floor: 20,000 deliveries (5,000 messages to 4 endpoints).
    const FLOOR_MESSAGES = 5_000;
    await produceInChunks(producer, topic('floor'), 'bench-floor', FLOOR_MESSAGES, 200);
    const floorRate = await runDurableFloor({
      kafka, topic: topic('floor'), attemptsTopic: topic('floor-attempts'), groupId: `${id}-floor`, mongoUri: mongoUri.toString(), base,
      endpointPaths: ['/floor/a', '/floor/b', '/floor/c', '/floor/d'], deliveries: FLOOR_MESSAGES * 4,
    });
    report.durableFloorDeliveriesPerSecond = Math.round(floorRate);
    report.durableFloorRatioToRaw = Number((floorRate / rawRate).toFixed(3));

    // 2. Sustained: a backlog drained by a separate delivery process.
    const SUSTAINED_MESSAGES = 1_500;
    await produceInChunks(producer, topic('ari'), 'bench-sustained', SUSTAINED_MESSAGES, 200);
    delivery = await startServiceProcess('delivery', {
      MONGODB_URI: mongoUri.toString(), DELIVERY_DATABASE: id, KAFKA_BROKERS: infra.KAFKA_BROKERS, DELIVERY_GRPC_PORT: String(await freePort()), DELIVERY_HTTP_PORT: '0',
      REGISTRY_URL: peers.registryUrl, KEY_MANAGEMENT_URL: peers.keyManagementUrl, ALLOW_INSECURE_LOOPBACK_URLS: 'true', ENDPOINT_EVENTS_TOPIC: topic('endpoint-events'), ARI_TOPIC: topic('ari'),
      MAPPING_TOPIC: topic('mapping'), BOOKING_TOPIC: topic('booking'), DELIVERY_ATTEMPTS_TOPIC: topic('attempts'), DELIVERY_CONSUMER_GROUP: `${id}-delivery`,
      ENDPOINT_VIEW_CONSUMER_GROUP: `${id}-view`, DELIVERY_TOTAL_TIMEOUT_MS: '2000', DELIVERY_CONNECT_TIMEOUT_MS: '1000', LOG_LEVEL: 'error',
      NODE_OPTIONS: `--require ${join(__dirname, 'collect-garbage-on-signal.js')}`,
    }, 120_000);
    const pid = delivery.process.pid!;
    const metricsUrl = `${delivery.listening.http}/metrics`;
    const backlog = async (): Promise<number> => Number(/^webhook_recorder_backlog\{[^}]*\} (\d+)/m.exec(await (await fetch(metricsUrl)).text())?.[1] ?? 0);
    // V8's heap in use (prom-client's default metric): RSS keeps pages a collection freed, this does not.
    const heapUsedMb = async (): Promise<number> => Number(/^nodejs_heap_size_used_bytes(?:\{[^}]*\})? ([\d.e+]+)/m.exec(await (await fetch(metricsUrl)).text())?.[1] ?? 0) / 1_048_576;
    // The heap still live after a full collection (collect-garbage-on-signal.ts): what a leak would grow.
    const liveHeapMb = async (): Promise<number> => {
      process.kill(pid, 'SIGUSR2');
      await sleep(1_000);
      return heapUsedMb();
    };
    const sustainedTotal = SUSTAINED_MESSAGES * 4;
    const sus = await until(() => stats('sus'), (s) => s.count >= sustainedTotal, 600_000);
    await until(backlog, (b) => b === 0, 600_000);
    const persistedAt = Date.now();
    const httpRate = sus.count / ((sus.lastAt - sus.firstAt) / 1000);
    const sustainedRate = sus.count / ((persistedAt - sus.firstAt) / 1000);
    report.drainDeliveriesPerSecondHttpOnly = Math.round(httpRate);
    report.sustainedDeliveriesPerSecond = Math.round(sustainedRate);
    report.ratioToRaw = Number((sustainedRate / rawRate).toFixed(3));
    report.ratioToDurableFloor = Number((sustainedRate / floorRate).toFixed(3));

    // 3. Latency at half the sustained rate, for about 15 s.
    const halfRate = sustainedRate / 2;
    const messagesPerSecond = halfRate / 4;
    const latencyMessages = Math.max(200, Math.round(messagesPerSecond * 15));
    const tick = 100;
    const perTick = Math.max(1, Math.round((messagesPerSecond * tick) / 1000));
    for (let produced = 0; produced < latencyMessages; produced += perTick) {
      const started = Date.now();
      await produceAri(producer, topic('ari'), Array.from({ length: perTick }, (_, i) => ariUpdate('bench-latency', `H-${(produced + i) % 200}`, { available: produced + i })));
      await sleep(Math.max(0, tick - (Date.now() - started)));
    }
    const lat = await until(() => stats('lat'), (s) => s.count >= latencyMessages * 4, 300_000);
    await until(backlog, (b) => b === 0, 600_000);
    report.latencyAtHalfRate = { deliveriesPerSecondOffered: Math.round(perTick * 4 * (1000 / tick)), p50Ms: lat.p50, p99Ms: lat.p99, samples: lat.samples };

    // 4. Memory: RSS and the live heap before, halfway through and after many deliveries (scaled
    // to about two minutes at the sustained rate): flat means the second half adds nothing.
    const memoryDeliveries = Math.min(MAX_MEMORY_DELIVERIES, Math.round((sustainedRate * MEMORY_PHASE_SECONDS) / 8) * 8);
    const rssBefore = rssMb(pid);
    const heapBefore = await heapUsedMb();
    const liveHeapBefore = await liveHeapMb();
    let rssPeak = rssBefore;
    const liveHeapAfterHalf: number[] = [];
    for (const target of [memoryDeliveries / 2, memoryDeliveries]) {
      await produceInChunks(producer, topic('ari'), 'bench-memory', memoryDeliveries / 8, 500);
      await until(async () => {
        rssPeak = Math.max(rssPeak, rssMb(pid));
        return stats('mem');
      }, (s) => s.count >= target, 1_800_000);
      await until(backlog, (b) => b === 0, 600_000);
      liveHeapAfterHalf.push(await liveHeapMb());
    }
    report.memory = {
      deliveries: memoryDeliveries, scaledDownFrom: memoryDeliveries < MAX_MEMORY_DELIVERIES ? MAX_MEMORY_DELIVERIES : null,
      rssBeforeMb: Math.round(rssBefore), rssPeakMb: Math.round(rssPeak), rssAfterMb: Math.round(rssMb(pid)),
      heapUsedBeforeMb: Math.round(heapBefore),
      liveHeapBeforeMb: Math.round(liveHeapBefore), liveHeapAfterFirstHalfMb: Math.round(liveHeapAfterHalf[0]!), liveHeapAfterMb: Math.round(liveHeapAfterHalf[1]!),
    };

    // 5. Isolation: all 20 healthy, then 18 healthy next to 2 that never answer.
    const ISO_MESSAGES = 1_000;
    for (const partner of ['bench-all-healthy-a', 'bench-all-healthy-b']) await produceInChunks(producer, topic('ari'), partner, ISO_MESSAGES, 200);
    const all20 = await until(() => stats('iso20'), (s) => s.count >= ISO_MESSAGES * 20, 600_000);
    await until(backlog, (b) => b === 0, 600_000);
    for (const partner of ['bench-two-hang-a', 'bench-two-hang-b']) await produceInChunks(producer, topic('ari'), partner, ISO_MESSAGES, 200);
    const healthy18 = await until(() => stats('iso18'), (s) => s.count >= ISO_MESSAGES * 18, 600_000);
    const rate20 = all20.count / ((all20.lastAt - all20.firstAt) / 1000);
    const rate18 = healthy18.count / ((healthy18.lastAt - healthy18.firstAt) / 1000);
    // Per healthy endpoint too: the hanging two still get their deliveries stored, so the 18 share the same store work as the 20.
    report.isolation = {
      allHealthyDeliveriesPerSecond: Math.round(rate20), healthyWhileTwoHangDeliveriesPerSecond: Math.round(rate18), ratio: Number((rate18 / rate20).toFixed(3)),
      ratioPerHealthyEndpoint: Number((rate18 / 18 / (rate20 / 20)).toFixed(3)),
    };
  } finally {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    await delivery?.stop(15_000);
    receiver.child.kill();
    await producer.disconnect();
    endpoints.close();
    await peers.stop();
  }
}

async function produceInChunks(producer: import('kafkajs').Producer, topicName: string, partnerId: string, count: number, hotels: number): Promise<void> {
  for (let i = 0; i < count; i += 500) {
    await produceAri(producer, topicName, Array.from({ length: Math.min(500, count - i) }, (_, j) => ariUpdate(partnerId, `H-${(i + j) % hotels}`, { available: (i + j) % 100, amount: '129.00' })));
  }
}

async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`benchmark phase did not finish in ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await sleep(250);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:delivery failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
