import { endpointsV1 } from '@bakuun/contracts';
import { testNamespace } from '@bakuun/testing';
import { RegistryFixture, startRegistryFixture } from '../../testing/registry-fixture';
import { EndpointViewProjector } from './endpoint-view.projector';
import { EndpointViewRepository } from './endpoint-view.repository';

const { EndpointCategory: C, EndpointMethod: M, EndpointStatus: S } = endpointsV1;

describe('the endpoints read model', () => {
  const ns = testNamespace(__filename);
  let f: RegistryFixture;

  beforeAll(async () => {
    f = await startRegistryFixture(ns);
    const md = f.as('partner-rm');
    for (let i = 0; i < 7; i++) {
      const category = [C.ENDPOINT_CATEGORY_MAPPING, C.ENDPOINT_CATEGORY_ARI, C.ENDPOINT_CATEGORY_BOOKING][i % 3]!;
      const res = await f.call(f.client.addEndpoints({ requestId: `rm-${i}`, category, methods: [M.ENDPOINT_METHOD_PUSH], url: '', apiVersion: '' }, md));
      const endpointId = res.endpoints[0]!.endpoint!.endpointId;
      if (i % 2 === 0) await f.call(f.client.suspendEndpoint({ requestId: `rm-s-${i}`, endpointId, expectedVersion: 0 }, md));
      if (i === 6) await f.call(f.client.deleteEndpoint({ requestId: `rm-d-${i}`, endpointId, expectedVersion: 0 }, md));
    }
    await f.registry.app.get(EndpointViewProjector).catchUp();
  });
  afterAll(async () => f?.close());

  it('lists a partner\'s endpoints with filters and cursor pagination, without deleted ones by default', async () => {
    const md = f.as('partner-rm');
    const seen: string[] = [];
    let pageToken = '';
    do {
      const page = await f.call(f.client.listEndpoints({ category: 0, status: 0, method: 0, pageSize: 2, pageToken, includeDeleted: false }, md));
      expect(page.endpoints.length).toBeLessThanOrEqual(2);
      seen.push(...page.endpoints.map((e) => e.endpointId));
      pageToken = page.nextPageToken;
    } while (pageToken);
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
    const suspended = await f.call(f.client.listEndpoints({ category: 0, status: S.ENDPOINT_STATUS_SUSPENDED, method: 0, pageSize: 50, pageToken: '', includeDeleted: false }, md));
    expect(suspended.endpoints).toHaveLength(3);
    const ari = await f.call(f.client.listEndpoints({ category: C.ENDPOINT_CATEGORY_ARI, status: 0, method: 0, pageSize: 50, pageToken: '', includeDeleted: true }, md));
    expect(ari.endpoints.every((e) => e.category === C.ENDPOINT_CATEGORY_ARI)).toBe(true);
    const other = await f.call(f.client.listEndpoints({ category: 0, status: 0, method: 0, pageSize: 50, pageToken: '', includeDeleted: true }, f.as('someone-else')));
    expect(other.endpoints).toEqual([]);
  });

  it('refuses a forged page token with INVALID_ARGUMENT', async () => {
    await expect(f.call(f.client.listEndpoints({ category: 0, status: 0, method: 0, pageSize: 2, pageToken: 'not-a-token', includeDeleted: false }, f.as('partner-rm'))))
      .rejects.toMatchObject({ code: 3 });
  });

  it('rebuilds from the log alone into identical documents, and re-running changes nothing', async () => {
    const repository = f.registry.app.get(EndpointViewRepository);
    const projector = f.registry.app.get(EndpointViewProjector);
    const before = JSON.stringify(await repository.all());
    const applied = await projector.rebuild();
    expect(applied).toBeGreaterThanOrEqual(7 + 4 + 1);
    expect(JSON.stringify(await repository.all())).toBe(before);
    await projector.catchUp();
    expect(JSON.stringify(await repository.all())).toBe(before);
  });

  it('writes views in bulk, never replacing a view with an older one', async () => {
    const repository = f.registry.app.get(EndpointViewRepository);
    const stored = (await repository.all())[0]!;
    const older = { ...stored, streamVersion: stored.streamVersion - 1, url: 'https://older.example.com/hook' };
    const other = { ...stored, endpointId: `${stored.endpointId}-copy` as typeof stored.endpointId, streamVersion: 1 };
    await repository.saveAll([older, other]);
    const after = await repository.all();
    expect(after.find((v) => v.endpointId === stored.endpointId)).toEqual(stored);
    expect(after.find((v) => v.endpointId === other.endpointId)).toEqual(other);
    await repository.saveAll([{ ...other, streamVersion: 2, url: 'https://newer.example.com/hook' }]);
    expect((await repository.all()).find((v) => v.endpointId === other.endpointId)?.url).toBe('https://newer.example.com/hook');
  });
});
