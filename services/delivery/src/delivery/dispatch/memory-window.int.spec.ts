import type { Connection } from 'mongoose';
import { testNamespace } from '@bakuun/testing';
import { deliveryFixture, DeliveryFixture } from '../../testing/delivery-fixture';
import { ariUpdate, produceAri, waitFor } from '../../testing/feeds';
import { TestReceiver } from '../../testing/test-receiver';
import { INSTANCE_ID, MONGO_CONNECTION } from '../delivery.di-tokens';
import { Dispatcher } from './dispatcher';

interface AriBody {
  data: { updates: { hotelCode: string; sequence: number }[] };
}

/**
 * Memory is bounded: beyond DELIVERY_ENDPOINT_WINDOW per endpoint and DELIVERY_MEMORY_WINDOW in
 * all, new deliveries wait in the store and are loaded as room frees up. Nothing is lost or sent
 * twice on the way, and per hotel the order stays the upstream order, failures included.
 */
describe('memory windows: deliveries beyond them wait in the store', () => {
  const ns = testNamespace(__filename);
  let fx: DeliveryFixture;
  const receiver = new TestReceiver();
  const partner = 'partner-window';

  beforeAll(async () => {
    await receiver.start();
    fx = await deliveryFixture(ns, { DELIVERY_ENDPOINT_WINDOW: '4', DELIVERY_MEMORY_WINDOW: '6', DELIVERY_RETRY_SCHEDULE: '200ms,200ms,200ms', DELIVERY_BREAKER_THRESHOLD: '1000' });
    await fx.start();
  });

  afterAll(async () => {
    await fx?.close();
    await receiver.close();
  });

  it('every update reaches both endpoints once, in order per hotel, with never more loaded than the windows allow', async () => {
    const failedOnce = new Set<string>();
    const accepted: Record<string, string[]> = { '/window-a': [], '/window-b': [] };
    // Slow answers keep the windows full; the first request for each H-2 update at /window-a fails.
    receiver.on('/window-a', (r) => {
      const id = r.headers['webhook-id']!;
      if ((JSON.parse(r.body) as AriBody).data.updates[0]!.hotelCode === 'H-2' && !failedOnce.has(id)) {
        failedOnce.add(id);
        return { status: 503, delayMs: 20 };
      }
      accepted['/window-a']!.push(id);
      return { status: 200, delayMs: 20 };
    });
    receiver.on('/window-b', (r) => {
      accepted['/window-b']!.push(r.headers['webhook-id']!);
      return { status: 200, delayMs: 20 };
    });
    for (const path of ['/window-a', '/window-b']) {
      const { endpointId } = await fx.endpoints.add({ partnerId: partner, category: 'ARI', url: receiver.url(path) });
      await fx.seen(endpointId, 'ACTIVE');
    }
    const dispatcher = fx.delivery!.app.get(Dispatcher);
    let mostLoaded = 0;
    const sampler = setInterval(() => (mostLoaded = Math.max(mostLoaded, dispatcher.stats.loaded)), 5);

    const hotels = ['H-1', 'H-2', 'H-3'];
    const updates = Array.from({ length: 30 }, (_, i) => ariUpdate(partner, hotels[i % 3]!, { available: i }));
    try {
      for (let i = 0; i < updates.length; i += 5) await produceAri(fx.producer, fx.topics.ari, updates.slice(i, i + 5));
      await waitFor(() => accepted['/window-a']!.length >= 30 && accepted['/window-b']!.length >= 30, 30_000, 'every update delivered to both endpoints');
      await new Promise((r) => setTimeout(r, 500));
    } finally {
      clearInterval(sampler);
    }

    const ids = updates.map((u) => u.envelope!.messageId);
    for (const path of ['/window-a', '/window-b']) {
      const delivered = accepted[path]!;
      expect([...delivered].sort()).toEqual([...ids].sort());
      for (const hotel of hotels) {
        const ofHotel = ids.filter((_, i) => hotels[i % 3] === hotel);
        // Endpoint and hotel in the compared value, so a failure says where the order broke.
        expect({ path, hotel, order: delivered.filter((id) => ofHotel.includes(id)) }).toEqual({ path, hotel, order: ofHotel });
      }
    }
    expect(failedOnce.size).toBe(10);
    expect(mostLoaded).toBeGreaterThan(0);
    expect(mostLoaded).toBeLessThanOrEqual(6);
    await waitFor(() => dispatcher.stats.loaded === 0, 5_000, 'memory emptied');
  });

  it('a later delivery of a hotel found by a scan waits behind the spilled ones stored before it', async () => {
    const sent: string[] = [];
    receiver.on('/window-scan', (r) => {
      sent.push(r.headers['webhook-id']!);
      return { status: 200, delayMs: 50 };
    });
    const { endpointId } = await fx.endpoints.add({ partnerId: `${partner}-scan`, category: 'ARI', url: receiver.url('/window-scan') });
    await fx.seen(endpointId, 'ACTIVE');
    const updates = Array.from({ length: 12 }, (_, i) => ariUpdate(`${partner}-scan`, 'H-SCAN', { available: i }));
    await produceAri(fx.producer, fx.topics.ari, updates);
    const deliveries = fx.delivery!.app.get<Connection>(MONGO_CONNECTION).db!.collection<{ _id: string; endpointId: string; messageId: string; ordinal: number; loadedBy: string | null }>('deliveries');
    // Past the window of 4, the rest of the 12 are stored claimed by this process, to be loaded by id.
    await waitFor(async () => (await deliveries.countDocuments({ endpointId })) === 12 && sent.length >= 1, 10_000, 'all stored, sending begun');
    const newest = (await deliveries.find({ endpointId }).toArray()).sort((a, b) => b.ordinal - a.ordinal)[0]!;
    // Another process stored a later update of the same hotel, waiting; a scan (an operator action, a mark) finds it.
    const later = { ...newest, _id: `${newest._id}-later`, messageId: 'msg_later_than_the_spilled_ones', ordinal: newest.ordinal + 1, loadedBy: null };
    await deliveries.insertOne(later);
    await fx.delivery!.app.get(Dispatcher).storedWaiting([endpointId]);

    await waitFor(() => sent.length >= 13, 20_000, 'all 13 sent');
    expect(sent).toEqual([...updates.map((u) => u.envelope!.messageId), later.messageId]);
  });

  it('an endpoint taken over by another process gets back what this process had claimed of it, marked for the holder', async () => {
    receiver.on('/window-lost', () => 'HANG');
    const { endpointId } = await fx.endpoints.add({ partnerId: `${partner}-lost`, category: 'ARI', url: receiver.url('/window-lost') });
    await fx.seen(endpointId, 'ACTIVE');
    await produceAri(fx.producer, fx.topics.ari, Array.from({ length: 10 }, (_, i) => ariUpdate(`${partner}-lost`, 'H-LOST', { available: i })));
    const db = fx.delivery!.app.get<Connection>(MONGO_CONNECTION).db!;
    const deliveries = db.collection<{ _id: string; endpointId: string; loadedBy: string | null }>('deliveries');
    const me = fx.delivery!.app.get<string>(INSTANCE_ID);
    // One attempt hangs at the receiver, 3 more wait in memory, 6 are stored claimed by this process.
    await waitFor(async () => (await deliveries.countDocuments({ endpointId, loadedBy: me })) === 10 && receiver.hangingAt('/window-lost') === 1, 20_000, 'all claimed, one in flight');

    await db.collection<{ _id: string; owner: string; leaseUntil: Date }>('endpoint_leases').updateOne({ _id: endpointId }, { $set: { owner: 'another-process', leaseUntil: new Date(Date.now() + 60_000) } });
    // The next lease renewal (every lease/3) finds the endpoint held elsewhere: all but the attempt in flight are released.
    await waitFor(async () => (await deliveries.countDocuments({ endpointId, loadedBy: null })) === 9, 20_000, 'claims released');
    expect(await deliveries.countDocuments({ endpointId, loadedBy: me })).toBe(1);
    await waitFor(async () => (await db.collection('waiting_endpoints').countDocuments({ _id: endpointId as never })) === 1, 5_000, 'marked for the holder');
  });
});
