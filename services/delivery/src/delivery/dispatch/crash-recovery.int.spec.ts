import mongoose from 'mongoose';
import { freePort, ServiceProcess, startServiceProcess, testNamespace } from '@bakuun/testing';
import { deliveryFixture, DeliveryFixture } from '../../testing/delivery-fixture';
import { ariUpdate, produceAri, waitFor } from '../../testing/feeds';
import { TestReceiver } from '../../testing/test-receiver';

const HOTELS = 20;
const PER_HOTEL = 20;

/**
 * The dispatcher runs as its own process and is killed with SIGKILL in the middle of sending;
 * a new process takes over once the dead one's lease lapses. No message is lost, a re-sent one
 * keeps its webhook-id, and every hotel ends on its newest update.
 */
describe('delivery survives SIGKILL mid-batch', () => {
  const ns = testNamespace(__filename);
  let fx: DeliveryFixture;
  const receiver = new TestReceiver();
  const partner = 'partner-crash';
  let first: ServiceProcess | null = null;
  let second: ServiceProcess | null = null;

  beforeAll(async () => {
    await receiver.start();
    fx = await deliveryFixture(ns, { DELIVERY_LEASE_MS: '3000' });
  });

  afterAll(async () => {
    await first?.kill();
    await second?.kill();
    await fx?.close();
    await receiver.close();
  });

  it('loses nothing and keeps each hotel in order', async () => {
    receiver.on('/crash', () => ({ status: 200, delayMs: 5 }));
    const { endpointId } = await fx.endpoints.add({ partnerId: partner, category: 'ARI', url: receiver.url('/crash') });
    // The registry's relay publishes after the commands return; the process starts once the endpoint's events are on the topic.
    const events = (await fx.endpoints.history(endpointId)).length;
    await waitFor(async () => (await fx.endpointEventsOnTopic()) >= events, 10_000, 'the endpoint events published');

    first = await startServiceProcess('delivery', { ...fx.env, DELIVERY_GRPC_PORT: String(await freePort()) });
    const updates = Array.from({ length: HOTELS * PER_HOTEL }, (_, i) => ariUpdate(partner, `H-${i % HOTELS}`, { available: Math.floor(i / HOTELS) }));
    await produceAri(fx.producer, fx.topics.ari, updates);
    await waitFor(() => receiver.at('/crash').length >= 60, 30_000, 'the first process is sending');
    await first.kill();
    const beforeCrash = receiver.at('/crash').length;

    second = await startServiceProcess('delivery', { ...fx.env, DELIVERY_GRPC_PORT: String(await freePort()) });
    const received = () => new Set(receiver.at('/crash').map((r) => r.headers['webhook-id']));
    await waitFor(() => received().size === updates.length, 60_000, 'every message delivered');

    expect(beforeCrash).toBeLessThan(updates.length);
    const requests = receiver.at('/crash');
    for (let h = 0; h < HOTELS; h++) {
      const ids = updates.filter((u) => u.hotelCode === `H-${h}`).map((u) => u.envelope!.messageId);
      const seen = requests.filter((r) => ids.includes(r.headers['webhook-id']!)).map((r) => r.headers['webhook-id']!);
      const firstSeen = seen.filter((id, i) => seen.indexOf(id) === i);
      expect(firstSeen).toEqual(ids);
      expect(seen.at(-1)).toBe(ids.at(-1));
    }

    const connection = await mongoose.createConnection(ns.mongoUri).asPromise();
    try {
      await waitFor(async () => (await connection.collection('deliveries').countDocuments({})) === 0, 20_000, 'no open delivery left');
    } finally {
      await connection.close();
    }
  }, 180_000);
});
