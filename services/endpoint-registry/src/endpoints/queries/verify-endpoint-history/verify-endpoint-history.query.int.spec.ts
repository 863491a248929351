import { Connection } from 'mongoose';
import { endpointsV1 } from '@bakuun/contracts';
import { testNamespace } from '@bakuun/testing';
import { RegistryFixture, startRegistryFixture } from '../../../testing/registry-fixture';
import { MONGO_CONNECTION } from '../../endpoints.di-tokens';

const { EndpointCategory: C, EndpointMethod: M } = endpointsV1;

describe('VerifyEndpointHistory detects an event edited directly in the database', () => {
  const ns = testNamespace(__filename);
  let f: RegistryFixture;

  beforeAll(async () => {
    f = await startRegistryFixture(ns);
  });
  afterAll(async () => f?.close());

  it('reports the edited stream only, at the edited version', async () => {
    const md = f.as('partner-audit');
    const ids: string[] = [];
    for (const requestId of ['one', 'two']) {
      const res = await f.call(f.client.addEndpoints({ requestId, category: C.ENDPOINT_CATEGORY_ARI, methods: [M.ENDPOINT_METHOD_PUSH], url: '', apiVersion: '' }, md));
      ids.push(res.endpoints[0]!.endpoint!.endpointId);
      await f.call(f.client.configureEndpointUrl({ requestId: `${requestId}-url`, endpointId: ids.at(-1)!, url: 'http://127.0.0.1:7000/ari', expectedVersion: 0 }, md));
    }
    const clean = await f.call(f.client.verifyEndpointHistory({ endpointId: '' }, md));
    expect(clean.valid).toBe(true);
    expect(clean.streams).toHaveLength(2);

    const connection = f.registry.app.get<Connection>(MONGO_CONNECTION);
    const edited = await connection.collection('event_commits').updateOne(
      { streamId: ids[1], fromVersion: 2 },
      { $set: { 'events.0.data.url': 'https://attacker.example.net/steal' } },
    );
    expect(edited.modifiedCount).toBe(1);

    const all = await f.call(f.client.verifyEndpointHistory({ endpointId: '' }, md));
    expect(all.valid).toBe(false);
    expect(all.streams.find((s) => s.streamId === ids[0])).toMatchObject({ valid: true });
    expect(all.streams.find((s) => s.streamId === ids[1])).toMatchObject({ valid: false, firstBrokenVersion: 2, problem: expect.stringContaining('changed') });
    const one = await f.call(f.client.verifyEndpointHistory({ endpointId: ids[0]! }, md));
    expect(one.valid).toBe(true);
  });
});
