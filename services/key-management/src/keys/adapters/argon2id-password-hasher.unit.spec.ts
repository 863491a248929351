import { Argon2idPasswordHasher } from './argon2id-password-hasher';

describe('Argon2idPasswordHasher', () => {
  const hasher = new Argon2idPasswordHasher();

  it('hashes with argon2id at the OWASP parameters and a fresh salt each time', async () => {
    const [a, b] = await Promise.all([hasher.hash('correct horse battery staple'), hasher.hash('correct horse battery staple')]);
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
  });

  it('verifies the right password only, and treats a malformed hash as a mismatch', async () => {
    const hash = await hasher.hash('correct horse battery staple');
    expect(await hasher.verify(hash, 'correct horse battery staple')).toBe(true);
    expect(await hasher.verify(hash, 'correct horse battery stapler')).toBe(false);
    expect(await hasher.verify('not-a-hash', 'correct horse battery staple')).toBe(false);
  });
});
