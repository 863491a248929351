import mongoose, { Connection } from 'mongoose';
import { freePort, ServiceProcess, startServiceProcess, testNamespace } from '@bakuun/testing';
import { deliveryFixture, DeliveryFixture } from '../../testing/delivery-fixture';
import { ariUpdate, produceAri, waitFor } from '../../testing/feeds';
import { TestReceiver } from '../../testing/test-receiver';

/**
 * A retry is recorded as an attempt only (the delivery document is not rewritten per attempt):
 * a process that takes over after a SIGKILL continues the round from the attempts, so the
 * receiver sees each attempt number once and the schedule is not started again.
 */
describe('a retrying delivery resumes its round after a crash', () => {
  const ns = testNamespace(__filename);
  let fx: DeliveryFixture;
  const receiver = new TestReceiver();
  const partner = 'partner-resume';
  let first: ServiceProcess | null = null;
  let second: ServiceProcess | null = null;
  let store: Connection;
  const attemptsOf = async (endpointId: string) => (await store.collection('attempts').find({ endpointId }).toArray()) as unknown as { attemptNumber: number; outcome: string }[];

  beforeAll(async () => {
    await receiver.start();
    store = await mongoose.createConnection(ns.mongoUri).asPromise();
    // Five attempts in all: the first and four retries, then EXHAUSTED.
    fx = await deliveryFixture(ns, { DELIVERY_LEASE_MS: '2000', DELIVERY_RETRY_SCHEDULE: '400ms,400ms,400ms,400ms', DELIVERY_BREAKER_THRESHOLD: '1000' });
  });

  afterAll(async () => {
    await first?.kill();
    await second?.kill();
    await fx?.close();
    await receiver.close();
    await store?.close();
  });

  it('counts on from the attempts stored before the crash and ends after the fifth attempt', async () => {
    receiver.on('/resume', () => ({ status: 503 }));
    const { endpointId } = await fx.endpoints.add({ partnerId: partner, category: 'ARI', url: receiver.url('/resume') });
    // The registry's relay publishes after the commands return; the process starts once the endpoint's events are on the topic.
    const events = (await fx.endpoints.history(endpointId)).length;
    await waitFor(async () => (await fx.endpointEventsOnTopic()) >= events, 10_000, 'the endpoint events published');

    first = await startServiceProcess('delivery', { ...fx.env, DELIVERY_GRPC_PORT: String(await freePort()) });
    const update = ariUpdate(partner, 'H-RESUME', { available: 1 });
    await produceAri(fx.producer, fx.topics.ari, [update]);
    const stored = async () => (await attemptsOf(endpointId)).map((a) => a.attemptNumber).sort((a, b) => a - b);
    await waitFor(async () => (await stored()).length >= 2, 30_000, 'two attempts stored by the first process');
    await first.kill();
    const beforeCrash = await stored();

    second = await startServiceProcess('delivery', { ...fx.env, DELIVERY_GRPC_PORT: String(await freePort()) });
    await waitFor(async () => (await attemptsOf(endpointId)).some((a) => a.outcome === 'EXHAUSTED'), 60_000, 'the round exhausted');

    const attempts = await attemptsOf(endpointId);
    expect(beforeCrash.length).toBeLessThan(5);
    expect(attempts.map((a) => a.attemptNumber).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
    expect(attempts.find((a) => a.attemptNumber === 5)!.outcome).toBe('EXHAUSTED');
    // The receiver saw no attempt twice beyond the one a crash may have cut short.
    const sent = receiver.at('/resume').filter((r) => r.headers['webhook-id'] === update.envelope!.messageId);
    expect(sent.length).toBeGreaterThanOrEqual(5);
    expect(sent.length).toBeLessThanOrEqual(6);
  }, 120_000);
});
