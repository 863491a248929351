import { ValidationError } from '@bakuun/errors';

export interface KeyExpiryChoice {
  /** ISO-8601 duration, or `NOW`; clients send the code, never a free duration. */
  readonly code: string;
  readonly label: string;
  readonly seconds: number;
}

/**
 * When the old key stops working after a roll, counted from the roll instant. Days are fixed
 * 86,400-second spans of UTC instants (no calendar or DST arithmetic). Listed by an RPC so
 * clients never hard-code them.
 */
export const KEY_EXPIRY_CHOICES = [
  { code: 'NOW', label: 'Now', seconds: 0 },
  { code: 'PT1H', label: '1 hour', seconds: 3_600 },
  { code: 'PT24H', label: '24 hours', seconds: 86_400 },
  { code: 'P3D', label: '3 days', seconds: 259_200 },
  { code: 'P7D', label: '7 days', seconds: 604_800 },
] as const satisfies readonly KeyExpiryChoice[];

export type KeyExpiryCode = (typeof KEY_EXPIRY_CHOICES)[number]['code'];

export const KEY_EXPIRY_CODES: readonly KeyExpiryCode[] = KEY_EXPIRY_CHOICES.map((c) => c.code);

export function isKeyExpiryCode(code: string): code is KeyExpiryCode {
  return (KEY_EXPIRY_CODES as readonly string[]).includes(code);
}

export function parseKeyExpiryCode(code: string, field = 'oldKeyExpiry'): KeyExpiryCode {
  if (!isKeyExpiryCode(code)) {
    throw new ValidationError('KEY.EXPIRY_INVALID', `${field} must be one of ${KEY_EXPIRY_CODES.join(', ')}`, { field, details: { allowed: [...KEY_EXPIRY_CODES] } });
  }
  return code;
}

/** The instant the old key stops working: `now` itself for NOW, so it is invalid immediately. */
export function expiryFor(code: string, now: Date): Date {
  const parsed = parseKeyExpiryCode(code);
  const choice = KEY_EXPIRY_CHOICES.find((c) => c.code === parsed);
  return new Date(now.getTime() + (choice?.seconds ?? 0) * 1000);
}
