import { createHash } from 'node:crypto';
import { signWebhook } from '@bakuun/delivery-domain';
import { SampleReceiver, startSampleReceiver } from './sample-receiver';

const secretOf = (seed: string): string => `whsec_test${createHash('sha256').update(seed).digest('base64')}`;

/** Our signer against a receiver that only knows the public standardwebhooks package, over real HTTP on loopback. */
describe('sample partner receiver (standardwebhooks) accepts what delivery signs', () => {
  const current = { keyId: 'key_new', secret: secretOf('sample-new') };
  const previous = { keyId: 'key_old', secret: secretOf('sample-old') };
  let receiver: SampleReceiver;

  beforeAll(async () => {
    receiver = await startSampleReceiver({ secret: previous.secret });
  });

  afterAll(async () => {
    await receiver.close();
  });

  const post = async (id: string, body: string, secrets = [current, previous], timestamp = Math.floor(Date.now() / 1000)) => {
    const headers = signWebhook(secrets, id, timestamp, body);
    return (await fetch(receiver.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })).status;
  };

  const ari = (sequence: number, available: number) => JSON.stringify({ type: 'ari.updated', timestamp: new Date().toISOString(), data: { updates: [{ hotelCode: 'H1', roomTypeCode: 'DBL', ratePlanCode: 'BAR', dateRange: { from: '2026-06-01', to: '2026-06-01' }, inventory: { available }, sequence }] } });

  it('verifies a webhook signed with both secrets during a rotation, holding only the old one', async () => {
    expect(await post('msg_01', ari(10, 5))).toBe(204);
    expect(receiver.accepted.map((a) => a.id)).toEqual(['msg_01']);
  });

  it('rejects a wrong signature, a tampered body and a stale timestamp', async () => {
    expect(await post('msg_02', ari(11, 4), [{ keyId: 'key_x', secret: secretOf('attacker') }])).toBe(401);
    const body = ari(12, 3);
    const headers = signWebhook([previous], 'msg_03', Math.floor(Date.now() / 1000), body);
    expect((await fetch(receiver.url, { method: 'POST', headers: { ...headers }, body: body.replace('"available":3', '"available":99') })).status).toBe(401);
    expect(await post('msg_04', ari(13, 2), [previous], Math.floor(Date.now() / 1000) - 3600)).toBe(401);
    expect(receiver.rejected).toBe(3);
  });

  it('processes a redelivered webhook-id once and drops an ARI update older than one already applied', async () => {
    expect(await post('msg_01', ari(10, 5))).toBe(204);
    expect(receiver.duplicates).toBe(1);
    expect(await post('msg_05', ari(9, 7))).toBe(204);
    const last = receiver.accepted.at(-1)!;
    expect(last.id).toBe('msg_05');
    expect((last.data as { updates: unknown[] }).updates).toEqual([]);
  });
});
