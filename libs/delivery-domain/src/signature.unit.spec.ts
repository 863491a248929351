import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { hmacKeyOf, signWebhook } from './signature';

interface Vector {
  name: string;
  secrets: string[];
  webhookId: string;
  timestamp: number;
  body: string;
  signature: string;
}

const { vectors } = JSON.parse(readFileSync(join(__dirname, '..', 'testdata', 'standard-webhooks-signatures.json'), 'utf8')) as { vectors: Vector[] };

describe('Standard Webhooks signatures', () => {
  it.each(vectors.map((v) => [v.name, v] as const))('matches the fixed vector "%s" (computed by the standardwebhooks package)', (_name, v) => {
    const headers = signWebhook(v.secrets.map((secret, i) => ({ keyId: `key_${i}`, secret })), v.webhookId, v.timestamp, v.body);
    expect(headers).toEqual({ 'webhook-id': v.webhookId, 'webhook-timestamp': String(v.timestamp), 'webhook-signature': v.signature });
  });

  it('during a rotation overlap, a partner holding either secret verifies with the package', () => {
    const v = vectors.find((x) => x.secrets.length === 2)!;
    const headers = { ...signWebhook(v.secrets.map((secret, i) => ({ keyId: `key_${i}`, secret })), v.webhookId, v.timestamp, v.body) };
    jest.useFakeTimers({ now: v.timestamp * 1000 });
    try {
      for (const secret of v.secrets) expect(new Webhook(secret).verify(v.body, headers)).toEqual(JSON.parse(v.body));
      expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    } finally {
      jest.useRealTimers();
    }
  });

  it('refuses to sign without a secret and refuses malformed secrets without echoing them', () => {
    expect(() => signWebhook([], 'msg_x', 1, '{}')).toThrow('At least one signing secret');
    expect(() => hmacKeyOf('whsec_not base64!')).toThrow(/canonical base64/);
    expect(() => hmacKeyOf('sk_live_abc')).not.toThrow(/sk_live_abc/);
  });
});
