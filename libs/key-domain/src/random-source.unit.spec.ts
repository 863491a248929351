import { IllegalStateError } from '@bakuun/errors';
import { drawBytes } from './random-source';
import { seededRandom } from './random-source.fixtures';

describe('drawBytes', () => {
  it('given a source, when drawing n bytes, then returns a copy of exactly n bytes', () => {
    const source = new Uint8Array([1, 2, 3]);
    const drawn = drawBytes({ bytes: () => source }, 3);

    source[0] = 9;
    expect([...drawn]).toEqual([1, 2, 3]);
  });

  it('given a source that returns too few bytes, when drawing, then refuses', () => {
    expect(() => drawBytes({ bytes: () => new Uint8Array(2) }, 3)).toThrow(IllegalStateError);
  });

  it('given the seeded test source, when drawing twice, then the draws differ but the stream is reproducible', () => {
    const a = seededRandom('x');
    const first = drawBytes(a, 40);
    const second = drawBytes(a, 40);

    expect(first.equals(second)).toBe(false);
    expect(drawBytes(seededRandom('x'), 40).equals(first)).toBe(true);
  });
});
