import { endpointEventsV1, endpointsV1 } from '@bakuun/contracts';
import { toDirectoryEvent } from './endpoint-event.decoder';

const envelope = (overrides: Partial<endpointEventsV1.EndpointEventEnvelope>): endpointEventsV1.EndpointEventEnvelope => ({
  eventId: 'e1',
  streamId: 'ep_01h455vb4pex5vsknk084sn02q',
  streamVersion: 3,
  globalPosition: 10,
  type: 'EndpointSuspended',
  schemaVersion: 1,
  occurredAt: '2025-03-01T10:00:00.000Z',
  correlationId: '',
  causationId: '',
  requestId: 'r',
  previousHash: '',
  hash: '',
  partnerId: 'p1',
  ...overrides,
});

describe('registry events as directory events', () => {
  it('takes category and direction from EndpointAdded', () => {
    const added = toDirectoryEvent(envelope({ type: 'EndpointAdded', streamVersion: 1, endpointAdded: { endpointId: 'x', partnerId: 'p1', category: endpointsV1.EndpointCategory.ENDPOINT_CATEGORY_BOOKING, method: 1, direction: endpointsV1.EndpointDirection.ENDPOINT_DIRECTION_INBOUND, url: '', urlGenerated: true, apiVersion: 'v', keyId: 'k', maskedKey: 'm', addedAt: '' } }));
    expect(added).toMatchObject({ type: 'EndpointAdded', category: 'BOOKING', direction: 'INBOUND', streamVersion: 1, partnerId: 'p1' });
  });

  it('tells who suspended, and passes activations and deletions with their instant', () => {
    expect(toDirectoryEvent(envelope({ endpointSuspended: { endpointId: 'x', reason: { automatic: { metric: 'error_rate', value: 1, windowSeconds: 3, attempts: 30 } }, suspendedAt: '' } }))).toMatchObject({ type: 'EndpointSuspended', suspendedBy: 'AUTOMATIC' });
    expect(toDirectoryEvent(envelope({ endpointSuspended: { endpointId: 'x', reason: { manual: { note: '' } }, suspendedAt: '' } }))).toMatchObject({ suspendedBy: 'MANUAL' });
    expect(toDirectoryEvent(envelope({ type: 'EndpointActivated', endpointActivated: { endpointId: 'x', activatedAt: '' } }))).toMatchObject({ type: 'EndpointActivated', occurredAt: Date.parse('2025-03-01T10:00:00.000Z') });
    expect(toDirectoryEvent(envelope({ type: 'EndpointDeleted', endpointDeleted: { endpointId: 'x', deletedAt: '' } }))).toMatchObject({ type: 'EndpointDeleted' });
    expect(toDirectoryEvent(envelope({ type: 'EndpointUrlConfigured', endpointUrlConfigured: { endpointId: 'x', url: 'u', previousUrl: '', configuredAt: '' } }))).toMatchObject({ type: 'Other' });
  });

  it('drops envelopes it cannot place', () => {
    expect(toDirectoryEvent(envelope({ streamId: '' }))).toBeNull();
    expect(toDirectoryEvent(envelope({ streamVersion: 0 }))).toBeNull();
    expect(toDirectoryEvent(envelope({ occurredAt: 'soon' }))).toBeNull();
  });
});
