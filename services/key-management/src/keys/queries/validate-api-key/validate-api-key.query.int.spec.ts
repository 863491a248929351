import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { endpointsV1 } from '@bakuun/contracts';
import { testNamespace } from '@bakuun/testing';
import { LastUseBatcher } from '../../application/last-use.batcher';
import { Category, KeysFixture, Method, startKeysFixture } from '../../../testing/keys-fixture';

const { EndpointDirection: D } = endpointsV1;

/** The hot path without a registry: keys issued directly over gRPC, as the registry would. */
describe('ValidateApiKey and last use', () => {
  const ns = testNamespace(__filename);
  let f: KeysFixture;

  beforeAll(async () => {
    // A flush interval far beyond the test, so only explicit flushes and shutdown write last use.
    f = await startKeysFixture(ns, { env: { LAST_USE_FLUSH_MS: '60000' } });
  });

  afterAll(async () => {
    await f?.close();
  });

  const issue = async (partnerId: string, direction: number) => {
    const endpointId = `ep_0${randomUUID().replace(/-/g, '').slice(0, 25).replace(/[ilou]/g, '0')}`;
    const inbound = direction === D.ENDPOINT_DIRECTION_INBOUND;
    const issued = await f.call(
      f.client.issueKey(
        { requestId: randomUUID(), endpointId, partnerId, category: Category.ENDPOINT_CATEGORY_BOOKING, method: inbound ? Method.ENDPOINT_METHOD_PUSH : Method.ENDPOINT_METHOD_READ, direction },
        f.as(partnerId, 'endpoint-registry'),
      ),
    );
    return { endpointId, ...issued };
  };
  const usageDoc = (keyId: string) => f.connection.db!.collection('key_usage').findOne({ _id: keyId as never });

  it('answers endpoint, partner, category and method for a valid key', async () => {
    const key = await issue('partner-v', D.ENDPOINT_DIRECTION_INBOUND);
    expect(await f.call(f.client.validateApiKey({ apiKey: key.plaintext }))).toEqual({
      endpointId: key.endpointId,
      partnerId: 'partner-v',
      category: Category.ENDPOINT_CATEGORY_BOOKING,
      method: Method.ENDPOINT_METHOD_PUSH,
      keyId: key.keyId,
    });
  });

  it('refuses unknown, malformed, other-environment and signing-secret keys with one and the same error', async () => {
    const secret = await issue('partner-v', D.ENDPOINT_DIRECTION_OUTBOUND);
    const presented = ['', 'nope', `bk_test_${'A'.repeat(43)}`, `bk_live_${'A'.repeat(43)}`, `bk_test_${'A'.repeat(42)}!`, secret.plaintext];
    const failures = await Promise.all(presented.map((apiKey) => f.failure(f.client.validateApiKey({ apiKey }))));
    for (const failure of failures) expect(failure).toEqual({ code: status.UNAUTHENTICATED, errorCode: 'KEY.API_KEY_REJECTED', details: 'The API key was rejected' });
  });

  it('records last use without a database write per validation, shows it at once, and writes it in one batch on flush and on shutdown', async () => {
    const key = await issue('partner-v', D.ENDPOINT_DIRECTION_INBOUND);
    for (let i = 0; i < 25; i++) await f.call(f.client.validateApiKey({ apiKey: key.plaintext }));
    expect(await usageDoc(key.keyId)).toBeNull();
    const info = await f.call(f.client.getKeyInfo({ endpointId: key.endpointId }, f.as('partner-v')));
    expect(info.current!.lastUsedAt).not.toBe('');

    expect(await f.keys.app.get(LastUseBatcher).flush()).toBeGreaterThanOrEqual(1);
    const flushed = (await usageDoc(key.keyId))!;
    expect(flushed.lastUsedAt.toISOString()).toBe(info.current!.lastUsedAt);

    const secret = await issue('partner-v', D.ENDPOINT_DIRECTION_OUTBOUND);
    await f.call(f.client.getSigningSecrets({ endpointId: secret.endpointId }, f.as('partner-v')));
    f.clock.advance(1000);
    await f.call(f.client.validateApiKey({ apiKey: key.plaintext }));
    await f.restartKeys();
    expect(await usageDoc(secret.keyId)).not.toBeNull();
    expect((await usageDoc(key.keyId))!.lastUsedAt.getTime()).toBeGreaterThan(flushed.lastUsedAt.getTime());
  });

  it('keeps a signing secret to its partner: another partner gets NOT_FOUND', async () => {
    const secret = await issue('partner-v', D.ENDPOINT_DIRECTION_OUTBOUND);
    expect(await f.failure(f.client.getSigningSecrets({ endpointId: secret.endpointId }, f.as('partner-w')))).toMatchObject({ code: status.NOT_FOUND, errorCode: 'KEY.ENDPOINT_NOT_FOUND' });
    expect(await f.failure(f.client.getKeyInfo({ endpointId: secret.endpointId }, f.as('partner-w')))).toMatchObject({ code: status.NOT_FOUND });
  });
});
