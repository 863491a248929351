/**
 * `npm run bench:inbound`: authenticated booking pushes per second and their p99, next to the
 * same HTTP server answering an unauthenticated no-op route (GET /healthz) in the same run, as
 * a ratio; then the push p99 at half the sustained rate. Real key management and registry
 * processes, the edge in this process (as in the tests), real Kafka and FerretDB from
 * KAFKA_BROKERS / MONGODB_URI (`eval "$(scripts/infra env)"` first). Not a test: prints figures.
 * Last, the durable floor (durable-push-floor.ts): a bare server doing only the two writes a push
 * needs, whose rate over the edge's no-op bounds the ratio any push implementation could reach.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { Pool } from 'undici';
import { upstreamV1 } from '@bakuun/contracts';
import { ensureInfraEnv, testNamespace } from '@bakuun/testing';
import { startInboundFixture } from '../src/testing/inbound-fixture';
import { startDurablePushFloor } from './durable-push-floor';

const root = join(__dirname, '..', '..', '..', '..');
const DURATION_MS = Number(process.argv[2] ?? 10_000);
const CONCURRENCY = 32;
const { MAPPING_OPERATION_UPSERT: UPSERT } = upstreamV1.MappingOperation;

interface Figures {
  perSecond: number;
  p50: number;
  p99: number;
}

/** Sends one request and reads its whole answer; resolves to the status. */
type Request = (i: number) => Promise<number>;

async function load(request: Request, durationMs: number, concurrency: number, ratePerSecond?: number): Promise<Figures> {
  const latencies: number[] = [];
  let i = 0;
  const started = performance.now();
  const until = started + durationMs;
  const worker = async (w: number): Promise<void> => {
    let n = 0;
    while (performance.now() < until) {
      if (ratePerSecond) {
        const due = started + ((n * concurrency + w) * 1000) / ratePerSecond;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        n++;
      }
      const t = performance.now();
      const status = await request(i++);
      if (status >= 300) throw new Error(`unexpected ${status}`);
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]!;
  return { perSecond: latencies.length / elapsed, p50: q(0.5), p99: q(0.99) };
}

/** Sends one request on the pool and reads its whole answer; resolves to the status. */
const sendOn = (pool: Pool) => async (options: Parameters<Pool['request']>[0]): Promise<number> => {
  const res = await pool.request(options);
  await res.body.dump();
  return res.statusCode;
};

/** Mean flush size and duration per group-commit store, from the edge's /metrics (sums and counts since start). */
async function flushFigures(httpUrl: string): Promise<Record<string, { flushes: number; items: number; seconds: number }>> {
  const text = await (await fetch(`${httpUrl}/metrics`)).text();
  const read = (series: string, store: string) => Number(new RegExp(`^${series}\\{[^}]*store="${store}"[^}]*\\} ([\\d.e+-]+)`, 'm').exec(text)?.[1] ?? 0);
  return Object.fromEntries(['idempotency', 'kafka'].map((store) => [store, { flushes: read('inbound_group_commit_flush_seconds_count', store), items: read('inbound_group_commit_flush_items_sum', store), seconds: read('inbound_group_commit_flush_seconds_sum', store) }]));
}

async function main(): Promise<void> {
  ensureInfraEnv();
  const ns = testNamespace('inbound.bench.int.spec.ts');
  const f = await startInboundFixture(ns, { INBOUND_RATE_LIMIT_PER_SECOND: '1000000', INBOUND_RATE_LIMIT_BURST: '1000000', LOG_LEVEL: 'error' });
  try {
    const e = await f.addBookingPush('bench-partner');
    await f.activate(e);
    await f.publishMapping('bench-partner', { hotelCode: 'AL_TEST', operation: UPSERT, hotelName: 'A', roomTypes: ['RO_TEST', 'RO_TEST2'].map((code) => ({ code, operation: UPSERT, name: code })), ratePlans: ['001', '003'].map((code) => ({ code, operation: UPSERT, name: code, roomTypeCodes: [] })) });
    const body = readFileSync(join(root, 'libs/ota-ingest/testdata/bakuun_booking.json'));
    const run = `${Date.now()}`;
    // undici's pool, as delivery uses: Node's fetch cost this process (client and edge) a quarter of its CPU.
    const pool = new Pool(new URL(e.url).origin, { connections: CONCURRENCY });
    const send = sendOn(pool);
    const pushPath = new URL(e.url).pathname;
    const pushOnce: Request = (i) => send({ path: pushPath, method: 'POST', body, headers: { 'content-type': 'application/json', 'x-api-key': e.apiKey, 'idempotency-key': `${run}-${i}` } });
    while ((await pushOnce(-1)) !== 202);
    const noop: Request = () => send({ path: '/healthz', method: 'GET' });
    await load(noop, 1000, CONCURRENCY);
    const baseline = await load(noop, DURATION_MS, CONCURRENCY);
    const flushesBefore = await flushFigures(f.edge.httpUrl);
    const pushes = await load(pushOnce, DURATION_MS, CONCURRENCY);
    const flushesAfter = await flushFigures(f.edge.httpUrl);
    const flushRows = Object.entries(flushesAfter).map(([store, a]) => {
      const b = flushesBefore[store]!;
      const n = a.flushes - b.flushes;
      return `  ${store} flushes during the push row: ${n}, mean ${((a.items - b.items) / n).toFixed(1)} writes, mean ${(((a.seconds - b.seconds) / n) * 1000).toFixed(1)} ms`;
    });
    const half = await load((i) => pushOnce(1_000_000 + i), DURATION_MS, CONCURRENCY, pushes.perSecond / 2);
    await pool.close();

    // The durable floor (durable-push-floor.ts): the same two group-committed writes on a bare server.
    const floor = await startDurablePushFloor({ kafka: f.kafka, topic: f.ns.topic('floor-bookings'), mongoUri: f.ns.mongoUri });
    const floorPool = new Pool(floor.origin, { connections: CONCURRENCY });
    const floorSend = sendOn(floorPool);
    let floorNoop: Figures;
    let floorPush: Figures;
    try {
      floorNoop = await load(() => floorSend({ path: '/', method: 'GET' }), DURATION_MS, CONCURRENCY);
      floorPush = await load((i) => floorSend({ path: '/', method: 'POST', body, headers: { 'content-type': 'application/json', 'idempotency-key': `${run}-floor-${i}` } }), DURATION_MS, CONCURRENCY);
    } finally {
      await floorPool.close();
      await floor.close();
    }
    const row = (name: string, x: Figures) => `${name.padEnd(44)} ${x.perSecond.toFixed(0).padStart(7)}/s  p50 ${x.p50.toFixed(1).padStart(6)} ms  p99 ${x.p99.toFixed(1).padStart(6)} ms`;
    process.stdout.write(
      [
        `inbound edge benchmark (${DURATION_MS / 1000} s per row, ${CONCURRENCY} in flight, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})`,
        row('GET /healthz (no auth, no I/O)', baseline),
        row('POST booking push (auth, validate, Kafka)', pushes),
        ...flushRows,
        row(`POST booking push at half rate (${(pushes.perSecond / 2).toFixed(0)}/s)`, half),
        row('floor: bare node:http GET (no I/O)', floorNoop),
        row('floor: bare POST (claim insert + Kafka)', floorPush),
        `ratio push/no-op: ${(pushes.perSecond / baseline.perSecond).toFixed(3)} (aim >= 0.5); p99 at half rate ${half.p99.toFixed(1)} ms (aim <= 20 ms)`,
        `floor: bare POST / the edge's no-op ${(floorPush.perSecond / baseline.perSecond).toFixed(3)} (the most any push could reach); push / bare POST ${(pushes.perSecond / floorPush.perSecond).toFixed(3)}`,
      ].join('\n') + '\n',
    );
  } finally {
    await f.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
