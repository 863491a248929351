import { IllegalStateError, ValidationError } from '@bakuun/errors';
import type { SealedBox } from './aes-gcm';
import { createDataKey, decryptSecret, encryptSecret, rewrap, type EncryptedSecret } from './envelope-encryption';
import { generateKey } from './key-format';
import { createMasterKeyring } from './master-keyring';
import { seededRandom } from './random-source.fixtures';

const EP_A = 'ep_01h455vb4pex5vsknk084sn02q';
const EP_B = 'ep_01h455vb4pex5vsknk084sn02r';
const KEY_1 = 'key_01h455vb4pex5vsknk084sn02q';
const KEY_2 = 'key_01h455vb4pex5vsknk084sn02r';

const random = seededRandom('envelope');
const mk2024 = Buffer.alloc(32, 1);
const mk2025 = Buffer.alloc(32, 2);
const keyring = createMasterKeyring('mk-2024', [['mk-2024', mk2024]]);
const rotated = createMasterKeyring('mk-2025', [
  ['mk-2024', mk2024],
  ['mk-2025', mk2025],
]);

/** Flips one bit of a base64 field. */
const flip = (base64: string): string => {
  const bytes = Buffer.from(base64, 'base64');
  bytes[0] = (bytes[0] ?? 0) ^ 1;
  return bytes.toString('base64');
};
const withSealed = <T extends { sealed: SealedBox }>(record: T, change: Partial<SealedBox>): T => ({ ...record, sealed: { ...record.sealed, ...change } });

describe('envelope encryption', () => {
  const plaintext = generateKey('SIGNING_SECRET', 'live', random);
  const dataKey = createDataKey(EP_A, keyring, random);
  const encrypted = encryptSecret({ endpointId: EP_A, keyId: KEY_1, plaintext }, dataKey, keyring, random);

  it('given a secret sealed under a wrapped data key, when decrypting, then the plaintext round-trips', () => {
    expect(decryptSecret(encrypted, dataKey, keyring) === plaintext).toBe(true);
  });

  it('given the stored records, when serialised, then they hold neither the secret nor the data key in clear', () => {
    const stored = JSON.stringify({ dataKey, encrypted });

    expect(stored.includes(plaintext)).toBe(false);
    expect(stored.includes(plaintext.slice(10, 30))).toBe(false);
    expect(dataKey).toMatchObject({ endpointId: EP_A, masterKeyId: 'mk-2024', sealed: { algorithm: 'A256GCM' } });
  });

  it('given the same secret sealed twice, when comparing ciphertexts, then fresh IVs make them differ', () => {
    const again = encryptSecret({ endpointId: EP_A, keyId: KEY_1, plaintext }, dataKey, keyring, random);
    expect(again.sealed.iv).not.toBe(encrypted.sealed.iv);
    expect(again.sealed.ciphertext).not.toBe(encrypted.sealed.ciphertext);
  });

  describe('master keys by id', () => {
    it('given a record naming a master key id the keyring lacks, when decrypting, then KEY.MASTER_KEY_UNKNOWN names the id', () => {
      const onlyNew = createMasterKeyring('mk-2025', [['mk-2025', mk2025]]);
      const attempt = () => decryptSecret(encrypted, dataKey, onlyNew);

      expect(attempt).toThrow(IllegalStateError);
      expect(attempt).toThrow(expect.objectContaining({ code: 'KEY.MASTER_KEY_UNKNOWN', message: expect.stringContaining('mk-2024') }));
    });

    it('given a record relabelled with another master key id, when decrypting, then authentication fails', () => {
      expect(() => decryptSecret(encrypted, { ...dataKey, masterKeyId: 'mk-2025' }, rotated)).toThrow(expect.objectContaining({ code: 'KEY.MATERIAL_UNREADABLE' }));
    });

    it('given a rotated keyring, when decrypting an old record, then the retired master key it names still opens it', () => {
      expect(decryptSecret(encrypted, dataKey, rotated) === plaintext).toBe(true);
    });

    it('given a rotated keyring, when rewrapping, then the data key moves to the active master key and the secret still decrypts without the old one', () => {
      const rewrapped = rewrap(dataKey, rotated, random);
      const withoutOld = createMasterKeyring('mk-2025', [['mk-2025', mk2025]]);

      expect(rewrapped.masterKeyId).toBe('mk-2025');
      expect(decryptSecret(encrypted, rewrapped, withoutOld) === plaintext).toBe(true);
    });

    it('given a data key already under the active master key, when rewrapping, then it is returned unchanged', () => {
      expect(rewrap(dataKey, keyring, random)).toBe(dataKey);
    });

    it('given a new data key with a rotated keyring, when created, then it is wrapped under the active id', () => {
      expect(createDataKey(EP_B, rotated, random).masterKeyId).toBe('mk-2025');
    });
  });

  describe('tamper detection', () => {
    it.each([
      ['secret ciphertext', (s: EncryptedSecret) => withSealed(s, { ciphertext: flip(s.sealed.ciphertext) })],
      ['secret tag', (s: EncryptedSecret) => withSealed(s, { tag: flip(s.sealed.tag) })],
      ['secret IV', (s: EncryptedSecret) => withSealed(s, { iv: flip(s.sealed.iv) })],
      ['truncated tag', (s: EncryptedSecret) => withSealed(s, { tag: Buffer.from(s.sealed.tag, 'base64').subarray(0, 8).toString('base64') })],
      ['key id in the AAD', (s: EncryptedSecret) => ({ ...s, keyId: KEY_2 })],
      ['endpoint id in the AAD', (s: EncryptedSecret) => ({ ...s, endpointId: EP_B })],
    ])('given a tampered %s, when decrypting, then it fails with KEY.MATERIAL_UNREADABLE', (_, tamper) => {
      expect(() => decryptSecret(tamper(encrypted), dataKey, keyring)).toThrow(expect.objectContaining({ code: 'KEY.MATERIAL_UNREADABLE' }));
    });

    it('given a tampered wrapped data key, when decrypting, then it fails with KEY.MATERIAL_UNREADABLE', () => {
      const tampered = withSealed(dataKey, { ciphertext: flip(dataKey.sealed.ciphertext) });
      expect(() => decryptSecret(encrypted, tampered, keyring)).toThrow(expect.objectContaining({ code: 'KEY.MATERIAL_UNREADABLE' }));
    });

    it("given endpoint A's secret ciphertext moved into endpoint B's record, when decrypting with B's data key, then it fails", () => {
      const dataKeyB = createDataKey(EP_B, keyring, random);
      const moved: EncryptedSecret = { endpointId: EP_B, keyId: KEY_1, sealed: encrypted.sealed };

      expect(() => decryptSecret(moved, dataKeyB, keyring)).toThrow(expect.objectContaining({ code: 'KEY.MATERIAL_UNREADABLE' }));
    });

    it("given endpoint A's wrapped data key relabelled as endpoint B's, when unwrapping, then it fails", () => {
      expect(() => decryptSecret(encrypted, { ...dataKey, endpointId: EP_B }, keyring)).toThrow(expect.objectContaining({ code: 'KEY.MATERIAL_UNREADABLE' }));
    });

    it("given endpoint B's data key, when sealing a secret of endpoint A, then it refuses", () => {
      const dataKeyB = createDataKey(EP_B, keyring, random);
      expect(() => encryptSecret({ endpointId: EP_A, keyId: KEY_1, plaintext }, dataKeyB, keyring, random)).toThrow(expect.objectContaining({ code: 'KEY.DATA_KEY_MISMATCH' }));
    });
  });

  describe('crypto-shredding', () => {
    it.each([null, undefined])('given the data key was deleted (%s), when decrypting, then KEY.SECRET_SHREDDED says it can never be recovered', (missing) => {
      const attempt = () => decryptSecret(encrypted, missing, keyring);

      expect(attempt).toThrow(IllegalStateError);
      expect(attempt).toThrow(expect.objectContaining({ code: 'KEY.SECRET_SHREDDED', message: expect.stringContaining('can never be recovered') }));
    });

    it('given the data key was deleted, when a new data key is made for the same endpoint, then the old secret still cannot be opened', () => {
      const replacement = createDataKey(EP_A, keyring, random);
      expect(() => decryptSecret(encrypted, replacement, keyring)).toThrow(expect.objectContaining({ code: 'KEY.MATERIAL_UNREADABLE' }));
    });

    it('given errors from decryption, when serialised, then they never contain the secret', () => {
      const error = (() => {
        try {
          return decryptSecret({ ...encrypted, keyId: KEY_2 }, dataKey, keyring);
        } catch (e) {
          return e as IllegalStateError;
        }
      })();
      expect(JSON.stringify(error)).not.toContain(plaintext.slice(10));
    });
  });
});

describe('master keyring', () => {
  it.each([
    ['a key of the wrong length', 'mk', [['mk', Buffer.alloc(16)]] as const, 'keys'],
    ['an active id not in the ring', 'mk-9', [['mk', Buffer.alloc(32)]] as const, 'activeKeyId'],
    ['an id with spaces', 'mk 1', [['mk 1', Buffer.alloc(32)]] as const, 'keys'],
  ])('given %s, when creating, then a ValidationError names the field', (_, active, keys, field) => {
    expect(() => createMasterKeyring(active, keys)).toThrow(ValidationError);
    expect(() => createMasterKeyring(active, keys)).toThrow(expect.objectContaining({ code: 'KEY.MASTER_KEYRING_INVALID', field }));
  });

  it('given key bytes, when the caller later overwrites its buffer, then the keyring keeps its own copy', () => {
    const bytes = Buffer.alloc(32, 5);
    const ring = createMasterKeyring('mk', [['mk', bytes]]);
    bytes.fill(0);

    expect(ring.keys.get('mk')?.equals(Buffer.alloc(32, 5))).toBe(true);
  });
});
