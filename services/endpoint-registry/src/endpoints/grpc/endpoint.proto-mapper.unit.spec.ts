import { endpointsV1 } from '@bakuun/contracts';
import { ValidationError } from '@bakuun/errors';
import { fromProtoCategory, fromProtoMethod, fromProtoReason, optionalProtoStatus, toProtoReason } from './endpoint.proto-mapper';

describe('endpoint proto mapping', () => {
  it('maps categories both ways and refuses UNSPECIFIED naming the field', () => {
    expect(fromProtoCategory(endpointsV1.EndpointCategory.ENDPOINT_CATEGORY_ARI)).toBe('ARI');
    expect(() => fromProtoCategory(0)).toThrow(ValidationError);
    expect(() => fromProtoCategory(0)).toThrow(/category must be MAPPING, ARI or BOOKING/);
  });

  it('names the offending position in a method list', () => {
    expect(() => fromProtoMethod(7, 'methods[1]')).toThrow(/methods\[1\] must be PUSH or READ/);
  });

  it('treats an unset status filter as no filter', () => {
    expect(optionalProtoStatus(0)).toBeUndefined();
    expect(optionalProtoStatus(endpointsV1.EndpointStatus.ENDPOINT_STATUS_SUSPENDED)).toBe('SUSPENDED');
  });

  it('round-trips every suspension reason', () => {
    for (const reason of [
      { kind: 'MANUAL', note: 'maintenance' },
      { kind: 'AUTOMATIC', figure: { metric: 'error_rate', value: 1, windowSeconds: 432000, attempts: 120 } },
      { kind: 'RECEIVER_GONE', statusCode: 410 },
    ] as const) {
      expect(fromProtoReason(toProtoReason(reason))).toEqual(reason);
    }
    expect(fromProtoReason(undefined)).toEqual({ kind: 'MANUAL' });
  });

  it('refuses an automatic suspension without the figure that triggered it', () => {
    expect(() => fromProtoReason({ automatic: { metric: '', value: 1, windowSeconds: 1, attempts: 1 } })).toThrow(/reason.automatic.metric/);
  });
});
