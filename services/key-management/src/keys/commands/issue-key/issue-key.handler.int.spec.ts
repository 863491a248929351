import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { endpointsV1 } from '@bakuun/contracts';
import { testNamespace } from '@bakuun/testing';
import { isWellFormedKey, maskKey, parseKeyPrefix } from '@bakuun/key-domain';
import { Category, KeysFixture, Method, startKeysFixture } from '../../../testing/keys-fixture';

const { EndpointDirection: D } = endpointsV1;

/** Every document of key management's database, as one string: what a database dump would reveal. */
async function dumpDatabase(f: KeysFixture): Promise<string> {
  const db = f.connection.db!;
  const parts: string[] = [];
  for (const { name } of await db.listCollections().toArray()) parts.push(JSON.stringify(await db.collection(name).find({}).toArray()));
  return parts.join('\n');
}

describe('IssueKey (through the registry AddEndpoints, real gRPC + FerretDB)', () => {
  const ns = testNamespace(__filename);
  let f: KeysFixture;

  beforeAll(async () => {
    f = await startKeysFixture(ns, { registry: true });
  });

  afterAll(async () => {
    await f?.close();
  });

  it('issues a signing secret for an outbound endpoint and an API key for an inbound one, shown once and stored only as digest / ciphertext', async () => {
    const added = await f.addEndpoints('partner-a', Category.ENDPOINT_CATEGORY_MAPPING, [Method.ENDPOINT_METHOD_PUSH, Method.ENDPOINT_METHOD_READ], 'http://127.0.0.1:9/hook');
    const push = added.find((a) => a.endpoint!.method === Method.ENDPOINT_METHOD_PUSH)!;
    const read = added.find((a) => a.endpoint!.method === Method.ENDPOINT_METHOD_READ)!;
    expect(parseKeyPrefix(push.key)).toMatchObject({ kind: 'SIGNING_SECRET', environment: 'test' });
    expect(parseKeyPrefix(read.key)).toMatchObject({ kind: 'API_KEY', environment: 'test' });
    expect(isWellFormedKey(push.key) && isWellFormedKey(read.key)).toBe(true);
    expect(push.endpoint!.maskedKey).toBe(maskKey(push.key));
    expect(read.endpoint!.maskedKey).toBe(maskKey(read.key));

    const validated = await f.call(f.client.validateApiKey({ apiKey: read.key }));
    expect(validated).toEqual({ endpointId: read.endpoint!.endpointId, partnerId: 'partner-a', category: Category.ENDPOINT_CATEGORY_MAPPING, method: Method.ENDPOINT_METHOD_READ, keyId: read.endpoint!.keyId });
    const secrets = await f.call(f.client.getSigningSecrets({ endpointId: push.endpoint!.endpointId }, f.as('partner-a')));
    expect(secrets.secrets).toEqual([{ keyId: push.endpoint!.keyId, secret: push.key, expiresAt: '' }]);

    const dump = await dumpDatabase(f);
    expect(dump).not.toContain(push.key);
    expect(dump).not.toContain(read.key);
    expect(dump).not.toContain(push.key.slice(10));
    expect(dump).toContain(push.endpoint!.keyId);
  });

  it('is idempotent by request id: a retry answers the same key id without the plaintext', async () => {
    const endpointId = 'ep_01jd8p0d3qfx6t7w5r9y2m4k8c';
    const request = { requestId: `r-${randomUUID()}:PUSH`, endpointId, partnerId: 'partner-b', category: Category.ENDPOINT_CATEGORY_ARI, method: Method.ENDPOINT_METHOD_PUSH, direction: D.ENDPOINT_DIRECTION_OUTBOUND };
    const md = () => f.as('partner-b', 'endpoint-registry');
    const [first, second] = await Promise.all([f.call(f.client.issueKey(request, md())), f.call(f.client.issueKey(request, md()))]);
    const third = await f.call(f.client.issueKey(request, md()));
    expect(new Set([first.keyId, second.keyId, third.keyId]).size).toBe(1);
    expect([first.plaintext, second.plaintext].filter(Boolean)).toHaveLength(1);
    expect(third).toEqual({ keyId: first.keyId, maskedKey: first.maskedKey, plaintext: '' });

    const clash = await f.failure(f.client.issueKey({ ...request, requestId: `other-${randomUUID()}` }, md()));
    expect(clash).toMatchObject({ code: status.ALREADY_EXISTS, errorCode: 'KEY.ALREADY_ISSUED' });
  });

  it('refuses a direction that contradicts the category and method, and a partner other than the caller', async () => {
    const base = { requestId: randomUUID(), endpointId: 'ep_01jd8p0d3qfx6t7w5r9y2m4k8d', partnerId: 'partner-c', category: Category.ENDPOINT_CATEGORY_BOOKING, method: Method.ENDPOINT_METHOD_PUSH };
    expect(await f.failure(f.client.issueKey({ ...base, direction: D.ENDPOINT_DIRECTION_OUTBOUND }, f.as('partner-c')))).toMatchObject({ code: status.INVALID_ARGUMENT, errorCode: 'KEY.DIRECTION_MISMATCH' });
    expect(await f.failure(f.client.issueKey({ ...base, direction: D.ENDPOINT_DIRECTION_INBOUND }, f.as('partner-x')))).toMatchObject({ code: status.INVALID_ARGUMENT, errorCode: 'KEY.PARTNER_MISMATCH' });
  });

  it('lists the expiry choices for rolls', async () => {
    const { choices } = await f.call(f.client.listKeyExpiryChoices({}));
    expect(choices.map((c) => [c.code, c.seconds])).toEqual([['NOW', 0], ['PT1H', 3600], ['PT24H', 86400], ['P3D', 259200], ['P7D', 604800]]);
  });
});
