import { status } from '@grpc/grpc-js';
import { endpointsV1 } from '@bakuun/contracts';
import { testNamespace } from '@bakuun/testing';
import { RegistryFixture, startRegistryFixture } from '../../../testing/registry-fixture';
import { EndpointViewProjector } from '../../read-model/endpoint-view.projector';

const { EndpointCategory: C, EndpointMethod: M, EndpointStatus: S, EndpointDirection: D } = endpointsV1;

describe('AddEndpoints over gRPC (real key management, FerretDB, Kafka)', () => {
  const ns = testNamespace(__filename);
  let f: RegistryFixture;

  beforeAll(async () => {
    f = await startRegistryFixture(ns);
  });
  afterAll(async () => f?.close());

  it('creates one endpoint per method, outbound with the partner URL, inbound with a generated one, each key shown once', async () => {
    const res = await f.call(f.client.addEndpoints({ requestId: 'add-1', category: C.ENDPOINT_CATEGORY_MAPPING, methods: [M.ENDPOINT_METHOD_PUSH, M.ENDPOINT_METHOD_READ], url: 'http://127.0.0.1:9999/hooks', apiVersion: '' }, f.as('partner-a')));

    expect(res.endpoints).toHaveLength(2);
    const [push, read] = res.endpoints;
    expect(push!.endpoint).toMatchObject({ direction: D.ENDPOINT_DIRECTION_OUTBOUND, url: 'http://127.0.0.1:9999/hooks', status: S.ENDPOINT_STATUS_TO_SET, apiVersion: '2025-06-01', version: 1 });
    expect(read!.endpoint).toMatchObject({ direction: D.ENDPOINT_DIRECTION_INBOUND, status: S.ENDPOINT_STATUS_TO_SET });
    expect(read!.endpoint!.url).toMatch(/\/v1\/inbound\/mapping\/ep_[0-9a-z]{26}$/);
    for (const added of res.endpoints) {
      expect(added.key.length).toBeGreaterThan(20);
      expect(added.endpoint!.maskedKey).not.toContain(added.key);
      expect(added.endpoint!.maskedKey.endsWith(added.key.slice(-4))).toBe(true);
    }
  });

  it('answers a retried request with the same endpoints and does not show the keys again', async () => {
    const request = { requestId: 'add-retry', category: C.ENDPOINT_CATEGORY_ARI, methods: [M.ENDPOINT_METHOD_PUSH], url: '', apiVersion: '' };
    const first = await f.call(f.client.addEndpoints(request, f.as('partner-a')));
    const again = await f.call(f.client.addEndpoints(request, f.as('partner-a')));
    expect(again.endpoints.map((e) => e.endpoint!.endpointId)).toEqual(first.endpoints.map((e) => e.endpoint!.endpointId));
    expect(first.endpoints[0]!.key).not.toBe('');
    expect(again.endpoints[0]!.key).toBe('');
    const history = await f.all(f.client.getEndpointHistory({ endpointId: first.endpoints[0]!.endpoint!.endpointId }, f.as('partner-a')));
    expect(history).toHaveLength(1);
  });

  it('refuses READ for ARI with INVALID_ARGUMENT and creates nothing', async () => {
    const before = await f.call(f.client.listEndpoints({ category: C.ENDPOINT_CATEGORY_ARI, status: 0, method: 0, pageSize: 0, pageToken: '', includeDeleted: true }, f.as('partner-b')));
    await expect(f.call(f.client.addEndpoints({ requestId: 'ari-read', category: C.ENDPOINT_CATEGORY_ARI, methods: [M.ENDPOINT_METHOD_PUSH, M.ENDPOINT_METHOD_READ], url: '', apiVersion: '' }, f.as('partner-b'))))
      .rejects.toMatchObject({ code: status.INVALID_ARGUMENT, details: expect.stringMatching(/ARI/) });
    await f.registry.app.get(EndpointViewProjector).catchUp();
    const after = await f.call(f.client.listEndpoints({ category: C.ENDPOINT_CATEGORY_ARI, status: 0, method: 0, pageSize: 0, pageToken: '', includeDeleted: true }, f.as('partner-b')));
    expect(after.endpoints).toHaveLength(before.endpoints.length);
  });

  it('refuses a private or non-https URL before any key is issued', async () => {
    await expect(f.call(f.client.addEndpoints({ requestId: 'bad-url', category: C.ENDPOINT_CATEGORY_ARI, methods: [M.ENDPOINT_METHOD_PUSH], url: 'https://10.0.0.8/hooks', apiVersion: '' }, f.as('partner-b'))))
      .rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
  });

  it('refuses a retired API version with INVALID_ARGUMENT naming the version', async () => {
    await expect(f.call(f.client.addEndpoints({ requestId: 'old-version', category: C.ENDPOINT_CATEGORY_ARI, methods: [M.ENDPOINT_METHOD_PUSH], url: '', apiVersion: '2023-10-01' }, f.as('partner-b'))))
      .rejects.toMatchObject({ code: status.INVALID_ARGUMENT, details: expect.stringContaining('2023-10-01') });
  });

  it('hides one partner\'s endpoint from another: NOT_FOUND, for reads and commands alike', async () => {
    const res = await f.call(f.client.addEndpoints({ requestId: 'scoped', category: C.ENDPOINT_CATEGORY_BOOKING, methods: [M.ENDPOINT_METHOD_PUSH], url: '', apiVersion: '' }, f.as('partner-a')));
    const endpointId = res.endpoints[0]!.endpoint!.endpointId;
    await expect(f.call(f.client.getEndpoint({ endpointId }, f.as('partner-c')))).rejects.toMatchObject({ code: status.NOT_FOUND });
    await expect(f.call(f.client.suspendEndpoint({ requestId: 'steal', endpointId, expectedVersion: 0 }, f.as('partner-c')))).rejects.toMatchObject({ code: status.NOT_FOUND });
    await expect(f.call(f.client.getEndpointAsOf({ endpointId, asOf: new Date().toISOString() }, f.as('partner-c')))).rejects.toMatchObject({ code: status.NOT_FOUND });
    expect((await f.call(f.client.getEndpoint({ endpointId }, f.as('partner-a')))).endpoint!.version).toBe(1);
  });

  it('requires the partner in call metadata', async () => {
    const { Metadata } = await import('@grpc/grpc-js');
    await expect(f.call(f.client.getEndpoint({ endpointId: 'ep_00000000000000000000000000' }, new Metadata()))).rejects.toMatchObject({ code: status.UNAUTHENTICATED });
  });
});
