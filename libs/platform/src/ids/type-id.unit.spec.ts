import { newTypeId } from './type-id';

describe('newTypeId', () => {
  it('is the prefix and 26 lower-case Crockford base32 characters, the first 0-7', () => {
    expect(newTypeId('atmpt_', 1_764_000_000_000)).toMatch(/^atmpt_[0-7][0-9a-hjkmnp-tv-z]{25}$/);
  });

  it('sorts by the instant it was made at', () => {
    const ids = [3, 1, 2].map((n) => newTypeId('req_', 1_764_000_000_000 + n * 1000));
    expect([...ids].sort()).toEqual([ids[1], ids[2], ids[0]]);
  });
});
