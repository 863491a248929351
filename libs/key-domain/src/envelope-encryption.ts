import { IllegalStateError } from '@bakuun/errors';
import { AES_256_KEY_BYTES, open, seal, type SealedBox } from './aes-gcm';
import { masterKeyFor, type MasterKeyring } from './master-keyring';
import { drawBytes, type RandomSource } from './random-source';

/**
 * Envelope encryption of signing secrets.
 *
 * Each endpoint has one data key (32 random bytes), stored only wrapped (AES-256-GCM) under a
 * master key named by id. Each secret is sealed (AES-256-GCM) under that data key. The AAD binds
 * a wrapped data key to its endpoint id and master key id, and a secret to its endpoint id and
 * key id, so a ciphertext copied into another record fails to open.
 *
 * Crypto-shredding: deleting the endpoint's wrapped data key makes every secret sealed under it
 * unrecoverable, even with full database access and the master keys; the audit log keeps only
 * key ids and masked keys.
 */
export interface WrappedDataKey {
  readonly endpointId: string;
  readonly masterKeyId: string;
  readonly sealed: SealedBox;
}

export interface EncryptedSecret {
  readonly endpointId: string;
  readonly keyId: string;
  readonly sealed: SealedBox;
}

const dataKeyAad = (endpointId: string, masterKeyId: string) => Buffer.from(JSON.stringify(['bakuun.data-key.v1', endpointId, masterKeyId]));
const secretAad = (endpointId: string, keyId: string) => Buffer.from(JSON.stringify(['bakuun.signing-secret.v1', endpointId, keyId]));

function unreadable(what: string, cause: unknown): IllegalStateError {
  return new IllegalStateError('KEY.MATERIAL_UNREADABLE', `${what} failed authentication: tampered, moved to another record, or sealed under another key`, { cause });
}

function wrap(endpointId: string, dataKey: Buffer, keyring: MasterKeyring, random: RandomSource): WrappedDataKey {
  const masterKeyId = keyring.activeKeyId;
  return { endpointId, masterKeyId, sealed: seal(masterKeyFor(keyring, masterKeyId), dataKey, dataKeyAad(endpointId, masterKeyId), random) };
}

function unwrap(wrapped: WrappedDataKey, keyring: MasterKeyring): Buffer {
  const masterKey = masterKeyFor(keyring, wrapped.masterKeyId);
  try {
    return open(masterKey, wrapped.sealed, dataKeyAad(wrapped.endpointId, wrapped.masterKeyId));
  } catch (error) {
    throw unreadable(`Data key of endpoint ${wrapped.endpointId} under master key ${wrapped.masterKeyId}`, error);
  }
}

/** Runs `use` with the plaintext data key and wipes it afterwards. */
function withDataKey<T>(wrapped: WrappedDataKey, keyring: MasterKeyring, use: (dataKey: Buffer) => T): T {
  const dataKey = unwrap(wrapped, keyring);
  try {
    return use(dataKey);
  } finally {
    dataKey.fill(0);
  }
}

/** A fresh data key for an endpoint, wrapped under the active master key. */
export function createDataKey(endpointId: string, keyring: MasterKeyring, random: RandomSource): WrappedDataKey {
  const dataKey = drawBytes(random, AES_256_KEY_BYTES);
  try {
    return wrap(endpointId, dataKey, keyring, random);
  } finally {
    dataKey.fill(0);
  }
}

/** Re-wraps a data key under the active master key (unchanged if it already is); secrets need no re-encryption. */
export function rewrap(wrapped: WrappedDataKey, keyring: MasterKeyring, random: RandomSource): WrappedDataKey {
  if (wrapped.masterKeyId === keyring.activeKeyId) return wrapped;
  return withDataKey(wrapped, keyring, (dataKey) => wrap(wrapped.endpointId, dataKey, keyring, random));
}

export interface SecretToEncrypt {
  readonly endpointId: string;
  readonly keyId: string;
  readonly plaintext: string;
}

export function encryptSecret(secret: SecretToEncrypt, dataKey: WrappedDataKey, keyring: MasterKeyring, random: RandomSource): EncryptedSecret {
  const { endpointId, keyId, plaintext } = secret;
  if (dataKey.endpointId !== endpointId) {
    throw new IllegalStateError('KEY.DATA_KEY_MISMATCH', `Secret ${keyId} of endpoint ${endpointId} cannot be sealed under the data key of endpoint ${dataKey.endpointId}`);
  }
  const sealed = withDataKey(dataKey, keyring, (key) => seal(key, Buffer.from(plaintext, 'utf8'), secretAad(endpointId, keyId), random));
  return { endpointId, keyId, sealed };
}

/**
 * The plaintext secret, or a clear error: `KEY.SECRET_SHREDDED` once the data key is gone,
 * `KEY.MASTER_KEY_UNKNOWN` when the keyring lacks the named master key, `KEY.MATERIAL_UNREADABLE`
 * when anything fails authentication.
 */
export function decryptSecret(secret: EncryptedSecret, dataKey: WrappedDataKey | null | undefined, keyring: MasterKeyring): string {
  if (dataKey === null || dataKey === undefined) {
    throw new IllegalStateError('KEY.SECRET_SHREDDED', `The data key of endpoint ${secret.endpointId} was destroyed; secret ${secret.keyId} can never be recovered`);
  }
  return withDataKey(dataKey, keyring, (key) => {
    try {
      return open(key, secret.sealed, secretAad(secret.endpointId, secret.keyId)).toString('utf8');
    } catch (error) {
      throw unreadable(`Secret ${secret.keyId} of endpoint ${secret.endpointId}`, error);
    }
  });
}
