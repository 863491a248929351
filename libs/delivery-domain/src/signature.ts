import { createHmac } from 'node:crypto';
import { ValidationError } from '@bakuun/errors';

/** A secret delivery signs with: key id for the attempt log, `whsec_...` secret for the HMAC. */
export interface SigningSecret {
  readonly keyId: string;
  readonly secret: string;
}

const PREFIX = 'whsec_';

/**
 * The HMAC key exactly as Standard Webhooks libraries derive it: strip `whsec_`, base64-decode
 * the rest. (Same derivation as key-domain's `signingKeyBytes`, which this scope may not import;
 * the testdata vectors and the standardwebhooks interop tests hold both to the package.)
 */
export function hmacKeyOf(secret: string): Buffer {
  const body = secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : '';
  const key = Buffer.from(body, 'base64');
  if (body === '' || key.length < 16 || key.toString('base64') !== body) {
    throw new ValidationError('DELIVERY.SIGNING_SECRET_INVALID', 'A signing secret must be "whsec_" followed by canonical base64 of at least 16 bytes', { field: 'secret' });
  }
  return key;
}

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`. */
export function signOnce(secret: string, webhookId: string, timestampSeconds: number, body: string): string {
  return `v1,${createHmac('sha256', hmacKeyOf(secret)).update(`${webhookId}.${timestampSeconds}.${body}`).digest('base64')}`;
}

export interface SignedHeaders {
  readonly 'webhook-id': string;
  readonly 'webhook-timestamp': string;
  /** One `v1,` signature per valid secret, newest first, space-separated. */
  readonly 'webhook-signature': string;
}

/** The Standard Webhooks headers: during a key rotation overlap, one signature per valid secret. */
export function signWebhook(secrets: readonly SigningSecret[], webhookId: string, timestampSeconds: number, body: string): SignedHeaders {
  if (secrets.length === 0) throw new ValidationError('DELIVERY.NO_SIGNING_SECRET', 'At least one signing secret is needed to sign a webhook', { field: 'secrets' });
  return {
    'webhook-id': webhookId,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': secrets.map((s) => signOnce(s.secret, webhookId, timestampSeconds, body)).join(' '),
  };
}
