import type { Connection } from 'mongoose';
import type { AttemptSegment } from '@bakuun/metrics-domain';
import { testNamespace } from '@bakuun/testing';
import { AttemptProducer, deliveryAttempt, eventually, InProcessMetrics, metricsTopics, newEndpointId, startMetricsInProcess } from '../../testing/metrics-fixture';
import { MONGO_CONNECTION } from '../metrics.di-tokens';
import { AttemptSegmentRepository } from '../persistence/attempt-segment.repository';
import { AttemptIngestion } from './attempt-ingestion';

/**
 * The store refuses the ingestion's second flush once, as a database restarting would. Only
 * flushes count: they insert fresh (not compacted) segments, which the evaluator never does.
 */
class FailingOnce extends AttemptSegmentRepository {
  flushes = 0;
  failed = false;
  override async insert(segments: readonly AttemptSegment[], writtenAt: Date): Promise<void> {
    if (segments.length > 0 && segments.every((s) => !s.compacted)) {
      this.flushes += 1;
      if (this.flushes === 2) {
        this.failed = true;
        throw new Error('connection reset by the database');
      }
    }
    return super.insert(segments, writtenAt);
  }
}

describe('the attempts consumer when storing fails', () => {
  const ns = testNamespace(__filename);
  const endpointId = newEndpointId();
  const partner = 'partner-flaky';
  let producer: AttemptProducer;
  let m: InProcessMetrics;

  beforeAll(async () => {
    producer = new AttemptProducer(ns.kafkaBrokers, metricsTopics(ns).attempts);
    m = await startMetricsInProcess(ns, {}, [{ provide: AttemptSegmentRepository, inject: [MONGO_CONNECTION], useFactory: (connection: Connection) => new FailingOnce(connection) }]);
  });

  afterAll(async () => {
    await producer?.close();
    await m?.close();
  });

  const attemptsIn = async () => (await m.call(m.client.getEndpointMetrics({ endpointId }, m.as(partner)))).metrics?.lastHour?.attempts;

  it('consumes again from the last commit: nothing lost, nothing counted twice', async () => {
    const now = Date.now();
    const batch = (from: number) => Array.from({ length: 50 }, (_, i) => deliveryAttempt({ endpointId, partnerId: partner, attemptedAt: new Date(now - (from + i) * 1000), statusCode: i % 5 === 0 ? 500 : 200 }));
    await producer.send(batch(0));
    await eventually(async () => ((await attemptsIn()) === 50 ? true : undefined), 60_000, 'the first 50 attempts');
    await producer.send(batch(50));
    await eventually(async () => ((await attemptsIn()) === 100 ? true : undefined), 60_000, 'all 100 attempts after the failed flush');
    const store = m.metrics.app.get(AttemptSegmentRepository) as FailingOnce;
    expect(store.failed).toBe(true);
    expect(store.flushes).toBeGreaterThanOrEqual(3);
    // Everything consumed again was recognised: the consumer is caught up and nothing is pending.
    await eventually(async () => (m.metrics.app.get(AttemptIngestion).pendingCount === 0 ? true : undefined));
    const metrics = (await m.call(m.client.getEndpointMetrics({ endpointId }, m.as(partner)))).metrics!;
    expect(metrics.lastHour).toMatchObject({ attempts: 100, failures: 20 });
  });
});
