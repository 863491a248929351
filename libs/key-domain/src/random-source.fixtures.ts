/* Random sources for the unit specs of this lib; not exported from index.ts. */
import { createHash } from 'node:crypto';
import type { RandomSource } from './random-source';

/** A reproducible stream: SHA-256(seed, counter) blocks. Distinct seeds give distinct streams. */
export function seededRandom(seed = 'seed'): RandomSource {
  let counter = 0;
  return {
    bytes(n) {
      const out = Buffer.alloc(n);
      for (let offset = 0; offset < n; offset += 32) {
        createHash('sha256').update(`${seed}:${counter++}`).digest().copy(out, offset);
      }
      return out;
    },
  };
}

/** Every byte is `value`: for tests that need to know the exact output. */
export function constantRandom(value: number): RandomSource {
  return { bytes: (n) => Buffer.alloc(n, value) };
}
