import { status } from '@grpc/grpc-js';
import { deliveryV1 } from '@bakuun/contracts';
import { testNamespace } from '@bakuun/testing';
import { deliveryFixture, DeliveryFixture } from '../../testing/delivery-fixture';
import { ariUpdate, produceAri, waitFor } from '../../testing/feeds';
import { TestReceiver } from '../../testing/test-receiver';

const { AttemptErrorClass: E } = deliveryV1;

/**
 * With ALLOW_INSECURE_LOOPBACK_URLS off in delivery, URLs that reach loopback are refused at
 * connect time, before any packet leaves, even when the registry (here a development one that
 * accepts loopback URLs) let them through: the loopback receivers below count zero TCP
 * connections. Private and metadata addresses never get that far: the real registry refuses
 * them whatever its settings, so they are never dialled (delivery's own check of those address
 * classes is in ssrf-guard.unit.spec.ts).
 */
describe('SSRF guard at connect time (dev setting off)', () => {
  const ns = testNamespace(__filename);
  let fx: DeliveryFixture;
  const v4 = new TestReceiver();
  const v6 = new TestReceiver();
  const partner = 'partner-ssrf';

  beforeAll(async () => {
    await v4.start('127.0.0.1');
    await v6.start('::1');
    fx = await deliveryFixture(ns, { ALLOW_INSECURE_LOOPBACK_URLS: 'false', DELIVERY_RETRY_SCHEDULE: '100ms' });
    await fx.start();
  });

  afterAll(async () => {
    await fx?.close();
    await v4.close();
    await v6.close();
  });

  it.each([
    ['loopback IPv4', () => `https://127.0.0.1:${v4.port}/hook`],
    ['a name resolving to loopback', () => `https://localhost:${v4.port}/hook`],
    ['IPv6 loopback', () => `https://[::1]:${v6.port}/hook`],
    ['IPv4-mapped IPv6 loopback', () => `https://[::ffff:127.0.0.1]:${v4.port}/hook`],
    ['plain http to loopback', () => `http://127.0.0.1:${v4.port}/hook`],
  ])('refuses %s before connecting', async (_what, url) => {
    const { endpointId: id } = await fx.endpoints.add({ partnerId: partner, category: 'ARI', url: url() });
    await fx.seen(id, 'ACTIVE');
    await produceAri(fx.producer, fx.topics.ari, [ariUpdate(partner, `H-${id}`)]);
    let attempts: deliveryV1.DeliveryAttempt[] = [];
    await waitFor(async () => (attempts = (await fx.call((md) => fx.client!.listAttempts({ endpointId: id, pageSize: 10, pageToken: '', messageId: '' }, md), partner)).attempts).length === 2, 10_000, '2 attempts');
    expect(attempts.every((a) => a.errorClass === E.ATTEMPT_ERROR_CLASS_SSRF_REFUSED && a.statusCode === 0)).toBe(true);
    expect(attempts[0]!.errorMessage).toMatch(/loopback|not a public address|https only/);
    expect(v4.connections + v6.connections).toBe(0);
    expect(v4.requests.length + v6.requests.length).toBe(0);
  });

  it.each([
    ['a private 10.x address', 'https://10.0.0.1/hook'],
    ['the cloud metadata address', 'https://169.254.169.254/latest/meta-data'],
  ])('%s cannot become an endpoint URL, so it is never dialled', async (_what, url) => {
    await expect(fx.endpoints.add({ partnerId: partner, category: 'ARI', url })).rejects.toMatchObject({ code: status.INVALID_ARGUMENT, details: expect.stringContaining('is not a public host') });
  });
});
