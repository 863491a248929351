import { ProjectionSpecification } from '@bakuun/testing';
import type { EndpointEvent } from './endpoint.events';
import { activated, deleted, endpointAdded, ENDPOINT_ID, PARTNER_URL, suspended, urlConfigured } from './endpoint.fixtures';
import { endpointViewProjection, projectEndpointView, type EndpointView, type StoredEndpointEvent } from './endpoint-view.projection';

const stream = (...events: EndpointEvent[]): StoredEndpointEvent[] =>
  events.map((event, i) => ({ streamVersion: i + 1, occurredAt: `2025-03-0${i + 1}T10:00:00.000Z`, event }));
const spec = ProjectionSpecification.for(endpointViewProjection);

const addedView: EndpointView = {
  endpointId: ENDPOINT_ID,
  partnerId: 'prt_7',
  category: 'ARI',
  method: 'PUSH',
  direction: 'OUTBOUND',
  url: null,
  apiVersion: '2025-09-01',
  status: 'TO_SET',
  suspensionReason: null,
  keyId: 'key_1',
  maskedKey: 'whsec_…a1b2',
  createdAt: '2025-03-01T10:00:00.000Z',
  updatedAt: '2025-03-01T10:00:00.000Z',
  streamVersion: 1,
};

describe('endpoint view projection', () => {
  const [added, configured, active, gone] = stream(endpointAdded(), urlConfigured(), activated(), deleted()) as [
    StoredEndpointEvent,
    StoredEndpointEvent,
    StoredEndpointEvent,
    StoredEndpointEvent,
  ];

  it('creates the document from EndpointAdded', () => {
    spec.given([]).when([added]).then(addedView);
  });

  it('folds later events, advancing updatedAt and streamVersion', () => {
    spec
      .given([added])
      .when([configured, active])
      .then({ ...addedView, url: PARTNER_URL, status: 'ACTIVE', updatedAt: '2025-03-03T10:00:00.000Z', streamVersion: 3 });
  });

  it('shows the suspension reason while SUSPENDED and clears it on activation', () => {
    const reason = { kind: 'RECEIVER_GONE', statusCode: 410 } as const;
    const [a, s, r] = stream(endpointAdded(), suspended(reason), activated());
    spec.given([a!]).when([s!]).then({ ...addedView, status: 'SUSPENDED', suspensionReason: reason, updatedAt: s!.occurredAt, streamVersion: 2 });
    spec.given([a!, s!]).when([r!]).then({ ...addedView, status: 'ACTIVE', updatedAt: r!.occurredAt, streamVersion: 3 });
  });

  it('keeps a DELETED document for auditors', () => {
    spec.given([added, configured]).when([gone]).then({ ...addedView, url: PARTNER_URL, status: 'DELETED', updatedAt: gone.occurredAt, streamVersion: 4 });
  });

  it('ignores events before EndpointAdded', () => {
    spec.given([]).when([configured]).then(null);
  });

  it('applying the same events twice changes nothing', () => {
    spec.given([]).when([added, configured, active, gone]).thenReapplyingChangesNothing();
    spec.given([added]).when([configured]).thenReapplyingChangesNothing();
  });

  it('a redelivered older event leaves the document as it is', () => {
    spec.given([added, configured, active]).when([configured]).then({ ...addedView, url: PARTNER_URL, status: 'ACTIVE', updatedAt: active.occurredAt, streamVersion: 3 });
  });

  it('rebuilding from the log gives the same bytes', () => {
    const log = [added, configured, active, gone];
    expect(JSON.stringify(projectEndpointView(log))).toBe(JSON.stringify(projectEndpointView(JSON.parse(JSON.stringify(log)) as StoredEndpointEvent[])));
  });
});
