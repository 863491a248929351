import { ValidationError } from '@bakuun/errors';
import { encodeBase62 } from './base62';
import { drawBytes, type RandomSource } from './random-source';

/** Outbound endpoints sign with a secret the partner verifies; inbound endpoints check an API key the partner presents. */
export const KEY_KINDS = ['SIGNING_SECRET', 'API_KEY'] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

export const KEY_ENVIRONMENTS = ['live', 'test'] as const;
export type KeyEnvironment = (typeof KEY_ENVIRONMENTS)[number];

export interface KeyPrefix {
  readonly prefix: string;
  readonly kind: KeyKind;
  readonly environment: KeyEnvironment;
}

/**
 * Key formats; the prefix tells kind and environment.
 *
 * - Signing secret: `whsec_live` | `whsec_test` + base64 of 32 random bytes (44 characters,
 *   padded). No `_` after the environment, on purpose: Standard Webhooks libraries strip only
 *   `whsec_` and base64-decode the rest, and `live`/`test` are each exactly one base64 quantum,
 *   so the whole remainder stays valid base64. The HMAC key is therefore the decoded
 *   `live<body>`: 3 fixed bytes + 32 random bytes; {@link signingKeyBytes} derives the same
 *   bytes for our signer. A `whsec_live_…` form would be rejected by those libraries.
 * - API key: `bk_live_` | `bk_test_` + base62 of 32 random bytes (43 characters).
 */
export const KEY_PREFIXES: readonly KeyPrefix[] = [
  { prefix: 'whsec_live', kind: 'SIGNING_SECRET', environment: 'live' },
  { prefix: 'whsec_test', kind: 'SIGNING_SECRET', environment: 'test' },
  { prefix: 'bk_live_', kind: 'API_KEY', environment: 'live' },
  { prefix: 'bk_test_', kind: 'API_KEY', environment: 'test' },
];

export const KEY_RANDOM_BYTES = 32;
const API_KEY_BODY_LENGTH = 43;
const STANDARD_WEBHOOKS_PREFIX = 'whsec_';
const MASK = '…';

export function keyPrefixFor(kind: KeyKind, environment: KeyEnvironment): string {
  const found = KEY_PREFIXES.find((p) => p.kind === kind && p.environment === environment);
  if (found === undefined) throw new ValidationError('KEY.KIND_INVALID', `No key format for kind ${kind} in environment ${environment}`, { field: 'kind' });
  return found.prefix;
}

/** A new plaintext key; it is shown to the operator once and never stored, logged or put in events. */
export function generateKey(kind: KeyKind, environment: KeyEnvironment, random: RandomSource): string {
  const prefix = keyPrefixFor(kind, environment);
  const bytes = drawBytes(random, KEY_RANDOM_BYTES);
  try {
    return prefix + (kind === 'SIGNING_SECRET' ? bytes.toString('base64') : encodeBase62(bytes, API_KEY_BODY_LENGTH));
  } finally {
    bytes.fill(0);
  }
}

/** Kind and environment from the prefix. The error never echoes the input: it may be a key. */
export function parseKeyPrefix(key: string): KeyPrefix {
  const found = KEY_PREFIXES.find((p) => key.startsWith(p.prefix));
  if (found === undefined) {
    throw new ValidationError('KEY.FORMAT_INVALID', `Key must start with one of ${KEY_PREFIXES.map((p) => p.prefix).join(', ')}`, { field: 'key' });
  }
  return found;
}

function isWellFormedBody(kind: KeyKind, body: string): boolean {
  if (kind === 'API_KEY') return body.length === API_KEY_BODY_LENGTH && /^[0-9A-Za-z]+$/.test(body);
  // Canonical base64 only: Node's decoder skips junk characters, so compare a round trip.
  const decoded = Buffer.from(body, 'base64');
  return decoded.length === KEY_RANDOM_BYTES && decoded.toString('base64') === body;
}

/** Prefix and body both match the format, e.g. a presented API key before its digest is looked up. */
export function isWellFormedKey(key: string): boolean {
  const found = KEY_PREFIXES.find((p) => key.startsWith(p.prefix));
  return found !== undefined && isWellFormedBody(found.kind, key.slice(found.prefix.length));
}

/** The only form shown after issuance: the prefix, `…`, and the last 4 characters. */
export function maskKey(key: string): string {
  if (!isWellFormedKey(key)) throw new ValidationError('KEY.FORMAT_INVALID', 'Only a well-formed key can be masked', { field: 'key' });
  return `${parseKeyPrefix(key).prefix}${MASK}${key.slice(-4)}`;
}

/** A masked key, as stored and evented; refusing anything else keeps plaintext out of state. */
export function isMaskedKey(value: string): boolean {
  return KEY_PREFIXES.some((p) => value.startsWith(p.prefix + MASK) && value.length === p.prefix.length + MASK.length + 4);
}

/**
 * The HMAC key of a signing secret exactly as Standard Webhooks libraries derive it: strip
 * `whsec_`, base64-decode the rest (including the environment quantum).
 */
export function signingKeyBytes(secret: string): Buffer {
  if (!isWellFormedKey(secret) || parseKeyPrefix(secret).kind !== 'SIGNING_SECRET') {
    throw new ValidationError('KEY.FORMAT_INVALID', 'Expected a whsec_live or whsec_test signing secret', { field: 'secret' });
  }
  return Buffer.from(secret.slice(STANDARD_WEBHOOKS_PREFIX.length), 'base64');
}
