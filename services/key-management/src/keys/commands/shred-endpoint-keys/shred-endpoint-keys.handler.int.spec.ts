import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { endpointEventsV1, keysV1 } from '@bakuun/contracts';
import { decryptSecret, digestApiKey, type EncryptedSecret } from '@bakuun/key-domain';
import { testNamespace } from '@bakuun/testing';
import { ValidationCache } from '../../application/validation-cache';
import { EndpointEventsConsumer } from '../../consumer/endpoint-events.consumer';
import { EndpointKeysRepository } from '../../persistence/endpoint-keys.repository';
import { Category, KeysFixture, Method, startKeysFixture, waitFor } from '../../../testing/keys-fixture';

const PASSWORD = 'correct horse battery staple';

/** EndpointDeleted from the registry's topic: keys refused at once, secrets unrecoverable (crypto-shredding), idempotent. */
describe('deleting an endpoint shreds its keys', () => {
  const ns = testNamespace(__filename);
  let f: KeysFixture;
  const partner = 'partner-del';

  beforeAll(async () => {
    f = await startKeysFixture(ns, { registry: true });
    await f.createOperator(partner, 'alice', PASSWORD);
    await f.consumerReady();
  });

  afterAll(async () => {
    await f?.close();
  });

  const deleteEndpoint = (endpointId: string) => f.call(f.registryClient.deleteEndpoint({ requestId: randomUUID(), endpointId, expectedVersion: 0 }, f.as(partner)));
  /** Every stored revision of the endpoint's keys, as a database dump would show them. */
  const rawRevisions = async (endpointId: string) => f.connection.db!.collection('endpoint_keys_revisions').find({ key: endpointId }).sort({ version: 1 }).toArray();

  it('refuses the API key of a deleted endpoint (cached or not) with the same error as an unknown key', async () => {
    const [read] = await f.addEndpoints(partner, Category.ENDPOINT_CATEGORY_MAPPING, [Method.ENDPOINT_METHOD_READ]);
    const endpointId = read!.endpoint!.endpointId;
    await f.call(f.client.validateApiKey({ apiKey: read!.key }));
    const cache = f.keys.app.get(ValidationCache);
    expect(cache.get(digestApiKey(read!.key), f.clock.now().getTime())).not.toBeNull();

    await deleteEndpoint(endpointId);
    const refusal = await waitFor(async () => {
      try {
        await f.call(f.client.validateApiKey({ apiKey: read!.key }));
        return null;
      } catch (error) {
        return error as { code: number; details: string };
      }
    }, 30_000, 'key refused after delete');
    const unknown = await f.failure(f.client.validateApiKey({ apiKey: `bk_test_${'A'.repeat(43)}` }));
    expect({ code: refusal.code, details: refusal.details }).toEqual({ code: unknown.code, details: unknown.details });
    expect(refusal.code).toBe(status.UNAUTHENTICATED);
    expect(cache.get(digestApiKey(read!.key), f.clock.now().getTime())).toBeNull();
    expect(await f.connection.db!.collection('api_key_lookups').countDocuments({ endpointId })).toBe(0);

    const info = await f.call(f.client.getKeyInfo({ endpointId }, f.as(partner)));
    expect(info.current).toMatchObject({ keyId: read!.endpoint!.keyId, maskedKey: read!.endpoint!.maskedKey, state: keysV1.KeyState.KEY_STATE_REVOKED });
    const roll = await f.failure(f.client.rollKey({ requestId: randomUUID(), endpointId, oldKeyExpiry: 'NOW', operatorId: 'alice', password: PASSWORD }, f.as(partner, 'alice')));
    expect(roll).toMatchObject({ code: status.FAILED_PRECONDITION, errorCode: 'KEY.ENDPOINT_DELETED' });
  });

  it('makes a signing secret unrecoverable even with the database and the master keys, and ignores the event when replayed', async () => {
    const [push] = await f.addEndpoints(partner, Category.ENDPOINT_CATEGORY_ARI, [Method.ENDPOINT_METHOD_PUSH], 'http://127.0.0.1:9/ari');
    const endpointId = push!.endpoint!.endpointId;
    const records = f.keys.app.get(EndpointKeysRepository);
    const before = (await records.getForProcessing(endpointId))!;
    // What someone with read access kept from before the deletion: the sealed secret (not the data key).
    const sealedCopy = before.material[before.keys.current.keyId]!.secret as EncryptedSecret;
    expect(decryptSecret(sealedCopy, before.dataKey, f.config.masterKeyring)).toBe(push!.key);

    await deleteEndpoint(endpointId);
    await waitFor(async () => (await records.getForProcessing(endpointId))?.keys.deleted, 30_000, 'shredded');

    const revisions = await rawRevisions(endpointId);
    expect(revisions.at(-1)!.doc).toMatchObject({ deleted: true, dataKey: null, current: { keyId: push!.endpoint!.keyId, maskedKey: push!.endpoint!.maskedKey, secret: null, digest: null } });
    expect(revisions.slice(0, -1).every((r) => r.doc === null)).toBe(true);
    const dump = JSON.stringify(revisions);
    expect(dump).not.toContain(sealedCopy.sealed.ciphertext);
    expect(dump).not.toContain(before.dataKey!.sealed.ciphertext);
    const after = (await records.getForProcessing(endpointId))!;
    expect(() => decryptSecret(sealedCopy, after.dataKey, f.config.masterKeyring)).toThrow(expect.objectContaining({ code: 'KEY.SECRET_SHREDDED' }));
    const otherEndpoint = (await f.addEndpoints(partner, Category.ENDPOINT_CATEGORY_ARI, [Method.ENDPOINT_METHOD_PUSH], 'http://127.0.0.1:9/ari2'))[0]!;
    const otherDataKey = (await records.getForProcessing(otherEndpoint.endpoint!.endpointId))!.dataKey!;
    expect(() => decryptSecret(sealedCopy, { ...otherDataKey, endpointId }, f.config.masterKeyring)).toThrow(expect.objectContaining({ code: 'KEY.MATERIAL_UNREADABLE' }));
    expect(await f.failure(f.client.getSigningSecrets({ endpointId }, f.as(partner)))).toMatchObject({ code: status.FAILED_PRECONDITION, errorCode: 'KEY.ENDPOINT_DELETED' });

    const version = after.version;
    const { EndpointEventEnvelope } = endpointEventsV1;
    const replay = EndpointEventEnvelope.decode(
      EndpointEventEnvelope.encode({
        ...EndpointEventEnvelope.decode(new Uint8Array()),
        eventId: randomUUID(),
        streamId: endpointId,
        type: 'EndpointDeleted',
        partnerId: partner,
        endpointDeleted: { endpointId, deletedAt: new Date().toISOString() },
      }).finish(),
    );
    await f.keys.app.get(EndpointEventsConsumer).handle(replay);
    await f.keys.app.get(EndpointEventsConsumer).handle(replay);
    expect((await records.getForProcessing(endpointId))!.version).toBe(version);
    expect(await f.connection.db!.collection('processed_endpoint_events').countDocuments({ _id: replay.eventId as never })).toBe(1);
  });

  it('passes over the event types it does not act on without a database write', async () => {
    const { EndpointEventEnvelope } = endpointEventsV1;
    const urlChanged = EndpointEventEnvelope.decode(
      EndpointEventEnvelope.encode({ ...EndpointEventEnvelope.decode(new Uint8Array()), eventId: randomUUID(), streamId: 'ep_unrelated', type: 'EndpointUrlConfigured', partnerId: partner }).finish(),
    );
    await f.keys.app.get(EndpointEventsConsumer).handle(urlChanged);
    expect(await f.connection.db!.collection('processed_endpoint_events').countDocuments({ _id: urlChanged.eventId as never })).toBe(0);
  });
});
