import { Kafka } from 'kafkajs';
import { deliveryV1, metricsV1 } from '@bakuun/contracts';
import { testNamespace } from '@bakuun/testing';
import { AttemptProducer, deliveryAttempt, eventually, InProcessMetrics, metricsTopics, newEndpointId, startMetricsInProcess } from '../../testing/metrics-fixture';

const E = deliveryV1.AttemptErrorClass;
const FC = metricsV1.FailureClass;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('attempts consumed from Kafka', () => {
  const ns = testNamespace(__filename);
  const topics = metricsTopics(ns);
  const endpointId = newEndpointId();
  const partner = 'partner-ingest';
  let producer: AttemptProducer;
  let m: InProcessMetrics;
  let started: number;

  beforeAll(async () => {
    producer = new AttemptProducer(ns.kafkaBrokers, topics.attempts);
    m = await startMetricsInProcess(ns);
    started = m.clock.now().getTime();
    const at = (minutesAgo: number) => new Date(started - minutesAgo * MINUTE);
    const attempts = [
      ...Array.from({ length: 7 }, (_, i) => deliveryAttempt({ endpointId, partnerId: partner, attemptedAt: at(20 - i), statusCode: 200, latencyMs: 100 + i })),
      deliveryAttempt({ endpointId, partnerId: partner, attemptedAt: at(10), statusCode: 503 }),
      deliveryAttempt({ endpointId, partnerId: partner, attemptedAt: at(9), statusCode: 500 }),
      deliveryAttempt({ endpointId, partnerId: partner, attemptedAt: at(8), statusCode: 0, errorClass: E.ATTEMPT_ERROR_CLASS_TIMEOUT, latencyMs: 10_000 }),
    ];
    // Out of order, and three attempts published twice (an outbox re-sending after a crash).
    await producer.send([attempts[9]!, ...attempts.slice(0, 5), attempts[1]!, attempts[9]!]);
    await producer.send([...attempts.slice(5, 9), attempts[6]!]);
  });

  afterAll(async () => {
    await producer?.close();
    await m?.close();
  });

  it('counts each attempt once, with the error rate, failure classes and latency of each window', async () => {
    const metrics = await eventually(async () => {
      const res = await m.call(m.client.getEndpointMetrics({ endpointId }, m.as(partner)));
      return res.metrics?.lastHour?.attempts === 10 ? res.metrics : undefined;
    }, 60_000, '10 attempts counted');
    expect(metrics.lastHour).toMatchObject({ windowSeconds: 3600, attempts: 10, failures: 3, notCounted: 0, errorRate: 0.3 });
    expect(metrics.lastHour!.failuresByClass).toEqual([
      { failureClass: FC.FAILURE_CLASS_TIMEOUT, failures: 1 },
      { failureClass: FC.FAILURE_CLASS_HTTP_5XX, failures: 2 },
    ]);
    expect(metrics.lastHour!.latencyP50Ms).toBeGreaterThan(95);
    expect(metrics.lastHour!.latencyP50Ms).toBeLessThan(130);
    expect(metrics.lastDay).toMatchObject({ attempts: 10, failures: 3, errorRate: 0.3 });
    expect(metrics.lastFailureClass).toBe(FC.FAILURE_CLASS_TIMEOUT);
    expect(metrics.lastSuccessAt).toBe(new Date(started - 14 * MINUTE).toISOString());
    expect(metrics.state).toBe(metricsV1.HealthState.HEALTH_STATE_DEGRADED);
    const prometheus = await (await fetch(`${m.metrics.httpUrl}/metrics`)).text();
    expect(prometheus).toMatch(/metrics_attempts_total\{outcome="duplicate",failure_class="",service="metrics"\} 3/);
    expect(prometheus).toMatch(new RegExp(`^kafka_consumer_lag\\{group="[^"]+",topic="${topics.attempts.replace(/\./g, '\\.')}",partition="\\d+",service="metrics"\\} 0$`, 'm'));
  });

  it('counts nothing twice when the whole topic is consumed again (another consumer group, the same store)', async () => {
    const again = await startMetricsInProcess(ns, { METRICS_CONSUMER_GROUP: ns.group('metrics-again'), EVALUATION_INTERVAL_MS: '60000' });
    try {
      await eventually(async () => {
        const text = await (await fetch(`${again.metrics.httpUrl}/metrics`)).text();
        const seen = (outcome: string) => Number(new RegExp(`metrics_attempts_total\\{outcome="${outcome}",failure_class="",service="metrics"\\} (\\d+)`).exec(text)?.[1] ?? 0);
        return seen('replayed') + seen('duplicate') === 13 ? seen('replayed') : undefined;
      }, 60_000, 'the second group to consume all 13 messages again');
      const res = await m.call(m.client.getEndpointMetrics({ endpointId }, m.as(partner)));
      expect(res.metrics?.lastDay).toMatchObject({ attempts: 10, failures: 3 });
    } finally {
      await again.close();
    }
  });

  it('publishes the figures as EndpointHealth keyed by endpoint id, and lists them for the partner only', async () => {
    const health = await firstHealthEvent(new Kafka({ clientId: 'metrics-test', brokers: ns.kafkaBrokers }), topics.health, ns.group('health-reader'), endpointId);
    expect(health.key).toBe(endpointId);
    expect(health.value).toMatchObject({ endpointId, partnerId: partner, errorRate1h: 0.3, errorRate24h: 0.3, attempts1h: 10, state: metricsV1.HealthState.HEALTH_STATE_DEGRADED });
    expect(health.value.failuresByClass24h).toHaveLength(2);
    const list = await eventually(async () => {
      const page = await m.call(m.client.listErrorRates({ pageSize: 10, pageToken: '' }, m.as(partner)));
      return page.endpoints.length === 1 ? page : undefined;
    });
    expect(list.endpoints[0]).toMatchObject({ endpointId, errorRateLastHour: 0.3, attemptsLastDay: 10 });
    expect((await m.call(m.client.listErrorRates({ pageSize: 10, pageToken: '' }, m.as('someone-else')))).endpoints).toEqual([]);
    await expect(m.call(m.client.getEndpointMetrics({ endpointId }, m.as('someone-else')))).rejects.toMatchObject({ code: 5 });
  });

  it('lets attempts expire from the last hour, then from the last day', async () => {
    m.clock.advance(HOUR);
    const hourLater = await m.call(m.client.getEndpointMetrics({ endpointId }, m.as(partner)));
    expect(hourLater.metrics?.lastHour).toMatchObject({ attempts: 0, failures: 0 });
    expect(hourLater.metrics?.lastHour?.errorRate).toBeUndefined();
    expect(hourLater.metrics?.lastDay).toMatchObject({ attempts: 10, errorRate: 0.3 });
    m.clock.advance(24 * HOUR);
    const dayLater = await m.call(m.client.getEndpointMetrics({ endpointId }, m.as(partner)));
    expect(dayLater.metrics?.lastDay).toMatchObject({ attempts: 0 });
    expect(dayLater.metrics?.lastSuccessAt).toBe(new Date(started - 14 * MINUTE).toISOString());
    expect(dayLater.metrics?.state).toBe(metricsV1.HealthState.HEALTH_STATE_UNSPECIFIED);
  });
});

async function firstHealthEvent(kafka: Kafka, topic: string, groupId: string, endpointId: string): Promise<{ key: string; value: metricsV1.EndpointHealth }> {
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no EndpointHealth within 30 s')), 30_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          const value = metricsV1.EndpointHealth.decode(message.value!);
          if (value.endpointId === endpointId && value.attempts1h === 10) {
            clearTimeout(timer);
            resolve({ key: message.key!.toString(), value });
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
}
