import { status } from '@grpc/grpc-js';
import { endpointsV1 } from '@bakuun/contracts';
import { MAX_ENDPOINTS_PER_PARTNER_CATEGORY } from '@bakuun/endpoint-domain';
import { testNamespace } from '@bakuun/testing';
import { EndpointViewProjector } from '../read-model/endpoint-view.projector';
import { RegistryFixture, startRegistryFixture } from '../../testing/registry-fixture';

const { EndpointCategory: C, EndpointMethod: M } = endpointsV1;
const CONCURRENT_ADDS = 24;

describe('the cap on endpoints per partner and category under concurrent AddEndpoints (real FerretDB)', () => {
  const ns = testNamespace(__filename);
  let f: RegistryFixture;

  beforeAll(async () => {
    f = await startRegistryFixture(ns);
  });
  afterAll(async () => f?.close());

  const add = (requestId: string, partnerId: string) =>
    f.call(f.client.addEndpoints({ requestId, category: C.ENDPOINT_CATEGORY_ARI, methods: [M.ENDPOINT_METHOD_PUSH], url: '', apiVersion: '' }, f.as(partnerId)));

  it('lets exactly the cap through and refuses the rest with FAILED_PRECONDITION naming the limit', async () => {
    const results = await Promise.allSettled(Array.from({ length: CONCURRENT_ADDS }, (_, i) => add(`race-${i}`, 'partner-capped')));

    const added = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as { code: number; details: string });
    expect(added).toHaveLength(MAX_ENDPOINTS_PER_PARTNER_CATEGORY);
    expect(refused).toHaveLength(CONCURRENT_ADDS - MAX_ENDPOINTS_PER_PARTNER_CATEGORY);
    for (const refusal of refused) {
      expect(refusal).toMatchObject({ code: status.FAILED_PRECONDITION, details: expect.stringContaining(`exceed the limit of ${MAX_ENDPOINTS_PER_PARTNER_CATEGORY}`) });
    }
    await f.registry.app.get(EndpointViewProjector).catchUp();
    const listed = await f.call(f.client.listEndpoints({ category: C.ENDPOINT_CATEGORY_ARI, status: 0, method: 0, pageSize: 100, pageToken: '', includeDeleted: true }, f.as('partner-capped')));
    expect(listed.endpoints).toHaveLength(MAX_ENDPOINTS_PER_PARTNER_CATEGORY);
  });

  it('answers a retried request at the cap with its first result, and frees a slot on delete', async () => {
    const first = await add('race-retry', 'partner-full').catch(() => null);
    for (let i = 1; i < MAX_ENDPOINTS_PER_PARTNER_CATEGORY; i++) await add(`fill-${i}`, 'partner-full');
    await expect(add('one-too-many', 'partner-full')).rejects.toMatchObject({ code: status.FAILED_PRECONDITION });

    const again = await add('race-retry', 'partner-full');
    expect(again.endpoints[0]!.endpoint!.endpointId).toBe(first!.endpoints[0]!.endpoint!.endpointId);
    expect(again.endpoints[0]!.key).toBe('');

    await f.call(f.client.deleteEndpoint({ requestId: 'free-one', endpointId: first!.endpoints[0]!.endpoint!.endpointId, expectedVersion: 0 }, f.as('partner-full')));
    const results = await Promise.allSettled([add('after-delete-a', 'partner-full'), add('after-delete-b', 'partner-full')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r): r is PromiseRejectedResult => r.status === 'rejected')?.reason).toMatchObject({ code: status.FAILED_PRECONDITION });
  });
});
