import { endpointEventsV1, endpointsV1, registryV1 } from '@bakuun/contracts';
import { summarizeEvent, toHistoryEntryDto, utcMinute } from './endpoint-history.rest-mapper';
import { duration, percent, toApiVersionDto, toEndpointDto, toSuspensionDto } from './endpoint.rest-mapper';

const { EndpointCategory, EndpointMethod, EndpointDirection, EndpointStatus, ActorKind } = endpointsV1;

function endpoint(overrides: Partial<registryV1.Endpoint> = {}): registryV1.Endpoint {
  return {
    endpointId: 'ep_6emb4snkk54az89xkfk7jrskg4',
    partnerId: 'p_alpha',
    category: EndpointCategory.ENDPOINT_CATEGORY_MAPPING,
    method: EndpointMethod.ENDPOINT_METHOD_PUSH,
    direction: EndpointDirection.ENDPOINT_DIRECTION_OUTBOUND,
    url: '',
    apiVersion: '2025-06-01',
    status: EndpointStatus.ENDPOINT_STATUS_TO_SET,
    keyId: 'key_1',
    maskedKey: 'whsec_test…NyU=',
    keyLastUsedAt: '',
    createdAt: '2026-12-03T10:00:00.000Z',
    updatedAt: '2026-12-03T10:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

describe('endpoints as the REST API shows them', () => {
  it('maps a new outbound endpoint: no URL yet, no error rate measured, no suspension', () => {
    expect(toEndpointDto(endpoint())).toEqual({
      id: 'ep_6emb4snkk54az89xkfk7jrskg4',
      category: 'MAPPING',
      method: 'PUSH',
      direction: 'OUTBOUND',
      url: null,
      urlSetBy: 'PARTNER',
      apiVersion: '2025-06-01',
      status: 'TO_SET',
      suspension: null,
      errorRate: null,
      maskedKey: 'whsec_test…NyU=',
      keyLastUsedAt: null,
      createdAt: '2026-12-03T10:00:00.000Z',
      updatedAt: '2026-12-03T10:00:00.000Z',
      version: 1,
    });
  });

  it('keeps a measured error rate of zero apart from an unmeasured one', () => {
    expect(toEndpointDto(endpoint({ errorRate: 0 })).errorRate).toBe(0);
    expect(toEndpointDto(endpoint({ errorRate: 0.125 })).errorRate).toBe(0.125);
  });

  it('says who set an inbound endpoint’s URL', () => {
    const inbound = toEndpointDto(endpoint({ method: EndpointMethod.ENDPOINT_METHOD_READ, direction: EndpointDirection.ENDPOINT_DIRECTION_INBOUND, url: 'https://in.bakuun.example/x' }));
    expect(inbound).toMatchObject({ method: 'READ', direction: 'INBOUND', urlSetBy: 'PLATFORM', url: 'https://in.bakuun.example/x' });
  });

  it('shows the figure behind an automatic suspension', () => {
    const suspended = toEndpointDto(
      endpoint({ status: EndpointStatus.ENDPOINT_STATUS_SUSPENDED, suspensionReason: { automatic: { metric: 'error_rate', value: 0.625, windowSeconds: 3600, attempts: 120 } } }),
    );
    expect(suspended.suspension).toEqual({
      kind: 'AUTOMATIC',
      metric: 'error_rate',
      value: 0.625,
      windowSeconds: 3600,
      attempts: 120,
      summary: 'Suspended automatically by the platform: 62.5% of 120 requests failed over 1 hour.',
    });
  });

  it('words every kind of suspension', () => {
    expect(toSuspensionDto({ automatic: { metric: 'p99_latency_ms', value: 4200, windowSeconds: 900, attempts: 50 } }).summary).toBe(
      'Suspended automatically by the platform: p99_latency_ms reached 4200 over 15 minutes (50 requests).',
    );
    expect(toSuspensionDto({ receiverGone: { statusCode: 410 } }).summary).toMatch(/answered 410 Gone/);
    expect(toSuspensionDto({ manual: { note: ' maintenance ' } })).toEqual({ kind: 'MANUAL', note: 'maintenance', summary: 'Disabled by an operator: “maintenance”.' });
    expect(toSuspensionDto(null)).toEqual({ kind: 'MANUAL', note: null, summary: 'Disabled by an operator.' });
  });

  it('formats figures for people', () => {
    expect([percent(0), percent(0.5), percent(0.625), percent(1 / 3)]).toEqual(['0%', '50%', '62.5%', '33.3%']);
    expect([duration(3600), duration(86_400 * 5), duration(90), duration(1)]).toEqual(['1 hour', '5 days', '90 seconds', '1 second']);
  });

  it('marks only current and supported versions as selectable', () => {
    const version = (status: registryV1.ApiVersionStatus) => toApiVersionDto({ version: 'v', releasedOn: '2025-01-15', status, changelog: [] }).selectable;
    expect(version(registryV1.ApiVersionStatus.API_VERSION_STATUS_CURRENT)).toBe(true);
    expect(version(registryV1.ApiVersionStatus.API_VERSION_STATUS_SUPPORTED)).toBe(true);
    expect(version(registryV1.ApiVersionStatus.API_VERSION_STATUS_DEPRECATED)).toBe(false);
    expect(version(registryV1.ApiVersionStatus.API_VERSION_STATUS_RETIRED)).toBe(false);
  });
});

describe('history entries', () => {
  const envelope = (payload: Partial<endpointEventsV1.EndpointEventEnvelope>, type: string): endpointEventsV1.EndpointEventEnvelope => ({
    eventId: '0193',
    streamId: 'ep_6emb4snkk54az89xkfk7jrskg4',
    streamVersion: 3,
    globalPosition: 10,
    type,
    schemaVersion: 1,
    occurredAt: '2026-12-03T10:05:07.000Z',
    actor: { kind: ActorKind.ACTOR_KIND_USER, id: 'ana@alpha' },
    correlationId: 'c',
    causationId: 'c',
    requestId: 'r',
    previousHash: 'aa',
    hash: 'bb',
    partnerId: 'p_alpha',
    ...payload,
  });

  it('say who did what and when', () => {
    const entry = toHistoryEntryDto(envelope({ endpointUrlConfigured: { endpointId: 'ep_x', url: 'https://b.example/h', previousUrl: 'https://a.example/h', configuredAt: '' } }, 'EndpointUrlConfigured'));
    expect(entry).toEqual({
      version: 3,
      type: 'EndpointUrlConfigured',
      occurredAt: '2026-12-03T10:05:07.000Z',
      actor: { kind: 'USER', id: 'ana@alpha' },
      summary: 'URL changed from https://a.example/h to https://b.example/h.',
      hash: 'bb',
      previousHash: 'aa',
    });
  });

  it('summarize every event type', () => {
    expect(
      summarizeEvent(
        envelope(
          {
            endpointAdded: {
              endpointId: 'ep_x',
              partnerId: 'p',
              category: EndpointCategory.ENDPOINT_CATEGORY_ARI,
              method: EndpointMethod.ENDPOINT_METHOD_PUSH,
              direction: EndpointDirection.ENDPOINT_DIRECTION_OUTBOUND,
              url: '',
              urlGenerated: false,
              apiVersion: '2025-09-01',
              keyId: 'k',
              maskedKey: 'whsec_test…abcd',
              addedAt: '',
            },
          },
          'EndpointAdded',
        ),
      ),
    ).toBe('Added Push endpoint (outbound), API version 2025-09-01, URL to be set, key whsec_test…abcd.');
    expect(summarizeEvent(envelope({ endpointApiVersionChanged: { endpointId: 'ep_x', from: 'a', to: 'b', changedAt: '' } }, 'EndpointApiVersionChanged'))).toBe('API version changed from a to b.');
    expect(summarizeEvent(envelope({ endpointActivated: { endpointId: 'ep_x', activatedAt: '' } }, 'EndpointActivated'))).toBe('Activated.');
    expect(summarizeEvent(envelope({ endpointSuspended: { endpointId: 'ep_x', reason: { manual: { note: '' } }, suspendedAt: '' } }, 'EndpointSuspended'))).toBe('Disabled by an operator.');
    expect(
      summarizeEvent(envelope({ endpointKeyRolled: { endpointId: 'ep_x', newKeyId: 'k2', maskedKey: 'bk_test_…wxyz', oldKeyId: 'k1', oldKeyExpiresAt: '2026-12-04T10:05:00.000Z' } }, 'EndpointKeyRolled')),
    ).toBe('Key rolled: the new key is bk_test_…wxyz; the previous key stops working at 2026-12-04 10:05 UTC.');
    expect(summarizeEvent(envelope({ endpointDeleted: { endpointId: 'ep_x', deletedAt: '' } }, 'EndpointDeleted'))).toBe('Deleted; its key material was destroyed.');
    expect(summarizeEvent(envelope({}, 'EndpointRenamed'))).toBe('EndpointRenamed.');
  });

  it('name a missing actor as the platform', () => {
    expect(toHistoryEntryDto({ ...envelope({}, 'EndpointActivated'), actor: undefined }).actor).toEqual({ kind: 'SYSTEM', id: '' });
    expect(utcMinute('not a date')).toBe('not a date');
  });
});
