import { lastValueFrom } from 'rxjs';
import { endpointsV1, keysV1, metricsV1 } from '@bakuun/contracts';
import { callMetadata, createGrpcClient, createKafka } from '@bakuun/platform';
import { testNamespace } from '@bakuun/testing';
import { RegistryFixture, startRegistryFixture } from '../../../testing/registry-fixture';

const { EndpointCategory: C, EndpointMethod: M } = endpointsV1;

describe('figures shown beside an endpoint: error rate from metrics, key last use from key management', () => {
  const ns = testNamespace(__filename);
  let f: RegistryFixture;

  beforeAll(async () => {
    f = await startRegistryFixture(ns);
  });
  afterAll(async () => f?.close());

  async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const value = await read();
      if (done(value) || Date.now() > deadline) return value;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('shows when the API key was last used, once key management has seen it', async () => {
    const md = f.as('partner-figures');
    const added = await f.call(f.client.addEndpoints({ requestId: 'inbound', category: C.ENDPOINT_CATEGORY_BOOKING, methods: [M.ENDPOINT_METHOD_PUSH], url: '', apiVersion: '' }, md));
    const { endpoint, key } = added.endpoints[0]!;
    expect((await f.call(f.client.getEndpoint({ endpointId: endpoint!.endpointId }, md))).endpoint!.keyLastUsedAt).toBe('');

    const keys = createGrpcClient<keysV1.KeyManagementServiceClient>(f.keyManagement.listening.grpc!, keysV1.BAKUUN_WEBHOOKS_KEYS_V1_PACKAGE_NAME, 'bakuun/webhooks/keys/v1/key_management_service.proto', keysV1.KEY_MANAGEMENT_SERVICE_NAME);
    try {
      const validated = await lastValueFrom(keys.service.validateApiKey({ apiKey: key }, callMetadata('partner-figures', { kind: 'SERVICE', id: 'delivery' })));
      expect(validated.endpointId).toBe(endpoint!.endpointId);
    } finally {
      keys.close();
    }
    const seen = await eventually(() => f.call(f.client.getEndpoint({ endpointId: endpoint!.endpointId }, md)), (r) => r.endpoint!.keyLastUsedAt !== '');
    expect(Date.parse(seen.endpoint!.keyLastUsedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('shows the newest error rate published on the health topic in ListEndpoints', async () => {
    const md = f.as('partner-figures');
    const added = await f.call(f.client.addEndpoints({ requestId: 'outbound', category: C.ENDPOINT_CATEGORY_ARI, methods: [M.ENDPOINT_METHOD_PUSH], url: '', apiVersion: '' }, md));
    const endpointId = added.endpoints[0]!.endpoint!.endpointId;
    const producer = createKafka({ clientId: 'figures-test', brokers: ns.kafkaBrokers }).producer();
    await producer.connect();
    const health = (errorRate1h: number, computedAt: string) => ({
      key: endpointId,
      value: Buffer.from(metricsV1.EndpointHealth.encode({
        endpointId, partnerId: 'partner-figures', computedAt, errorRate1h, attempts1h: 40, attempts24h: 40,
        state: metricsV1.HealthState.HEALTH_STATE_DEGRADED, summary: '', lastSuccessAt: '', lastFailureAt: '', lastFailureClass: 0,
        failuresByClass1h: [], failuresByClass24h: [],
      }).finish()),
    });
    await producer.send({ topic: f.config.ENDPOINT_HEALTH_TOPIC, messages: [health(0.25, '2026-12-03T10:00:00.000Z'), health(0.5, '2026-12-03T10:05:00.000Z'), health(0.1, '2026-12-03T09:00:00.000Z')] });
    await producer.disconnect();

    const listed = await eventually(
      () => f.call(f.client.listEndpoints({ category: C.ENDPOINT_CATEGORY_ARI, status: 0, method: 0, pageSize: 10, pageToken: '', includeDeleted: false }, md)),
      (r) => r.endpoints.find((e) => e.endpointId === endpointId)?.errorRate === 0.5,
    );
    expect(listed.endpoints.find((e) => e.endpointId === endpointId)?.errorRate).toBe(0.5);
    const other = await f.call(f.client.listEndpoints({ category: 0, status: 0, method: 0, pageSize: 10, pageToken: '', includeDeleted: false }, f.as('partner-elsewhere')));
    expect(other.endpoints).toEqual([]);
  });
});
