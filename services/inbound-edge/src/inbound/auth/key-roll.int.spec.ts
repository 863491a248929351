import { randomUUID } from 'node:crypto';
import { testNamespace } from '@bakuun/testing';
import { JSON_BOOKING, publishSampleMapping, push } from '../../testing/inbound-calls';
import { InboundFixture, startInboundFixture } from '../../testing/inbound-fixture';

/**
 * Key rotation as a partner sees it at the edge: an operator (created with the keys CLI) rolls
 * the endpoint's API key through key management with their password, and the edge, told by the
 * EndpointKeyRolled event, stops trusting what it cached for the old key.
 */
describe('API key roll and expiry through the edge (real key management, registry, Kafka and FerretDB)', () => {
  const ns = testNamespace(__filename);
  let f: InboundFixture;
  const partner = 'partner-roll';
  const operator = 'ops-1';
  const password = 'a long enough passphrase for rolls';
  const accepted = async (key: string, e: { url: string; apiKey: string; endpointId: string; partnerId: string }) => (await push(e, JSON_BOOKING, { key, idem: randomUUID() })).status;

  beforeAll(async () => {
    f = await startInboundFixture(ns, { INBOUND_RATE_LIMIT_PER_SECOND: '1000', INBOUND_RATE_LIMIT_BURST: '1000', INBOUND_KEY_CACHE_MS: '60000' });
    await f.createOperator(partner, operator, password);
    await publishSampleMapping(f, partner);
  });

  afterAll(async () => {
    await f?.close();
  });

  it('after a roll with NOW expiry, the old key gets 401 (even though the edge had it cached) and the new key works', async () => {
    const e = await f.addBookingPush(partner);
    await f.activate(e);
    expect(await accepted(e.apiKey, e)).toBe(202); // now cached for a minute

    const rolled = await f.rollKey(e, 'NOW', operator, password);
    expect(rolled.apiKey).not.toBe(e.apiKey);

    const old = await push(e, JSON_BOOKING, { idem: randomUUID() });
    expect({ status: old.status, code: old.json.code }).toEqual({ status: 401, code: 'INBOUND.UNAUTHENTICATED' });
    expect(old.text).not.toContain(e.apiKey);
    expect(await accepted(rolled.apiKey, e)).toBe(202);
    expect(await accepted(e.apiKey, e)).toBe(401);
  });

  it('with a 1-hour overlap, the old key and the new key both work, the old one until the expiry key management set', async () => {
    const e = await f.addBookingPush(partner);
    await f.activate(e);
    expect(await accepted(e.apiKey, e)).toBe(202);

    const rolled = await f.rollKey(e, 'PT1H', operator, password);
    expect(Date.parse(rolled.oldKeyExpiresAt) - Date.now()).toBeGreaterThan(55 * 60_000);

    expect(await accepted(rolled.apiKey, e)).toBe(202);
    expect(await accepted(e.apiKey, e)).toBe(202);
    expect(await accepted(e.apiKey, e)).toBe(202); // a previous key is judged by key management every time, never cached
  });
});
