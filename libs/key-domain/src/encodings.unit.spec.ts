import { encodeBase62 } from './base62';
import { encodeCrockford128 } from './crockford-base32';

describe('encodings', () => {
  it('given 16 bytes, when encoding Crockford base32, then gives 26 characters with a 0-7 first character', () => {
    expect(encodeCrockford128(new Uint8Array(16))).toBe('0'.repeat(26));
    expect(encodeCrockford128(new Uint8Array(16).fill(0xff))).toBe(`7${'z'.repeat(25)}`);
  });

  it('given a UUIDv7 from the TypeID spec, when encoding, then matches its TypeID suffix', () => {
    const uuid = Buffer.from('01890a5d-ac96-774b-bcce-b302099a8057'.replaceAll('-', ''), 'hex');
    expect(encodeCrockford128(uuid)).toBe('01h455vb4pex5vsknk084sn02q');
  });

  it('given other lengths, when encoding Crockford base32, then refuses', () => {
    expect(() => encodeCrockford128(new Uint8Array(15))).toThrow(RangeError);
  });

  it('given 32 bytes, when encoding base62 to 43 characters, then pads small values and fits the largest', () => {
    expect(encodeBase62(new Uint8Array(32), 43)).toBe('0'.repeat(43));
    expect(encodeBase62(Uint8Array.of(...new Array<number>(31).fill(0), 61), 43)).toBe(`${'0'.repeat(42)}z`);
    expect(encodeBase62(new Uint8Array(32).fill(0xff), 43)).toMatch(/^[0-9A-Za-z]{43}$/);
  });

  it('given a value wider than the width, when encoding base62, then refuses', () => {
    expect(() => encodeBase62(new Uint8Array(32).fill(0xff), 42)).toThrow(RangeError);
  });
});
