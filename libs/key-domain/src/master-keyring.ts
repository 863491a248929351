import { IllegalStateError, ValidationError } from '@bakuun/errors';
import { AES_256_KEY_BYTES } from './aes-gcm';

/**
 * Master keys by id, supplied by environment/secret store. New data keys are wrapped under
 * `activeKeyId`; a wrapped data key names its master key id, so older ids stay in the ring until
 * every record has been rewrapped to the active one (master-key rotation by id).
 */
export interface MasterKeyring {
  readonly activeKeyId: string;
  readonly keys: ReadonlyMap<string, Buffer>;
}

const MASTER_KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Validates ids, key lengths and that the active id is present; errors name ids, never key bytes. */
export function createMasterKeyring(activeKeyId: string, keys: Iterable<readonly [string, Uint8Array]>): MasterKeyring {
  const ring = new Map<string, Buffer>();
  for (const [id, key] of keys) {
    if (!MASTER_KEY_ID.test(id)) {
      throw new ValidationError('KEY.MASTER_KEYRING_INVALID', 'Master key ids are 1-64 characters of letters, digits, ".", "_" or "-"', { field: 'keys' });
    }
    if (key.length !== AES_256_KEY_BYTES) {
      throw new ValidationError('KEY.MASTER_KEYRING_INVALID', `Master key ${id} must be ${AES_256_KEY_BYTES} bytes, got ${key.length}`, { field: 'keys' });
    }
    ring.set(id, Buffer.from(key));
  }
  if (!ring.has(activeKeyId)) {
    throw new ValidationError('KEY.MASTER_KEYRING_INVALID', `Active master key ${activeKeyId} is not in the keyring`, { field: 'activeKeyId' });
  }
  return { activeKeyId, keys: ring };
}

/** The master key a record names; a missing id means the keyring is missing a retired key still in use. */
export function masterKeyFor(keyring: MasterKeyring, masterKeyId: string): Buffer {
  const key = keyring.keys.get(masterKeyId);
  if (key === undefined) {
    throw new IllegalStateError('KEY.MASTER_KEY_UNKNOWN', `Master key ${masterKeyId} is not in the keyring; keep retired master keys until every data key is rewrapped`, {
      field: 'masterKeyId',
    });
  }
  if (key.length !== AES_256_KEY_BYTES) throw new IllegalStateError('KEY.MASTER_KEY_UNKNOWN', `Master key ${masterKeyId} is not ${AES_256_KEY_BYTES} bytes`, { field: 'masterKeyId' });
  return key;
}
