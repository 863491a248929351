import { IllegalStateError, ValidationError } from '@bakuun/errors';
import { isKeyValidAt, issue, overlappingPreviousKey, recordUse, roll, shred, validKeysAt, validSigningKeysAt, type EndpointKeys } from './endpoint-keys';
import { generateKey, maskKey } from './key-format';
import { generateKeyId } from './key-id';
import { seededRandom } from './random-source.fixtures';

const EP = 'ep_01h455vb4pex5vsknk084sn02q';
const T0 = new Date('2025-03-01T10:00:00.000Z');
const HOUR = 3_600_000;
const at = (ms: number) => new Date(T0.getTime() + ms);

const random = seededRandom('endpoint-keys');
const newKey = (now: Date, kind: 'SIGNING_SECRET' | 'API_KEY' = 'SIGNING_SECRET') => ({
  keyId: generateKeyId(now, random),
  maskedKey: maskKey(generateKey(kind, 'live', random)),
});

function issued(kind: 'SIGNING_SECRET' | 'API_KEY' = 'SIGNING_SECRET'): EndpointKeys {
  return issue({ endpointId: EP, kind, ...newKey(T0, kind), now: T0 });
}

function rolled(state: EndpointKeys, oldKeyExpiry: string, now: Date): EndpointKeys {
  const key = newKey(now, state.current.kind);
  return roll(state, { newKeyId: key.keyId, newMaskedKey: key.maskedKey, oldKeyExpiry, now });
}

describe('endpoint keys', () => {
  describe('issue', () => {
    it('given a new endpoint, when a key is issued, then it is the only, never-used, valid key', () => {
      const state = issued();

      expect(state).toMatchObject({ endpointId: EP, previous: null, deleted: false, current: { kind: 'SIGNING_SECRET', createdAt: T0, lastUsedAt: null } });
      expect(validKeysAt(state, T0)).toEqual([state.current]);
    });

    it('given a plaintext key instead of its masked form, when issuing, then it is refused without echoing it', () => {
      const plaintext = generateKey('API_KEY', 'live', random);
      const attempt = () => issue({ endpointId: EP, kind: 'API_KEY', keyId: generateKeyId(T0, random), maskedKey: plaintext, now: T0 });

      expect(attempt).toThrow(ValidationError);
      expect(attempt).toThrow(expect.objectContaining({ code: 'KEY.MASKED_KEY_INVALID', field: 'maskedKey' }));
      expect(attempt).not.toThrow(plaintext);
    });

    it('given a masked key of the other kind, when issuing, then it is refused', () => {
      const attempt = () => issue({ endpointId: EP, kind: 'API_KEY', ...newKey(T0, 'SIGNING_SECRET'), now: T0 });
      expect(attempt).toThrow(expect.objectContaining({ code: 'KEY.MASKED_KEY_INVALID' }));
    });

    it('given a malformed key id, when issuing, then it is refused', () => {
      expect(() => issue({ endpointId: EP, kind: 'SIGNING_SECRET', keyId: 'key_1', maskedKey: newKey(T0).maskedKey, now: T0 })).toThrow(
        expect.objectContaining({ code: 'KEY.ID_INVALID' }),
      );
    });
  });

  describe('roll and expiry', () => {
    const rollAt = at(HOUR);

    it('given a roll with 1 hour, when validating the old key, then it is valid 1 ms before expiry and invalid at the expiry instant', () => {
      const before = issued();
      const after = rolled(before, 'PT1H', rollAt);
      const oldKeyId = before.current.keyId;

      expect(after.previous).toMatchObject({ keyId: oldKeyId, expiresAt: at(2 * HOUR) });
      expect(isKeyValidAt(after, oldKeyId, at(2 * HOUR - 1))).toBe(true);
      expect(isKeyValidAt(after, oldKeyId, at(2 * HOUR))).toBe(false);
      expect(isKeyValidAt(after, after.current.keyId, at(2 * HOUR))).toBe(true);
    });

    it('given a roll with NOW, when validating the old key at the roll instant, then it is already invalid', () => {
      const before = issued();
      const after = rolled(before, 'NOW', rollAt);

      expect(isKeyValidAt(after, before.current.keyId, rollAt)).toBe(false);
      expect(validKeysAt(after, rollAt)).toEqual([after.current]);
      expect(overlappingPreviousKey(after, rollAt)).toBeNull();
    });

    it('given an overlap, when listing signing keys, then both are returned newest first until the old one expires', () => {
      const before = issued();
      const after = rolled(before, 'P3D', rollAt);

      expect(validSigningKeysAt(after, rollAt).map((k) => k.keyId)).toEqual([after.current.keyId, before.current.keyId]);
      expect(validSigningKeysAt(after, at(HOUR + 3 * 24 * HOUR)).map((k) => k.keyId)).toEqual([after.current.keyId]);
    });

    it('given an inbound endpoint, when listing signing keys, then it is refused', () => {
      expect(() => validSigningKeysAt(issued('API_KEY'), T0)).toThrow(expect.objectContaining({ code: 'KEY.NOT_SIGNING_SECRET' }));
    });

    it('given a roll, when the new key is recorded, then it keeps the kind, starts unused and the old key keeps its last use', () => {
      const fresh = issued();
      const before = recordUse(fresh, fresh.current.keyId, at(10));
      const after = rolled(before, 'PT24H', rollAt);

      expect(after.current).toMatchObject({ kind: 'SIGNING_SECRET', createdAt: rollAt, lastUsedAt: null });
      expect(after.previous).toMatchObject({ keyId: before.current.keyId, lastUsedAt: at(10), expiresAt: at(25 * HOUR) });
    });

    it('given a previous key still overlapping, when rolling again, then that older key expires immediately and only two keys remain', () => {
      const first = issued();
      const second = rolled(first, 'P7D', rollAt);
      const secondRollAt = at(2 * HOUR);
      const third = rolled(second, 'PT1H', secondRollAt);

      expect(isKeyValidAt(third, first.current.keyId, secondRollAt)).toBe(false);
      expect(validKeysAt(third, secondRollAt).map((k) => k.keyId)).toEqual([third.current.keyId, second.current.keyId]);
      expect(third.previous).toMatchObject({ keyId: second.current.keyId, expiresAt: at(3 * HOUR) });
    });

    it('given a retried roll with the current key id, when rolling, then nothing changes', () => {
      const before = issued();
      const key = newKey(rollAt);
      const once = roll(before, { newKeyId: key.keyId, newMaskedKey: key.maskedKey, oldKeyExpiry: 'P7D', now: rollAt });
      const twice = roll(once, { newKeyId: key.keyId, newMaskedKey: key.maskedKey, oldKeyExpiry: 'NOW', now: at(2 * HOUR) });

      expect(twice).toBe(once);
    });

    it('given a stale retry naming the previous key id, when rolling, then it is refused and the superseded key is not reinstated', () => {
      const first = issued();
      const second = rolled(first, 'P7D', rollAt);
      const stale = { newKeyId: first.current.keyId, newMaskedKey: first.current.maskedKey, oldKeyExpiry: 'P7D', now: at(2 * HOUR) };

      expect(() => roll(second, stale)).toThrow(IllegalStateError);
      expect(() => roll(second, stale)).toThrow(expect.objectContaining({ code: 'KEY.ROLL_SUPERSEDED' }));
    });

    it('given an unknown expiry code, when rolling, then a ValidationError names the allowed codes', () => {
      expect(() => rolled(issued(), 'P30D', rollAt)).toThrow(expect.objectContaining({ code: 'KEY.EXPIRY_INVALID', message: expect.stringContaining('NOW, PT1H, PT24H, P3D, P7D') }));
    });

    it('given a new key of the other kind, when rolling, then it is refused', () => {
      const key = newKey(rollAt, 'API_KEY');
      expect(() => roll(issued(), { newKeyId: key.keyId, newMaskedKey: key.maskedKey, oldKeyExpiry: 'NOW', now: rollAt })).toThrow(
        expect.objectContaining({ code: 'KEY.MASKED_KEY_INVALID', field: 'newMaskedKey' }),
      );
    });

    it('given an unknown key id, when validating, then it is invalid', () => {
      expect(isKeyValidAt(issued(), 'key_01h455vb4pex5vsknk084sn02q', T0)).toBe(false);
    });
  });

  describe('last use', () => {
    it('given uses arriving out of order, when recorded, then lastUsedAt never moves backwards', () => {
      const state = issued();
      const keyId = state.current.keyId;
      const later = recordUse(state, keyId, at(5_000));
      const earlierArrivingLate = recordUse(later, keyId, at(1_000));

      expect(later.current.lastUsedAt).toEqual(at(5_000));
      expect(earlierArrivingLate).toBe(later);
    });

    it('given an overlap, when the previous key is used, then only its lastUsedAt moves', () => {
      const before = issued();
      const after = rolled(before, 'P7D', at(HOUR));
      const used = recordUse(after, before.current.keyId, at(2 * HOUR));

      expect(used.previous?.lastUsedAt).toEqual(at(2 * HOUR));
      expect(used.current.lastUsedAt).toBeNull();
    });

    it('given a use of an unknown key, when recorded, then the state is returned unchanged', () => {
      const state = issued();
      expect(recordUse(state, 'key_01h455vb4pex5vsknk084sn02q', at(1))).toBe(state);
    });
  });

  describe('shred (deletion)', () => {
    it('given an overlap, when the endpoint is deleted, then every key is invalid and no signing key remains', () => {
      const before = issued();
      const after = shred(rolled(before, 'P7D', at(HOUR)));

      expect(isKeyValidAt(after, after.current.keyId, at(HOUR))).toBe(false);
      expect(isKeyValidAt(after, before.current.keyId, at(HOUR))).toBe(false);
      expect(validSigningKeysAt(after, at(HOUR))).toEqual([]);
      expect(overlappingPreviousKey(after, at(HOUR))).toBeNull();
    });

    it('given a deleted endpoint, when shredding again or recording a use, then nothing changes', () => {
      const deleted = shred(issued());

      expect(shred(deleted)).toBe(deleted);
      expect(recordUse(deleted, deleted.current.keyId, at(1))).toBe(deleted);
    });

    it('given a deleted endpoint, when rolling, then it is refused', () => {
      expect(() => rolled(shred(issued()), 'NOW', at(1))).toThrow(expect.objectContaining({ code: 'KEY.ENDPOINT_DELETED' }));
    });

    it('given a deleted endpoint, when read for audit, then key ids and masked keys remain', () => {
      const state = issued();
      expect(shred(state).current).toEqual(state.current);
    });
  });
});
