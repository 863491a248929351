import { isEndpointId } from '@bakuun/endpoint-domain';
import { endpointIdFor } from './endpoint-id.generator';

describe('endpointIdFor', () => {
  it('gives a valid endpoint id', () => {
    expect(isEndpointId(endpointIdFor('partner-a', 'req-1', 'PUSH'))).toBe(true);
  });

  it('gives the same id for a retried request, so a retry lands on the same stream', () => {
    expect(endpointIdFor('partner-a', 'req-1', 'PUSH')).toBe(endpointIdFor('partner-a', 'req-1', 'PUSH'));
  });

  it('separates methods, requests and partners', () => {
    const ids = new Set([
      endpointIdFor('partner-a', 'req-1', 'PUSH'),
      endpointIdFor('partner-a', 'req-1', 'READ'),
      endpointIdFor('partner-a', 'req-2', 'PUSH'),
      endpointIdFor('partner-b', 'req-1', 'PUSH'),
      endpointIdFor('partner-a', 'req-1\u0000PUSH', 'PUSH'),
    ]);
    expect(ids.size).toBe(5);
  });
});
