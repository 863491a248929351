import { deliveryV1, endpointsV1 } from '@bakuun/contracts';
import { deliveryAttempt } from '../../testing/metrics-fixture';
import { DeliveryAttemptDecoder } from './delivery-attempt.decoder';

const ENDPOINT = 'ep_01h455vb4pex5vsknk084sn02q';
const encode = (a: deliveryV1.DeliveryAttempt) => Buffer.from(deliveryV1.DeliveryAttempt.encode(a).finish());

describe('the DeliveryAttempt decoder', () => {
  const decoder = new DeliveryAttemptDecoder();

  it('keeps what the error rate needs, with the direction the producer names', () => {
    const at = new Date('2025-03-01T10:00:00.123Z');
    const message = deliveryAttempt({ endpointId: ENDPOINT, partnerId: 'p1', attemptedAt: at, statusCode: 503, latencyMs: 812.5, attemptId: 'atmpt_1', category: endpointsV1.EndpointCategory.ENDPOINT_CATEGORY_BOOKING, direction: endpointsV1.EndpointDirection.ENDPOINT_DIRECTION_OUTBOUND });
    expect(decoder.decode(encode(message))).toEqual({
      attemptId: 'atmpt_1',
      endpointId: ENDPOINT,
      partnerId: 'p1',
      category: 'BOOKING',
      direction: 'OUTBOUND',
      attemptedAt: at.getTime(),
      statusCode: 503,
      latencyMs: 812.5,
      errorKind: 'HTTP_5XX',
    });
  });

  it('tells inbound request outcomes apart, and leaves the direction open when the producer does not name it', () => {
    const base = { endpointId: ENDPOINT, partnerId: 'p', attemptedAt: new Date(), statusCode: 422 };
    const D = endpointsV1.EndpointDirection;
    expect(decoder.decode(encode(deliveryAttempt({ ...base, direction: D.ENDPOINT_DIRECTION_INBOUND })))?.direction).toBe('INBOUND');
    expect(decoder.decode(encode(deliveryAttempt({ ...base, direction: D.ENDPOINT_DIRECTION_UNSPECIFIED })))?.direction).toBeNull();
    const legacy = deliveryAttempt(base);
    expect('direction' in legacy).toBe(false);
    expect(decoder.decode(encode(legacy))?.direction).toBeNull();
  });

  it('names every error class of the contract', () => {
    const values = Object.values(deliveryV1.AttemptErrorClass).filter((v): v is deliveryV1.AttemptErrorClass => typeof v === 'number' && v >= 0);
    for (const errorClass of values) {
      const record = decoder.decode(encode({ ...deliveryAttempt({ endpointId: ENDPOINT, partnerId: 'p', attemptedAt: new Date(), statusCode: 0 }), errorClass }));
      const expected = deliveryV1.AttemptErrorClass[errorClass].replace('ATTEMPT_ERROR_CLASS_', '');
      expect(record?.errorKind).toBe(expected);
    }
  });

  it('refuses what is not an attempt: garbage, a bad endpoint id, no time, no id', () => {
    const good = deliveryAttempt({ endpointId: ENDPOINT, partnerId: 'p', attemptedAt: new Date(), statusCode: 200 });
    expect(decoder.decode(Buffer.from([0xff, 0xff, 0xff]))).toBeNull();
    expect(decoder.decode(encode({ ...good, endpointId: 'ep_nope' }))).toBeNull();
    expect(decoder.decode(encode({ ...good, attemptedAt: 'yesterday' }))).toBeNull();
    expect(decoder.decode(encode({ ...good, attemptId: '' }))).toBeNull();
    expect(decoder.decode(encode({ ...good, partnerId: '' }))).toBeNull();
  });
});
