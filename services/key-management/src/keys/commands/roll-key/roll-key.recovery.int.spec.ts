import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { testNamespace } from '@bakuun/testing';
import { RollRecoveryLoop } from '../../application/roll-recovery.loop';
import { Category, KeysFixture, Method, startKeysFixture, waitFor } from '../../../testing/keys-fixture';

const PASSWORD = 'correct horse battery staple';

/**
 * RollKey is safe if either service dies half-way: the old key stays valid until the roll is
 * committed, a key minted by an unfinished roll is never valid, and every pending roll ends
 * committed (the registry recorded it) or abandoned (it refused), never in between for good.
 */
describe('RollKey crash safety and recovery', () => {
  const ns = testNamespace(__filename);
  let f: KeysFixture;
  const partner = 'partner-crash';

  beforeAll(async () => {
    f = await startKeysFixture(ns, { registry: true, env: { LOG_LEVEL: 'error' } });
    await f.createOperator(partner, 'alice', PASSWORD);
  });

  afterAll(async () => {
    await f?.close();
  });

  const inbound = async () => (await f.addEndpoints(partner, Category.ENDPOINT_CATEGORY_MAPPING, [Method.ENDPOINT_METHOD_READ]))[0]!;
  const rollKey = (endpointId: string, oldKeyExpiry: string, requestId = randomUUID()) =>
    f.client.rollKey({ requestId, endpointId, oldKeyExpiry, operatorId: 'alice', password: PASSWORD }, f.as(partner, 'alice'));
  const keyInfo = (endpointId: string) => f.call(f.client.getKeyInfo({ endpointId }, f.as(partner)));
  const isValid = async (apiKey: string) => {
    try {
      return (await f.call(f.client.validateApiKey({ apiKey }))).keyId;
    } catch {
      return null;
    }
  };
  const registryKeyId = async (endpointId: string) => (await f.call(f.registryClient.getEndpoint({ endpointId }, f.as(partner)))).endpoint!.keyId;

  it('registry down when RollKey runs: the roll fails cleanly, the old key stays valid, the minted key is not; once the registry is back the roll is completed', async () => {
    const added = await inbound();
    const endpointId = added.endpoint!.endpointId;
    const drawsBefore = f.random.drawCount;
    await f.stopRegistry();

    const failure = await f.failure(rollKey(endpointId, 'PT24H'));
    expect(failure).toMatchObject({ code: status.UNAVAILABLE, errorCode: 'KEY.ROLL_NOT_CONFIRMED' });
    expect(failure.details).not.toMatch(/bk_test_/);
    const minted = f.random.apiKeysSince(drawsBefore);
    expect(minted.length).toBeGreaterThan(0);
    expect(await isValid(added.key)).toBe(added.endpoint!.keyId);
    for (const key of minted) expect(await isValid(key)).toBeNull();
    expect(await keyInfo(endpointId)).toMatchObject({ current: { keyId: added.endpoint!.keyId }, rollPending: true });

    await f.startRegistry();
    const info = await waitFor(async () => {
      const i = await keyInfo(endpointId);
      return !i.rollPending && i;
    }, 30_000, 'roll recovery');
    expect(info.current!.keyId).not.toBe(added.endpoint!.keyId);
    expect(info.previous!.keyId).toBe(added.endpoint!.keyId);
    expect(await registryKeyId(endpointId)).toBe(info.current!.keyId);
    expect(await isValid(added.key)).toBe(added.endpoint!.keyId);
    const validNow = await Promise.all(minted.map(isValid));
    expect(validNow.filter(Boolean)).toEqual([info.current!.keyId]);
  });

  it('a NOW roll the registry never recorded in time is abandoned: the old key stays current, the minted key never works, a retry is told so', async () => {
    const added = await inbound();
    const endpointId = added.endpoint!.endpointId;
    const drawsBefore = f.random.drawCount;
    await f.stopRegistry();
    const requestId = randomUUID();
    expect(await f.failure(rollKey(endpointId, 'NOW', requestId))).toMatchObject({ code: status.UNAVAILABLE, errorCode: 'KEY.ROLL_NOT_CONFIRMED' });
    await new Promise((r) => setTimeout(r, f.config.REGISTRY_CALL_TIMEOUT_MS));
    await f.startRegistry();

    await waitFor(async () => !(await keyInfo(endpointId)).rollPending, 30_000, 'roll abandoned');
    expect((await keyInfo(endpointId)).current!.keyId).toBe(added.endpoint!.keyId);
    expect(await registryKeyId(endpointId)).toBe(added.endpoint!.keyId);
    expect(await isValid(added.key)).toBe(added.endpoint!.keyId);
    for (const key of f.random.apiKeysSince(drawsBefore)) expect(await isValid(key)).toBeNull();
    expect(await f.failure(rollKey(endpointId, 'NOW', requestId))).toMatchObject({ code: status.FAILED_PRECONDITION, errorCode: 'KEY.ROLL_ABANDONED' });
    const again = await f.call(rollKey(endpointId, 'NOW'));
    expect(await isValid(again.plaintext)).toBe(again.keyId);
  });

  it('a crash between storing the new key and recording the event: after a restart, recovery records and commits the roll', async () => {
    const added = await inbound();
    const endpointId = added.endpoint!.endpointId;
    f.recorder.behaviour = 'fail-before-call';
    try {
      expect(await f.failure(rollKey(endpointId, 'PT1H'))).toMatchObject({ code: status.UNAVAILABLE });
    } finally {
      f.recorder.behaviour = 'pass';
    }
    expect(await registryKeyId(endpointId)).toBe(added.endpoint!.keyId);
    expect(await isValid(added.key)).toBe(added.endpoint!.keyId);

    await f.restartKeys();
    const info = await waitFor(async () => {
      const i = await keyInfo(endpointId);
      return !i.rollPending && i;
    }, 30_000, 'roll recovery after restart');
    expect(info.previous!.keyId).toBe(added.endpoint!.keyId);
    expect(await registryKeyId(endpointId)).toBe(info.current!.keyId);
  });

  it('the registry recorded the roll but its answer was lost: the EndpointKeyRolled event commits the pending roll', async () => {
    await f.keys.app.get(RollRecoveryLoop).stop();
    await f.consumerReady();
    const added = await inbound();
    const endpointId = added.endpoint!.endpointId;
    f.recorder.behaviour = 'lose-answer';
    try {
      expect(await f.failure(rollKey(endpointId, 'PT1H'))).toMatchObject({ code: status.UNAVAILABLE, errorCode: 'KEY.ROLL_NOT_CONFIRMED' });
    } finally {
      f.recorder.behaviour = 'pass';
    }
    const recorded = await registryKeyId(endpointId);
    expect(recorded).not.toBe(added.endpoint!.keyId);
    const info = await waitFor(async () => {
      const i = await keyInfo(endpointId);
      return i.current!.keyId === recorded && i;
    }, 30_000, 'commit from EndpointKeyRolled');
    expect(info.rollPending).toBe(false);
    expect(info.previous!.keyId).toBe(added.endpoint!.keyId);
  });
});
