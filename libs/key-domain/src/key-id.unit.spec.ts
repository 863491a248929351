import { ValidationError } from '@bakuun/errors';
import { encodeCrockford128 } from './crockford-base32';
import { generateKeyId, isKeyId, parseKeyId } from './key-id';
import { constantRandom, seededRandom } from './random-source.fixtures';

const T0 = new Date('2025-03-01T10:00:00.000Z');

describe('key id', () => {
  it('given a time and randomness, when generating, then gives key_ + 26 base32 characters', () => {
    const id = generateKeyId(T0, seededRandom());

    expect(id).toMatch(/^key_[0-7][0-9a-hjkmnp-tv-z]{25}$/);
    expect(isKeyId(id)).toBe(true);
  });

  it('given the same time, when generating twice, then the ids differ', () => {
    const random = seededRandom();
    expect(generateKeyId(T0, random)).not.toBe(generateKeyId(T0, random));
  });

  it('given later times, when generating, then ids sort by creation time', () => {
    const random = constantRandom(0xff);
    const earlier = generateKeyId(T0, random);
    const later = generateKeyId(new Date(T0.getTime() + 1), constantRandom(0));

    expect(earlier < later).toBe(true);
  });

  it('given fixed time and randomness, when generating, then encodes UUIDv7 <48-bit ms>-7xxx-[89ab]xxx-… as a TypeID', () => {
    const uuid = Buffer.from('019551260100' + '7fff' + 'bfff' + 'ffffffffffff', 'hex');

    expect(generateKeyId(T0, constantRandom(0xff))).toBe(`key_${encodeCrockford128(uuid)}`);
  });

  it('given an invalid instant, when generating, then refuses', () => {
    expect(() => generateKeyId(new Date(Number.NaN), seededRandom())).toThrow(ValidationError);
  });

  it.each([
    ['another prefix', 'ep_01h455vb4pex5vsknk084sn02q'],
    ['upper case', 'key_01H455VB4PEX5VSKNK084SN02Q'],
    ['too short', 'key_01h455vb4pex5vsknk084sn02'],
    ['empty', ''],
  ])('given %s, when parsing, then refuses without echoing the input', (_, value) => {
    expect(isKeyId(value)).toBe(false);
    expect(() => parseKeyId(value)).toThrow(expect.objectContaining({ code: 'KEY.ID_INVALID', field: 'keyId' }));
  });

  it('given a valid id, when parsing, then returns it', () => {
    expect(parseKeyId('key_01h455vb4pex5vsknk084sn02q')).toBe('key_01h455vb4pex5vsknk084sn02q');
  });
});
