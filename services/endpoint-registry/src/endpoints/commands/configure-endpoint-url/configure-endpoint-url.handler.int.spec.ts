import { status } from '@grpc/grpc-js';
import { endpointsV1 } from '@bakuun/contracts';
import { testNamespace } from '@bakuun/testing';
import { RegistryFixture, startRegistryFixture } from '../../../testing/registry-fixture';

const { EndpointCategory: C, EndpointMethod: M, EndpointStatus: S } = endpointsV1;

describe('endpoint lifecycle commands over gRPC', () => {
  const ns = testNamespace(__filename);
  let f: RegistryFixture;

  beforeAll(async () => {
    f = await startRegistryFixture(ns);
  });
  afterAll(async () => f?.close());

  async function addAri(requestId: string): Promise<string> {
    const res = await f.call(f.client.addEndpoints({ requestId, category: C.ENDPOINT_CATEGORY_ARI, methods: [M.ENDPOINT_METHOD_PUSH], url: '', apiVersion: '' }, f.as('partner-a')));
    return res.endpoints[0]!.endpoint!.endpointId;
  }

  it('refuses activation without a URL, then activates once the URL is set, with the actor of each event recorded', async () => {
    const endpointId = await addAri('life-1');
    await expect(f.call(f.client.activateEndpoint({ requestId: 'act-0', endpointId, expectedVersion: 0 }, f.as('partner-a'))))
      .rejects.toMatchObject({ code: status.FAILED_PRECONDITION, details: expect.stringMatching(/URL/i) });
    await f.call(f.client.configureEndpointUrl({ requestId: 'url-1', endpointId, url: 'http://127.0.0.1:8443/ari', expectedVersion: 0 }, f.as('partner-a', 'alice')));
    const active = await f.call(f.client.activateEndpoint({ requestId: 'act-1', endpointId, expectedVersion: 0 }, f.as('partner-a', 'bob')));
    expect(active.endpoint).toMatchObject({ status: S.ENDPOINT_STATUS_ACTIVE, version: 3 });
    const history = await f.all(f.client.getEndpointHistory({ endpointId }, f.as('partner-a')));
    expect(history.map((h) => [h.event!.type, h.event!.actor!.id])).toEqual([
      ['EndpointAdded', 'operator-1'],
      ['EndpointUrlConfigured', 'alice'],
      ['EndpointActivated', 'bob'],
    ]);
  });

  it('suspending a suspended endpoint changes nothing; a deleted endpoint refuses every command', async () => {
    const endpointId = await addAri('life-2');
    await f.call(f.client.suspendEndpoint({ requestId: 's-1', endpointId, reason: { manual: { note: 'maintenance' } }, expectedVersion: 0 }, f.as('partner-a')));
    const again = await f.call(f.client.suspendEndpoint({ requestId: 's-2', endpointId, reason: { manual: { note: 'again' } }, expectedVersion: 0 }, f.as('partner-a')));
    expect(again.endpoint).toMatchObject({ status: S.ENDPOINT_STATUS_SUSPENDED, version: 2, suspensionReason: { manual: { note: 'maintenance' } } });
    await f.call(f.client.deleteEndpoint({ requestId: 'd-1', endpointId, expectedVersion: 0 }, f.as('partner-a')));
    await expect(f.call(f.client.activateEndpoint({ requestId: 'a-9', endpointId, expectedVersion: 0 }, f.as('partner-a')))).rejects.toMatchObject({ code: status.NOT_FOUND });
    await expect(f.call(f.client.getEndpoint({ endpointId }, f.as('partner-a')))).rejects.toMatchObject({ code: status.NOT_FOUND });
    expect(await f.all(f.client.getEndpointHistory({ endpointId }, f.as('partner-a')))).toHaveLength(3);
  });

  it('lets one of two concurrent conflicting commands win; the other gets ABORTED and nothing is lost', async () => {
    const endpointId = await addAri('race');
    const results = await Promise.allSettled([
      f.call(f.client.configureEndpointUrl({ requestId: 'race-a', endpointId, url: 'http://127.0.0.1:1111/a', expectedVersion: 1 }, f.as('partner-a', 'alice'))),
      f.call(f.client.configureEndpointUrl({ requestId: 'race-b', endpointId, url: 'http://127.0.0.1:2222/b', expectedVersion: 1 }, f.as('partner-a', 'bob'))),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toMatchObject({ code: status.ABORTED });
    const history = await f.all(f.client.getEndpointHistory({ endpointId }, f.as('partner-a')));
    expect(history.map((h) => h.event!.type)).toEqual(['EndpointAdded', 'EndpointUrlConfigured']);
    const winnerUrl = (won[0] as PromiseFulfilledResult<{ endpoint?: { url: string } }>).value.endpoint!.url;
    expect(history[1]!.event!.endpointUrlConfigured!.url).toBe(winnerUrl);
  });

  it('returns the first result for a retried command instead of applying it twice', async () => {
    const endpointId = await addAri('retry');
    const first = await f.call(f.client.configureEndpointUrl({ requestId: 'same', endpointId, url: 'http://127.0.0.1:3333/x', expectedVersion: 0 }, f.as('partner-a')));
    const retry = await f.call(f.client.configureEndpointUrl({ requestId: 'same', endpointId, url: 'http://127.0.0.1:3333/x', expectedVersion: 0 }, f.as('partner-a')));
    expect(retry.endpoint).toEqual(first.endpoint);
    expect(await f.all(f.client.getEndpointHistory({ endpointId }, f.as('partner-a')))).toHaveLength(2);
  });

  it('updates the API version and refuses a deprecated one', async () => {
    const endpointId = await addAri('versions');
    await expect(f.call(f.client.updateApiVersion({ requestId: 'v-old', endpointId, apiVersion: '2024-04-01', expectedVersion: 0 }, f.as('partner-a'))))
      .rejects.toMatchObject({ code: status.INVALID_ARGUMENT, details: expect.stringContaining('2024-04-01') });
    const res = await f.call(f.client.updateApiVersion({ requestId: 'v-new', endpointId, apiVersion: '2025-01-15', expectedVersion: 0 }, f.as('partner-a')));
    expect(res.endpoint!.apiVersion).toBe('2025-01-15');
    const versions = await f.call(f.client.listApiVersions({ category: C.ENDPOINT_CATEGORY_ARI }, f.as('partner-a')));
    expect(versions.versions.map((v) => v.version)).toContain('2025-01-15');
    expect(versions.versions.every((v) => v.changelog.length > 0)).toBe(true);
  });

  it('answers the state as of an earlier instant', async () => {
    const endpointId = await addAri('as-of');
    const afterAdd = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    await f.call(f.client.suspendEndpoint({ requestId: 'asof-s', endpointId, expectedVersion: 0 }, f.as('partner-a')));
    const then = await f.call(f.client.getEndpointAsOf({ endpointId, asOf: afterAdd }, f.as('partner-a')));
    expect(then).toMatchObject({ eventsApplied: 1, endpoint: { status: S.ENDPOINT_STATUS_TO_SET } });
    const before = await f.call(f.client.getEndpointAsOf({ endpointId, asOf: '2000-01-01T00:00:00Z' }, f.as('partner-a')));
    expect(before).toMatchObject({ eventsApplied: 0 });
    expect(before.endpoint ?? undefined).toBeUndefined();
    await expect(f.call(f.client.getEndpointAsOf({ endpointId, asOf: 'yesterday' }, f.as('partner-a')))).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
  });
});
