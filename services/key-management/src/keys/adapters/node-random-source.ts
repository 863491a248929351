import { randomBytes } from 'node:crypto';
import type { RandomSource } from '@bakuun/key-domain';

/** The RandomSource port bound to the operating system's CSPRNG. */
export const nodeRandomSource: RandomSource = { bytes: (n) => randomBytes(n) };
