import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { deliveryV1 } from '@bakuun/contracts';
import { parseUpstreamDocument, toUpstreamRecord } from '@bakuun/ota-ingest';
import { testNamespace } from '@bakuun/testing';
import { deliveriesOf, deliveryFixture, DeliveryFixture } from '../../testing/delivery-fixture';
import { waitFor } from '../../testing/feeds';
import type { AddedEndpoint } from '../../testing/partner-endpoints';
import { TestReceiver } from '../../testing/test-receiver';

const SAMPLE = join(__dirname, '..', '..', 'testing', 'fixtures', 'opentravel-2011b_OTA_HotelAvailNotifRQ_set-booking-limit.xml');

/** From an OTA sample file on the upstream topic to signed, versioned webhooks a partner verifies with the standardwebhooks package. */
describe('fan-out: an upstream message reaches the ACTIVE outbound endpoints of its partner and category', () => {
  const ns = testNamespace(__filename);
  let fx: DeliveryFixture;
  const receiver = new TestReceiver();
  const partner = 'partner-happy';
  const ids: Record<string, string> = {};
  const added: Record<string, AddedEndpoint> = {};

  beforeAll(async () => {
    await receiver.start();
    // Inbound endpoints' generated URLs point at the receiver too: a webhook sent to one would show.
    fx = await deliveryFixture(ns, {}, { INBOUND_BASE_URL: `http://127.0.0.1:${receiver.port}` });
    const add = async (name: string, options: Parameters<DeliveryFixture['endpoints']['add']>[0]) => {
      added[name] = await fx.endpoints.add(options);
      ids[name] = added[name].endpointId;
    };
    await add('current', { partnerId: partner, category: 'ARI', url: receiver.url('/current') });
    // An older version the registry still lets a partner choose (a DEPRECATED one cannot be chosen any more).
    await add('legacy', { partnerId: partner, category: 'ARI', url: receiver.url('/legacy'), apiVersion: '2025-01-15' });
    await add('toSet', { partnerId: partner, category: 'ARI', url: receiver.url('/to-set'), active: false });
    await add('suspended', { partnerId: partner, category: 'ARI', url: receiver.url('/suspended') });
    await fx.endpoints.suspend(ids.suspended!);
    await add('deleted', { partnerId: partner, category: 'ARI', url: receiver.url('/deleted') });
    await fx.endpoints.delete(ids.deleted!);
    await add('mapping', { partnerId: partner, category: 'MAPPING', url: receiver.url('/mapping') });
    await add('inbound', { partnerId: partner, category: 'MAPPING', method: 'READ' });
    await add('otherPartner', { partnerId: 'partner-other', category: 'ARI', url: receiver.url('/other-partner') });
    await fx.start();
    const expected = { current: 'ACTIVE', legacy: 'ACTIVE', toSet: 'TO_SET', suspended: 'SUSPENDED', deleted: 'DELETED', mapping: 'ACTIVE', inbound: 'ACTIVE', otherPartner: 'ACTIVE' };
    for (const [name, status] of Object.entries(expected)) await fx.seen(ids[name]!, status);
  });

  afterAll(async () => {
    await fx?.close();
    await receiver.close();
  });

  it('delivers every update of the file, in document order, signed and rendered per API version; no one else gets anything', async () => {
    const parsed = parseUpstreamDocument(readFileSync(SAMPLE), { partnerId: partner, receivedAt: '2025-03-01T10:00:00.000Z' });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const records = parsed.document.messages.map((m) => toUpstreamRecord(m, { ari: fx.topics.ari, mapping: fx.topics.mapping, booking: fx.topics.booking }));
    await fx.producer.send({ topic: fx.topics.ari, acks: -1, messages: records.map((r) => ({ key: r.key, value: Buffer.from(r.value), headers: r.headers })) });
    const messageIds = parsed.document.messages.map((m) => m.message.envelope!.messageId);

    await waitFor(() => receiver.at('/current').length === 4 && receiver.at('/legacy').length === 4, 20_000, 'both endpoints got 4 webhooks');
    await new Promise((r) => setTimeout(r, 1000));

    const current = receiver.at('/current');
    expect(current.map((r) => r.headers['webhook-id'])).toEqual(messageIds);
    for (const request of current) {
      const verified = new Webhook(added.current!.secret).verify(request.body, request.headers) as { type: string; data: { updates: { sequence: number }[] } };
      expect(verified.type).toBe('ari.updated');
      expect(request.headers['content-type']).toBe('application/json');
    }
    const first = JSON.parse(current[0]!.body) as { data: { updates: unknown[] } };
    expect(first.data.updates).toEqual([{ hotelCode: '00000', roomTypeCode: 'STD', ratePlanCode: 'WHLS1', dateRange: { from: '2004-08-02', to: '2004-08-05' }, inventory: { available: 25 }, sequence: expect.any(Number) }]);
    const sequences = current.map((r) => (JSON.parse(r.body) as { data: { updates: { sequence: number }[] } }).data.updates[0]!.sequence);
    expect([...sequences].sort((a, b) => a - b)).toEqual(sequences);

    const legacy = JSON.parse(receiver.at('/legacy')[0]!.body) as { data: { updates: unknown[] } };
    expect(legacy.data.updates).toEqual([{ hotelCode: '00000', roomTypeCode: 'STD', ratePlanCode: 'WHLS1', dateRange: { from: '2004-08-02', to: '2004-08-05' }, inventory: { available: 25 } }]);
    for (const request of receiver.at('/legacy')) expect(() => new Webhook(added.legacy!.secret).verify(request.body, request.headers)).not.toThrow();
    // Each endpoint has its own secret: the other endpoint's does not verify.
    expect(() => new Webhook(added.legacy!.secret).verify(current[0]!.body, current[0]!.headers)).toThrow();

    for (const path of ['/to-set', '/suspended', '/deleted', '/mapping', '/other-partner']) expect(receiver.at(path)).toEqual([]);
    expect(receiver.requests.filter((r) => r.path.startsWith('/v1/inbound/'))).toEqual([]);
  });

  it('stores every attempt with what produced it and serves them through ListAttempts, newest first, paginated', async () => {
    await waitFor(async () => (await fx.call((md) => fx.client!.listAttempts({ endpointId: ids.current!, pageSize: 10, pageToken: '', messageId: '' }, md), partner)).attempts.length === 4, 10_000, '4 attempts listed');
    const page1 = await fx.call((md) => fx.client!.listAttempts({ endpointId: ids.current!, pageSize: 3, pageToken: '', messageId: '' }, md), partner);
    const page2 = await fx.call((md) => fx.client!.listAttempts({ endpointId: ids.current!, pageSize: 3, pageToken: page1.nextPageToken, messageId: '' }, md), partner);
    const all = [...page1.attempts, ...page2.attempts];
    expect(all).toHaveLength(4);
    expect(page2.nextPageToken).toBe('');
    expect(all.map((a) => a.attemptedAt)).toEqual([...all.map((a) => a.attemptedAt)].sort().reverse());
    const registered = await fx.endpoints.get(ids.current!);
    expect(all[0]).toMatchObject({
      endpointId: ids.current, partnerId: partner, attemptNumber: 1, outcome: deliveryV1.AttemptOutcome.ATTEMPT_OUTCOME_DELIVERED, statusCode: 200,
      errorClass: deliveryV1.AttemptErrorClass.ATTEMPT_ERROR_CLASS_NONE, endpointStreamVersion: registered.version, apiVersion: '2025-09-01', signingKeyIds: [added.current!.keyId], nextAttemptAt: '',
    });
    expect(all[0]!.latencyMs).toBeGreaterThan(0);
    await expect(fx.call((md) => fx.client!.listAttempts({ endpointId: ids.current!, pageSize: 3, pageToken: '', messageId: '' }, md), 'partner-other')).rejects.toMatchObject({ code: 5 });
  });

  it('publishes every attempt on the attempts topic, keyed by endpoint id', async () => {
    const seen: deliveryV1.DeliveryAttempt[] = [];
    const consumer = fx.kafka.consumer({ groupId: ns.group('attempts-observer'), maxWaitTimeInMs: 200 });
    await consumer.connect();
    await consumer.subscribe({ topic: fx.topics.attempts, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push({ ...deliveryV1.DeliveryAttempt.decode(message.value!), key: message.key!.toString() } as deliveryV1.DeliveryAttempt & { key: string }) });
    try {
      await waitFor(() => new Set(seen.map((a) => a.attemptId)).size === 8, 20_000, '8 attempts on the topic');
    } finally {
      await consumer.disconnect();
    }
    expect(new Set(seen.map((a) => a.endpointId))).toEqual(new Set([ids.current, ids.legacy]));
    expect(seen.every((a) => (a as deliveryV1.DeliveryAttempt & { key: string }).key === a.endpointId)).toBe(true);
  });

  it('a mapping change reaches the outbound MAPPING endpoint, never the inbound (READ) one of the same partner', async () => {
    const mapping = JSON.stringify({ type: 'mapping', hotelCode: 'H-MAP', operation: 'UPSERT', hotelName: 'Hotel Map', roomTypes: [{ code: 'DBL', operation: 'UPSERT', name: 'Double room' }], ratePlans: [] });
    const parsed = parseUpstreamDocument(mapping, { partnerId: partner, receivedAt: '2025-03-01T10:00:00.000Z' });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const records = parsed.document.messages.map((m) => toUpstreamRecord(m, { ari: fx.topics.ari, mapping: fx.topics.mapping, booking: fx.topics.booking }));
    await fx.producer.send({ topic: fx.topics.mapping, acks: -1, messages: records.map((r) => ({ key: r.key, value: Buffer.from(r.value), headers: r.headers })) });

    const messageId = parsed.document.messages[0]!.message.envelope!.messageId;
    await waitFor(() => receiver.at('/mapping').length === 1, 20_000, 'the mapping webhook');
    const request = receiver.at('/mapping')[0]!;
    expect(request.headers['webhook-id']).toBe(messageId);
    expect(() => new Webhook(added.mapping!.secret).verify(request.body, request.headers)).not.toThrow();
    // Fan-out stores every delivery of a message before any is sent: one for the inbound endpoint would be there (and stay open, it has no signing secret).
    expect((await deliveriesOf(fx).openOfMessage(partner, messageId)).filter((d) => d.endpointId === ids.inbound)).toEqual([]);
    expect(receiver.requests.filter((r) => r.path.startsWith('/v1/inbound/'))).toEqual([]);
  });
});
