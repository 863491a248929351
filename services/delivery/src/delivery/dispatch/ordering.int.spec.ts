import { testNamespace } from '@bakuun/testing';
import { deliveryFixture, DeliveryFixture } from '../../testing/delivery-fixture';
import { ariUpdate, produceAri, waitFor } from '../../testing/feeds';
import { ReceivedRequest, TestReceiver } from '../../testing/test-receiver';

interface AriBody {
  data: { updates: { hotelCode: string; inventory?: { available?: number; adjustBy?: number }; sequence: number }[] };
}

/** A receiver that applies what it accepts, as a partner's ARI store would: absolute counts replace, AdjustLimit deltas add. */
function applied(requests: ReceivedRequest[], accepted: (r: ReceivedRequest) => boolean): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of requests.filter(accepted)) {
    for (const u of (JSON.parse(r.body) as AriBody).data.updates) {
      if (u.inventory?.available !== undefined) counts.set(u.hotelCode, u.inventory.available);
      if (u.inventory?.adjustBy !== undefined) counts.set(u.hotelCode, (counts.get(u.hotelCode) ?? 0) + u.inventory.adjustBy);
    }
  }
  return counts;
}

/**
 * ARI order: per endpoint and hotel one delivery at a time, in upstream order, so a failing
 * update holds back the later ones of its hotel (never overtaken), while other hotels and other
 * endpoints go on.
 */
describe('ARI order under failures, and isolation', () => {
  const ns = testNamespace(__filename);
  let fx: DeliveryFixture;
  const receiver = new TestReceiver();
  const partner = 'partner-order';

  beforeAll(async () => {
    await receiver.start();
    // A total deadline longer than the file runs: a hanging request stays hanging.
    fx = await deliveryFixture(ns, { DELIVERY_RETRY_SCHEDULE: '300ms,300ms,300ms,300ms,300ms', DELIVERY_BREAKER_THRESHOLD: '1000', DELIVERY_TOTAL_TIMEOUT_MS: '120000' });
    await fx.start();
  });

  afterAll(async () => {
    await receiver.close();
    await fx?.close();
  });

  async function endpoint(path: string): Promise<string> {
    const { endpointId } = await fx.endpoints.add({ partnerId: partner, category: 'ARI', url: receiver.url(path) });
    await fx.seen(endpointId, 'ACTIVE');
    return endpointId;
  }

  it('a failing update holds back the later ones of its hotel; deltas apply once, in order; the receiver ends on the newest values', async () => {
    // The first three requests for hotel H-A fail; everything else succeeds.
    let failuresLeft = 3;
    receiver.on('/ari', (r) => ((JSON.parse(r.body) as AriBody).data.updates[0]!.hotelCode === 'H-A' && failuresLeft-- > 0 ? { status: 503 } : { status: 200 }));
    await endpoint('/ari');
    const updates = [
      ariUpdate(partner, 'H-A', { available: 10 }),
      ariUpdate(partner, 'H-A', { available: 7 }),
      ariUpdate(partner, 'H-A', { adjustBy: -1 }),
      ariUpdate(partner, 'H-A', { adjustBy: -2 }),
      ariUpdate(partner, 'H-B', { available: 3 }),
      ariUpdate(partner, 'H-B', { adjustBy: 1 }),
    ];
    await produceAri(fx.producer, fx.topics.ari, updates);
    await waitFor(() => receiver.at('/ari').length >= 9, 15_000, 'every update delivered');
    await new Promise((r) => setTimeout(r, 500));

    const requests = receiver.at('/ari');
    const hotelA = requests.filter((r) => (JSON.parse(r.body) as AriBody).data.updates[0]!.hotelCode === 'H-A').map((r) => r.headers['webhook-id']);
    const ids = updates.map((u) => u.envelope!.messageId);
    // Attempts of the first H-A update (3 failures, 1 success), then each later one exactly once, in order.
    expect(hotelA).toEqual([ids[0], ids[0], ids[0], ids[0], ids[1], ids[2], ids[3]]);
    // H-B was not held back by H-A's failures.
    const firstB = requests.findIndex((r) => r.headers['webhook-id'] === ids[5]);
    const lastFailedA = 2;
    expect(firstB).toBeLessThan(requests.findIndex((r, i) => i > lastFailedA && r.headers['webhook-id'] === ids[1]));
    const state = applied(requests, (r) => !(r.headers['webhook-id'] === ids[0] && requests.filter((x) => x.headers['webhook-id'] === ids[0]).indexOf(r) < 3));
    expect(state.get('H-A')).toBe(4);
    expect(state.get('H-B')).toBe(4);
    const sequences = requests.filter((r) => ids.slice(0, 4).includes(r.headers['webhook-id']!)).map((r) => (JSON.parse(r.body) as AriBody).data.updates[0]!.sequence);
    expect(new Set(sequences.slice(0, 4)).size).toBe(1);
    expect(sequences.slice(3)).toEqual([...sequences.slice(3)].sort((a, b) => a - b));
  });

  it('a hanging endpoint does not hold back another one', async () => {
    receiver.on('/hangs', () => 'HANG');
    await endpoint('/hangs');
    await endpoint('/healthy');
    const batch = Array.from({ length: 60 }, (_, i) => ariUpdate(partner, `H-ISO-${i % 12}`, { available: i }));
    await produceAri(fx.producer, fx.topics.ari, batch);
    await waitFor(() => receiver.at('/healthy').length === 60, 30_000, 'healthy endpoint got everything');
    // Every update reached the healthy endpoint while not one request to the hanging one had ended.
    expect(receiver.at('/hangs').length).toBeGreaterThan(0);
    expect(receiver.hangingAt('/hangs')).toBe(receiver.at('/hangs').length);
  });

  it('the ARI sequence is the same on every attempt of a message', () => {
    const byId = new Map<string, number[]>();
    for (const r of receiver.at('/ari')) byId.set(r.headers['webhook-id']!, [...(byId.get(r.headers['webhook-id']!) ?? []), (JSON.parse(r.body) as AriBody).data.updates[0]!.sequence]);
    expect(byId.size).toBeGreaterThan(0);
    for (const sequences of byId.values()) expect(new Set(sequences).size).toBe(1);
  });
});
