import { DirectoryEvent, DirectoryEventPayload, evolveDirectory, EndpointDirectoryEntry } from './endpoint-directory';

const ID = 'ep_01h455vb4pex5vsknk084sn02q';
const event = (streamVersion: number, e: DirectoryEventPayload, occurredAt = streamVersion * 1000): DirectoryEvent => ({ endpointId: ID, partnerId: 'p', streamVersion, occurredAt, ...e });

function fold(events: DirectoryEvent[]): EndpointDirectoryEntry | null {
  return events.reduce<EndpointDirectoryEntry | null>((entry, e) => evolveDirectory(entry, e), null);
}

describe('the endpoint directory (from the registry events)', () => {
  it('tracks category, direction, status and when the endpoint last became active', () => {
    const entry = fold([
      event(1, { type: 'EndpointAdded', category: 'ARI', direction: 'OUTBOUND' }),
      event(2, { type: 'Other' }),
      event(3, { type: 'EndpointActivated' }),
      event(4, { type: 'EndpointSuspended', suspendedBy: 'AUTOMATIC' }),
      event(5, { type: 'EndpointActivated' }),
    ]);
    expect(entry).toEqual({ endpointId: ID, partnerId: 'p', category: 'ARI', direction: 'OUTBOUND', status: 'ACTIVE', activeSince: 5000, suspendedBy: null, streamVersion: 5 });
  });

  it('ignores redelivered and older events, and anything after deletion', () => {
    const added = event(1, { type: 'EndpointAdded', category: 'BOOKING', direction: 'INBOUND' });
    const activated = event(2, { type: 'EndpointActivated' });
    const once = fold([added, activated]);
    expect(fold([added, activated, activated, added])).toEqual(once);
    const deleted = fold([added, activated, event(3, { type: 'EndpointDeleted' }), event(4, { type: 'EndpointActivated' })]);
    expect(deleted).toMatchObject({ status: 'DELETED', activeSince: null, streamVersion: 4 });
  });

  it('tracks the status of a stream whose EndpointAdded it never saw, with unknown facts', () => {
    expect(fold([event(7, { type: 'EndpointActivated' })])).toMatchObject({ category: null, direction: null, status: 'ACTIVE', activeSince: 7000 });
  });
});
