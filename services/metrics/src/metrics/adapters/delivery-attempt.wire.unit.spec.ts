import fc from 'fast-check';
import { deliveryV1 } from '@bakuun/contracts';
import { DeliveryAttemptWireReader } from './delivery-attempt.wire';

const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const text = fc.string({ unit: 'grapheme', maxLength: 40 });

const attempts: fc.Arbitrary<deliveryV1.DeliveryAttempt> = fc.record({
  attemptId: text,
  endpointId: text,
  partnerId: text,
  category: int32,
  messageId: text,
  deliveryId: text,
  attemptNumber: int32,
  outcome: int32,
  statusCode: int32,
  latencyMs: fc.double(),
  errorClass: int32,
  endpointStreamVersion: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  apiVersion: text,
  signingKeyIds: fc.array(text, { maxLength: 3 }),
  attemptedAt: text,
  nextAttemptAt: text,
  errorMessage: text,
  direction: fc.option(int32, { nil: undefined }),
});

const encode = (a: deliveryV1.DeliveryAttempt) => Buffer.from(deliveryV1.DeliveryAttempt.encode(a).finish());

describe('the DeliveryAttempt wire reader', () => {
  const reader = new DeliveryAttemptWireReader();

  it('reads what the generated decoder reads, for any message', () => {
    fc.assert(
      fc.property(attempts, (attempt) => {
        const full = deliveryV1.DeliveryAttempt.decode(encode(attempt));
        const lean = reader.read(encode(attempt));
        expect(lean).toEqual({
          attemptId: full.attemptId,
          endpointId: full.endpointId,
          partnerId: full.partnerId,
          category: full.category,
          statusCode: full.statusCode,
          latencyMs: full.latencyMs,
          errorClass: full.errorClass,
          attemptedAt: full.attemptedAt,
          direction: full.direction,
        });
      }),
      { numRuns: 500 },
    );
  });

  it('skips fields it does not know (a newer producer), and refuses a truncated message', () => {
    const attempt = { ...deliveryV1.DeliveryAttempt.decode(new Uint8Array()), attemptId: 'atmpt_1', statusCode: 503, latencyMs: 12.5 };
    // Field 99 as a varint, a fixed32, a fixed64 and a string, as a later version might add.
    const unknown = Buffer.from([0x98, 0x06, 0x01, 0x9d, 0x06, 1, 2, 3, 4, 0x99, 0x06, 1, 2, 3, 4, 5, 6, 7, 8, 0x9a, 0x06, 2, 0x68, 0x69]);
    const message = Buffer.concat([unknown, encode(attempt)]);
    expect(reader.read(message)).toMatchObject({ attemptId: 'atmpt_1', statusCode: 503, latencyMs: 12.5, direction: undefined });
    expect(() => reader.read(message.subarray(0, message.length - 3))).toThrow(RangeError);
    expect(() => reader.read(Buffer.from([0xff, 0xff, 0xff]))).toThrow(RangeError);
  });
});
