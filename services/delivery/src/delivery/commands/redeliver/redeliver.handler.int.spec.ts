import { status } from '@grpc/grpc-js';
import { testNamespace } from '@bakuun/testing';
import { deliveryFixture, DeliveryFixture } from '../../../testing/delivery-fixture';
import { ariUpdate, newMessageId, produceAri, waitFor } from '../../../testing/feeds';
import { TestReceiver } from '../../../testing/test-receiver';

describe('Redeliver: a message sent again keeps its webhook-id', () => {
  const ns = testNamespace(__filename);
  let fx: DeliveryFixture;
  const receiver = new TestReceiver();
  const partner = 'partner-redeliver';

  beforeAll(async () => {
    await receiver.start();
    fx = await deliveryFixture(ns);
    await fx.start();
  });

  afterAll(async () => {
    await fx?.close();
    await receiver.close();
  });

  it('sends the same message again with the same webhook-id and body, continuing the attempt numbers; a retry of the call changes nothing', async () => {
    const { endpointId } = await fx.endpoints.add({ partnerId: partner, category: 'ARI', url: receiver.url('/again') });
    await fx.seen(endpointId, 'ACTIVE');
    const update = ariUpdate(partner, 'H-AGAIN');
    const messageId = update.envelope!.messageId;
    await produceAri(fx.producer, fx.topics.ari, [update]);
    await waitFor(() => receiver.at('/again').length === 1, 10_000, 'first delivery');
    await waitFor(async () => (await fx.call((md) => fx.client!.listAttempts({ endpointId, pageSize: 10, pageToken: '', messageId }, md), partner)).attempts.length === 1, 5_000, 'attempt stored');

    const result = await fx.call((md) => fx.client!.redeliver({ requestId: 'again-1', messageId, endpointId: '' }, md), partner);
    expect(result.deliveryIds).toHaveLength(1);
    await waitFor(() => receiver.at('/again').length === 2, 10_000, 'redelivery');
    const [first, second] = receiver.at('/again');
    expect(second!.headers['webhook-id']).toBe(messageId);
    expect(second!.body).toBe(first!.body);

    expect(await fx.call((md) => fx.client!.redeliver({ requestId: 'again-1', messageId, endpointId: '' }, md), partner)).toEqual(result);
    await waitFor(async () => (await fx.call((md) => fx.client!.listAttempts({ endpointId, pageSize: 10, pageToken: '', messageId }, md), partner)).attempts.length === 2, 5_000, '2 attempts');
    const attempts = await fx.call((md) => fx.client!.listAttempts({ endpointId, pageSize: 10, pageToken: '', messageId }, md), partner);
    expect(attempts.attempts.map((a) => a.attemptNumber)).toEqual([2, 1]);
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.at('/again')).toHaveLength(2);
  });

  it('an unknown message is NOT_FOUND', async () => {
    await expect(fx.call((md) => fx.client!.redeliver({ requestId: 'x', messageId: newMessageId(), endpointId: '' }, md), partner)).rejects.toMatchObject({ code: status.NOT_FOUND });
  });
});
