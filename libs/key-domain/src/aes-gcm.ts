import { createCipheriv, createDecipheriv } from 'node:crypto';
import { drawBytes, type RandomSource } from './random-source';

/** One AES-256-GCM ciphertext, base64 fields so records stay plain JSON. */
export interface SealedBox {
  readonly algorithm: 'A256GCM';
  readonly iv: string;
  readonly ciphertext: string;
  readonly tag: string;
}

export const AES_256_KEY_BYTES = 32;
/** 96-bit random IVs: safe far beyond the handful of encryptions each per-endpoint data key sees. */
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function seal(key: Buffer, plaintext: Buffer, aad: Buffer, random: RandomSource): SealedBox {
  const iv = drawBytes(random, IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES }).setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { algorithm: 'A256GCM', iv: iv.toString('base64'), ciphertext: ciphertext.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
}

/**
 * Decrypts and authenticates, or throws (Node's error) when key, IV, AAD, tag or ciphertext differ.
 * The tag length is pinned so a truncated tag cannot weaken authentication.
 */
export function open(key: Buffer, box: SealedBox, aad: Buffer): Buffer {
  const iv = Buffer.from(box.iv, 'base64');
  const tag = Buffer.from(box.tag, 'base64');
  if (box.algorithm !== 'A256GCM' || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new Error('Malformed sealed box');
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES }).setAAD(aad);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(Buffer.from(box.ciphertext, 'base64')), decipher.final()]);
}
