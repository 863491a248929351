import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { generateKey, signingKeyBytes } from './key-format';
import { seededRandom } from './random-source.fixtures';

/** Proves our signing secrets are Standard Webhooks secrets, using the reference npm package. */
describe('signing secrets interoperate with the standardwebhooks package', () => {
  const T0 = new Date('2025-03-01T10:00:00.000Z');
  const payload = JSON.stringify({ type: 'ari.updated', hotelId: 'htl_1' });
  const msgId = 'msg_01h455vb4pex5vsknk084sn02q';

  beforeEach(() => jest.useFakeTimers({ now: T0 }));
  afterEach(() => jest.useRealTimers());

  it.each(['live', 'test'] as const)('given a %s secret, when the package signs and verifies, then it accepts the secret and the signature', (environment) => {
    const secret = generateKey('SIGNING_SECRET', environment, seededRandom(environment));
    const webhook = new Webhook(secret);
    const signature = webhook.sign(msgId, T0, payload);

    expect(webhook.verify(payload, { 'webhook-id': msgId, 'webhook-timestamp': String(T0.getTime() / 1000), 'webhook-signature': signature })).toEqual(JSON.parse(payload));
  });

  it('given our HMAC over id.timestamp.body with signingKeyBytes, when the partner verifies with the package, then it matches', () => {
    const secret = generateKey('SIGNING_SECRET', 'live', seededRandom());
    const timestamp = String(T0.getTime() / 1000);
    const ours = `v1,${createHmac('sha256', signingKeyBytes(secret)).update(`${msgId}.${timestamp}.${payload}`).digest('base64')}`;

    expect(ours).toBe(new Webhook(secret).sign(msgId, T0, payload));
    expect(() => new Webhook(secret).verify(payload, { 'webhook-id': msgId, 'webhook-timestamp': timestamp, 'webhook-signature': ours })).not.toThrow();
  });

  it('given two secrets during an overlap, when signed with both, then a partner holding either one verifies', () => {
    const random = seededRandom();
    const [newer, older] = [generateKey('SIGNING_SECRET', 'live', random), generateKey('SIGNING_SECRET', 'live', random)];
    const header = [newer, older].map((s) => new Webhook(s).sign(msgId, T0, payload)).join(' ');
    const headers = { 'webhook-id': msgId, 'webhook-timestamp': String(T0.getTime() / 1000), 'webhook-signature': header };

    expect(() => new Webhook(older).verify(payload, headers)).not.toThrow();
    expect(() => new Webhook(newer).verify(payload, headers)).not.toThrow();
    expect(() => new Webhook(generateKey('SIGNING_SECRET', 'live', random)).verify(payload, headers)).toThrow('No matching signature found');
  });
});
