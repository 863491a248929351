import fc from 'fast-check';
import { AttemptHashSet } from './attempt-hash-set';

describe('the attempt hash set', () => {
  it('holds exactly what a Set would, through growth, including 0 and 53-bit values', () => {
    const hashes = fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1000 }), fc.maxSafeNat()), { maxLength: 2000 });
    fc.assert(
      fc.property(hashes, hashes, (added, probed) => {
        const set = new AttemptHashSet();
        const reference = new Set<number>();
        for (const h of added) {
          expect(set.add(h)).toBe(!reference.has(h));
          reference.add(h);
        }
        expect(set.size).toBe(reference.size);
        for (const h of [...added, ...probed]) expect(set.has(h)).toBe(reference.has(h));
      }),
      { numRuns: 200 },
    );
  });
});
