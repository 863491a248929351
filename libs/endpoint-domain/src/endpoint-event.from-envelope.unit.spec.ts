import { endpointEventsV1, endpointsV1 } from '@bakuun/contracts';
import { storedEventOf } from './endpoint-event.from-envelope';

const ID = 'ep_01h455vb4pex5vsknk084sn02q';
const { EndpointCategory: C, EndpointMethod: M, EndpointDirection: D } = endpointsV1;

function envelope(type: string, payload: Partial<endpointEventsV1.EndpointEventEnvelope>): endpointEventsV1.EndpointEventEnvelope {
  return { eventId: 'evt-1', streamId: `endpoint-${ID}`, streamVersion: 3, globalPosition: 17, type, schemaVersion: 1, occurredAt: '2026-12-04T10:00:00.000Z', actor: undefined, correlationId: '', causationId: '', requestId: '', previousHash: '', hash: '', partnerId: 'partner-1', ...payload };
}

const added = (category: endpointsV1.EndpointCategory): endpointEventsV1.EndpointAdded => ({
  endpointId: ID, partnerId: 'partner-1', category, method: M.ENDPOINT_METHOD_PUSH, direction: D.ENDPOINT_DIRECTION_OUTBOUND,
  url: '', urlGenerated: false, apiVersion: '2025-09-01', keyId: 'key_1', maskedKey: 'whsec_test…abcd', addedAt: '2026-12-04T10:00:00.000Z',
});

describe('storedEventOf: a published endpoint event as the projection reads it', () => {
  it('turns proto enums into domain names and an empty URL into none, keeping the stream version', () => {
    const stored = storedEventOf(envelope('EndpointAdded', { endpointAdded: added(C.ENDPOINT_CATEGORY_ARI) }));
    expect(stored.streamVersion).toBe(3);
    expect(stored.event).toMatchObject({ type: 'EndpointAdded', data: { endpointId: ID, category: 'ARI', method: 'PUSH', direction: 'OUTBOUND', url: null } });
  });

  it('keeps why an endpoint was suspended automatically, with the figure', () => {
    const figure = { metric: 'error_rate', value: 1, windowSeconds: 432000, attempts: 60 };
    const stored = storedEventOf(envelope('EndpointSuspended', { endpointSuspended: { endpointId: ID, reason: { automatic: figure, manual: undefined, receiverGone: undefined }, suspendedAt: '2026-12-04T10:00:00.000Z' } }));
    expect(stored.event).toMatchObject({ type: 'EndpointSuspended', data: { reason: { kind: 'AUTOMATIC', figure } } });
  });

  it('refuses an event it cannot read rather than guess', () => {
    expect(() => storedEventOf(envelope('EndpointAdded', { endpointAdded: added(C.UNRECOGNIZED) }))).toThrow(/unknown category/);
  });
});
