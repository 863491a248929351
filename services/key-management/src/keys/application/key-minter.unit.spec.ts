import { randomBytes } from 'node:crypto';
import { apiKeyMatchesDigest, createDataKey, createMasterKeyring, decryptSecret, isKeyId, maskKey } from '@bakuun/key-domain';
import { nodeRandomSource } from '../adapters/node-random-source';
import { mintKey } from './key-minter';

const keyring = createMasterKeyring('mk1', [['mk1', randomBytes(32)]]);
const now = new Date('2026-01-01T00:00:00Z');

describe('mintKey', () => {
  it('mints an API key whose only stored form is its digest', () => {
    const minted = mintKey({ endpointId: 'ep_a', kind: 'API_KEY', environment: 'live', dataKey: null, now }, keyring, nodeRandomSource);
    expect(minted.plaintext).toMatch(/^bk_live_[0-9A-Za-z]{43}$/);
    expect(isKeyId(minted.keyId)).toBe(true);
    expect(minted.maskedKey).toBe(maskKey(minted.plaintext));
    expect(minted.material.secret).toBeNull();
    expect(apiKeyMatchesDigest(minted.plaintext, minted.material.digest!)).toBe(true);
    expect(JSON.stringify(minted.material)).not.toContain(minted.plaintext.slice(8));
  });

  it('mints a signing secret stored only sealed under the endpoint data key', () => {
    const dataKey = createDataKey('ep_b', keyring, nodeRandomSource);
    const minted = mintKey({ endpointId: 'ep_b', kind: 'SIGNING_SECRET', environment: 'test', dataKey, now }, keyring, nodeRandomSource);
    expect(minted.plaintext).toMatch(/^whsec_test/);
    expect(minted.material.digest).toBeNull();
    expect(JSON.stringify(minted.material)).not.toContain(minted.plaintext.slice(10));
    expect(decryptSecret(minted.material.secret!, dataKey, keyring)).toBe(minted.plaintext);
  });

  it('refuses to mint a signing secret without a data key (a shredded endpoint)', () => {
    expect(() => mintKey({ endpointId: 'ep_c', kind: 'SIGNING_SECRET', environment: 'test', dataKey: null, now }, keyring, nodeRandomSource)).toThrow(expect.objectContaining({ code: 'KEY.SECRET_SHREDDED' }));
  });
});
