import type { Connection } from 'mongoose';
import { testNamespace } from '@bakuun/testing';
import { deliveryFixture, DeliveryFixture } from '../../testing/delivery-fixture';
import { ariUpdate, produceAri, waitFor } from '../../testing/feeds';
import { TestReceiver } from '../../testing/test-receiver';
import { INSTANCE_ID, MONGO_CONNECTION } from '../delivery.di-tokens';

/**
 * A message fanned out by a process that does not hold the endpoint is stored waiting and
 * marked for the holder; the holder's scanner finds it by the mark (its scan of every open
 * delivery runs once a minute, well after this test's deadline) and delivers it.
 */
describe('deliveries stored for an endpoint held by another process', () => {
  const ns = testNamespace(__filename);
  let fx: DeliveryFixture;
  const receiver = new TestReceiver();
  const partner = 'partner-elsewhere';

  beforeAll(async () => {
    await receiver.start();
    fx = await deliveryFixture(ns);
    await fx.start();
  });

  afterAll(async () => {
    await fx?.close();
    await receiver.close();
  });

  it('are marked for the holder, and the holder delivers them by the mark', async () => {
    receiver.on('/elsewhere', () => ({ status: 204 }));
    const { endpointId } = await fx.endpoints.add({ partnerId: partner, category: 'ARI', url: receiver.url('/elsewhere') });
    await fx.seen(endpointId, 'ACTIVE');
    const db = fx.delivery!.app.get<Connection>(MONGO_CONNECTION).db!;
    const leases = db.collection<{ _id: string; owner: string; leaseUntil: Date }>('endpoint_leases');
    const marks = db.collection<{ _id: string }>('waiting_endpoints');
    await leases.insertOne({ _id: endpointId, owner: 'another-process', leaseUntil: new Date(Date.now() + 60_000) });

    await produceAri(fx.producer, fx.topics.ari, [ariUpdate(partner, 'H-ELSEWHERE')]);
    await waitFor(async () => (await marks.countDocuments({ _id: endpointId })) === 1, 10_000, 'the endpoint marked for its holder');
    expect(receiver.at('/elsewhere')).toHaveLength(0);

    // This process becomes the holder (as if it had held the endpoint all along): only the mark tells it about the waiting delivery.
    await leases.updateOne({ _id: endpointId }, { $set: { owner: fx.delivery!.app.get<string>(INSTANCE_ID) } });
    await waitFor(() => receiver.at('/elsewhere').length === 1, 10_000, 'the waiting delivery sent by the holder');
    await waitFor(async () => (await marks.countDocuments({ _id: endpointId })) === 0, 5_000, 'the mark cleared');
  });
});
