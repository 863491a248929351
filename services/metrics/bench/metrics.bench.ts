/**
 * `npm run bench:metrics`: attempts ingested per second from Kafka by the metrics service (decode,
 * deduplicate, aggregate, store, commit), next to a raw kafkajs consume of the same topic with
 * the same fetch settings, in the same run on the same machine, as a ratio.
 */
import 'reflect-metadata';
import { lastValueFrom } from 'rxjs';
import { deliveryV1, metricsServiceV1 } from '@bakuun/contracts';
import { callMetadata, createGrpcClient, createKafka } from '@bakuun/platform';
import { freePort, startInfra } from '@bakuun/testing';
import { loadMetricsConfig } from '../src/config';
import { METRICS_PROTO_FILE, startMetrics } from '../src/metrics.app';
import { AttemptIngestion } from '../src/metrics/ingest-attempts/attempt-ingestion';
import { MetricsInstruments } from '../src/metrics/application/metrics.instruments';
import { EndpointEvaluator } from '../src/metrics/evaluate-endpoints/endpoint-evaluator';
import { AttemptProducer, deliveryAttempt, newEndpointId } from '../src/testing/metrics-fixture';

const ATTEMPTS = Number(process.argv[2] ?? 300_000);
const ENDPOINTS = 200;
const PARTNERS = 10;
const PARTITIONS = 4;
const DUPLICATE_EVERY = 100;
const SPREAD_MS = 30 * 60_000;
/** The consumer settings of the service's AttemptsConsumer, so both sides fetch alike. */
const FETCH = { maxBytesPerPartition: 8 * 1024 * 1024, maxBytes: 32 * 1024 * 1024, maxWaitTimeInMs: 250 };

/** Messages per second of a plain kafkajs consumer that only counts what it fetches (and, with `decode`, decodes each message). */
async function rawConsume(brokers: string[], topic: string, groupId: string, expected: number, decode = false): Promise<number> {
  const consumer = createKafka({ clientId: 'bench-raw', brokers }).consumer({ groupId, ...FETCH });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  let first = 0;
  const seconds = await new Promise<number>((resolve) => {
    void consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        if (first === 0) first = performance.now();
        if (decode) for (const message of batch.messages) deliveryV1.DeliveryAttempt.decode(message.value!);
        seen += batch.messages.length;
        if (seen >= expected) resolve((performance.now() - first) / 1000);
      },
    });
  });
  await consumer.disconnect();
  return seen / seconds;
}

async function main(): Promise<void> {
  const infra = startInfra();
  const brokers = infra.KAFKA_BROKERS.split(',');
  const run = `bench_metrics_${Date.now().toString(36)}`;
  const topic = `bench.${run}.attempts`;
  const mongoUri = new URL(infra.MONGODB_URI);
  mongoUri.pathname = `/${run}`;

  const admin = createKafka({ clientId: 'bench-admin', brokers }).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }], waitForLeaders: true });
  await admin.disconnect();

  const endpoints = Array.from({ length: ENDPOINTS }, (_, i) => ({ endpointId: newEndpointId(), partnerId: `bench-partner-${i % PARTNERS}` }));
  const start = Date.now() - SPREAD_MS;
  const attempts = Array.from({ length: ATTEMPTS }, (_, i) => {
    const e = endpoints[i % ENDPOINTS]!;
    const status = i % 10 === 0 ? 503 : i % 37 === 0 ? 0 : 200;
    return deliveryAttempt({ ...e, attemptedAt: new Date(start + Math.floor((i * SPREAD_MS) / ATTEMPTS)), statusCode: status, latencyMs: 20 + (i % 400) });
  });
  const messages = attempts.flatMap((a, i) => (i % DUPLICATE_EVERY === 0 ? [a, a] : [a]));
  const producer = new AttemptProducer(brokers, topic);
  const produceStart = performance.now();
  await producer.send(messages);
  const produceSeconds = (performance.now() - produceStart) / 1000;
  await producer.close();

  const rawBefore = await rawConsume(brokers, topic, `${run}.raw-1`, messages.length);

  const config = loadMetricsConfig({
    MONGODB_URI: mongoUri.toString(),
    METRICS_DATABASE: run,
    KAFKA_BROKERS: brokers.join(','),
    METRICS_GRPC_PORT: String(await freePort()),
    METRICS_HTTP_PORT: '0',
    METRICS_CONSUMER_GROUP: `${run}.metrics`,
    DELIVERY_ATTEMPTS_TOPIC: topic,
    ENDPOINT_HEALTH_TOPIC: `bench.${run}.health`,
    ENDPOINT_EVENTS_TOPIC: `bench.${run}.endpoint-events`,
    REGISTRY_URL: `127.0.0.1:${await freePort()}`,
    LOG_LEVEL: 'warn',
  });
  const metrics = await startMetrics(config);
  const ingestion = metrics.app.get(AttemptIngestion);
  const consumed = () => metrics.app.get(MetricsInstruments).attempts;
  let first = 0;
  let total = 0;
  const serviceSeconds = await new Promise<number>((resolve) => {
    const timer = setInterval(() => {
      void consumed()
        .get()
        .then((m) => {
          total = m.values.reduce((n, v) => n + v.value, 0);
          if (total > 0 && first === 0) first = performance.now();
          if (total >= messages.length && ingestion.pendingCount === 0) {
            clearInterval(timer);
            resolve((performance.now() - first) / 1000);
          }
        });
    }, 10);
  });
  const serviceRate = messages.length / serviceSeconds;
  const flushes = (await metrics.app.get(MetricsInstruments).flushSeconds.get()).values;
  const flushCount = flushes.find((v) => v.metricName?.endsWith('_count'))?.value ?? 0;
  const flushSum = flushes.find((v) => v.metricName?.endsWith('_sum'))?.value ?? 0;

  // Correctness: every distinct attempt counted once.
  await metrics.app.get(EndpointEvaluator).runNow();
  const { service: client, close } = createGrpcClient<metricsServiceV1.EndpointMetricsServiceClient>(metrics.grpcUrl, metricsServiceV1.BAKUUN_WEBHOOKS_METRICS_V1_PACKAGE_NAME, METRICS_PROTO_FILE, metricsServiceV1.ENDPOINT_METRICS_SERVICE_NAME);
  let counted = 0;
  for (let p = 0; p < PARTNERS; p++) {
    const page = await lastValueFrom(client.listErrorRates({ pageSize: 200, pageToken: '' }, callMetadata(`bench-partner-${p}`, { kind: 'USER', id: 'bench' })));
    for (const e of page.endpoints) counted += e.attemptsLastHour;
  }
  close();
  await metrics.close();

  const rawAfter = await rawConsume(brokers, topic, `${run}.raw-2`, messages.length);
  const rawDecoding = await rawConsume(brokers, topic, `${run}.raw-decode`, messages.length, true);
  const raw = (rawBefore + rawAfter) / 2;
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  process.stdout.write(
    [
      'bench:metrics',
      `  topic: ${messages.length} messages (${ATTEMPTS} attempts + ${messages.length - ATTEMPTS} second copies), ${ENDPOINTS} endpoints, ${PARTITIONS} partitions; produced at ${fmt(messages.length / produceSeconds)}/s`,
      `  raw kafkajs consume (same fetch settings): ${fmt(rawBefore)} and ${fmt(rawAfter)} messages/s (mean ${fmt(raw)})`,
      `  metrics service ingestion (decode, dedupe, aggregate, store, commit): ${fmt(serviceRate)} attempts/s in ${serviceSeconds.toFixed(2)} s (aim: >= 20,000/s)`,
      `  of which storing: ${flushCount} flushes (one insert each) took ${flushSum.toFixed(2)} s`,
      `  ratio ingestion / raw consume: ${(serviceRate / raw).toFixed(2)} (aim: >= 0.50)`,
      `  for reference, raw consume + protobuf decode of every message: ${fmt(rawDecoding)} messages/s; ingestion / that: ${(serviceRate / rawDecoding).toFixed(2)}`,
      `  check: ${counted} attempts counted in the last hour for ${ATTEMPTS} distinct attempts sent ${counted === ATTEMPTS ? '(exact)' : '(MISMATCH)'}`,
      '',
    ].join('\n'),
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
