import { ValidationError } from '@bakuun/errors';
import { formatEndpointId, isEndpointId, parseEndpointId } from './endpoint-id';

describe('endpoint id', () => {
  it('accepts ep_ + a TypeID suffix', () => {
    expect(parseEndpointId('ep_01h455vb4pex5vsknk084sn02q')).toBe('ep_01h455vb4pex5vsknk084sn02q');
    expect(formatEndpointId('01h455vb4pex5vsknk084sn02q')).toBe('ep_01h455vb4pex5vsknk084sn02q');
  });

  it.each([
    ['another prefix', 'msg_01h455vb4pex5vsknk084sn02q'],
    ['upper case', 'ep_01H455VB4PEX5VSKNK084SN02Q'],
    ['too short', 'ep_01h455vb4pex5vsknk084sn02'],
    ['first character above 7 (overflows 128 bits)', 'ep_81h455vb4pex5vsknk084sn02q'],
    ['letters outside Crockford base32 (i, l, o, u)', 'ep_01h455vb4pex5vsknk084snoq'],
    ['empty', ''],
  ])('rejects %s', (_, value) => {
    expect(isEndpointId(value)).toBe(false);
    expect(() => parseEndpointId(value)).toThrow(ValidationError);
  });

  it('names the field without echoing the input', () => {
    const error = (() => {
      try {
        return parseEndpointId('ep_<script>', 'endpointId');
      } catch (e) {
        return e as ValidationError;
      }
    })() as ValidationError;
    expect(error).toMatchObject({ code: 'ENDPOINT.ID_INVALID', field: 'endpointId' });
    expect(error.message).not.toContain('<script>');
  });
});
