import { status } from '@grpc/grpc-js';
import { testNamespace } from '@bakuun/testing';
import { deliveryFixture, DeliveryFixture } from '../../../testing/delivery-fixture';
import { ariUpdate, produceAri, waitFor } from '../../../testing/feeds';
import { TestReceiver } from '../../../testing/test-receiver';

/** A suspended endpoint receives nothing; what it missed is kept and replayed, in order, after activation. */
describe('ReplaySince: what a suspended endpoint missed', () => {
  const ns = testNamespace(__filename);
  let fx: DeliveryFixture;
  const receiver = new TestReceiver();
  const partner = 'partner-replay';
  let endpointId = '';

  beforeAll(async () => {
    await receiver.start();
    fx = await deliveryFixture(ns, { DELIVERY_RETENTION_HOURS: '24' });
    await fx.start();
    ({ endpointId } = await fx.endpoints.add({ partnerId: partner, category: 'ARI', url: receiver.url('/replay') }));
    await fx.seen(endpointId, 'ACTIVE');
  });

  afterAll(async () => {
    await fx?.close();
    await receiver.close();
  });

  const replay = (requestId: string, since: string) => fx.call((md) => fx.client!.replaySince({ requestId, endpointId, since }, md), partner);

  it('delivers nothing while suspended, nothing on activation alone, and exactly the missed messages in upstream order on replay', async () => {
    const before = ariUpdate(partner, 'H-R', { available: 9 });
    await produceAri(fx.producer, fx.topics.ari, [before]);
    await waitFor(() => receiver.at('/replay').length === 1, 10_000, 'first webhook');

    await fx.endpoints.suspend(endpointId);
    await fx.seen(endpointId, 'SUSPENDED');
    const since = new Date().toISOString();
    const missed = [ariUpdate(partner, 'H-R', { available: 8 }), ariUpdate(partner, 'H-R', { adjustBy: -3 }), ariUpdate(partner, 'H-S', { available: 2 })];
    await produceAri(fx.producer, fx.topics.ari, missed);
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.at('/replay')).toHaveLength(1);

    await expect(replay('too-early', since)).rejects.toMatchObject({ code: status.FAILED_PRECONDITION });
    await fx.endpoints.activate(endpointId);
    await fx.seen(endpointId, 'ACTIVE');
    await new Promise((r) => setTimeout(r, 1000));
    expect(receiver.at('/replay')).toHaveLength(1);

    const result = await replay('replay-1', since);
    expect(result).toMatchObject({ created: 3, rescheduled: 0 });
    await waitFor(() => receiver.at('/replay').length === 4, 10_000, 'missed webhooks');
    const got = receiver.at('/replay').slice(1).map((r) => r.headers['webhook-id']);
    expect(new Set(got)).toEqual(new Set(missed.map((m) => m.envelope!.messageId)));
    const hotelR = got.filter((id) => id !== missed[2]!.envelope!.messageId);
    expect(hotelR).toEqual([missed[0]!.envelope!.messageId, missed[1]!.envelope!.messageId]);
  });

  it('is idempotent by request id, and a second replay finds nothing left to send', async () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    expect(await replay('replay-1', since)).toMatchObject({ created: 3, rescheduled: 0 });
    expect(await replay('replay-2', since)).toMatchObject({ created: 0, rescheduled: 0 });
    await new Promise((r) => setTimeout(r, 800));
    expect(receiver.at('/replay')).toHaveLength(4);
  });

  it('refuses instants beyond the retention, and other partners', async () => {
    await expect(replay('old', new Date(Date.now() - 25 * 3_600_000).toISOString())).rejects.toMatchObject({ code: status.FAILED_PRECONDITION, details: expect.stringContaining('retained 24 h') });
    await expect(fx.call((md) => fx.client!.replaySince({ requestId: 'x', endpointId, since: new Date().toISOString() }, md), 'partner-other')).rejects.toMatchObject({ code: status.NOT_FOUND });
  });
});
