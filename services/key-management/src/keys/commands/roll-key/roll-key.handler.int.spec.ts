import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { Webhook } from 'standardwebhooks';
import { keysV1, registryV1 } from '@bakuun/contracts';
import { digestApiKey, LOCKOUT_DURATION_MS, MAX_FAILED_ATTEMPTS } from '@bakuun/key-domain';
import { testNamespace } from '@bakuun/testing';
import { ValidationCache } from '../../application/validation-cache';
import { OperatorAccountRepository } from '../../persistence/operator-account.repository';
import { Category, KeysFixture, Method, startKeysFixture } from '../../../testing/keys-fixture';

const PASSWORD = 'correct horse battery staple';
const HOUR = 3_600_000;

/**
 * RollKey against a real registry process: password confirmation with lockout, rotation overlap,
 * expiry NOW, concurrent rolls, idempotent retries and cache invalidation.
 */
describe('RollKey', () => {
  const ns = testNamespace(__filename);
  let f: KeysFixture;
  let partner: string;

  beforeAll(async () => {
    f = await startKeysFixture(ns, { registry: true });
  });

  afterAll(async () => {
    await f?.close();
  });

  beforeEach(async () => {
    partner = `p-${randomUUID().slice(0, 8)}`;
    await f.createOperator(partner, 'alice', PASSWORD);
  });

  const inbound = async () => (await f.addEndpoints(partner, Category.ENDPOINT_CATEGORY_BOOKING, [Method.ENDPOINT_METHOD_PUSH]))[0]!;
  const outbound = async () => (await f.addEndpoints(partner, Category.ENDPOINT_CATEGORY_ARI, [Method.ENDPOINT_METHOD_PUSH], 'http://127.0.0.1:9/ari'))[0]!;
  const rollKey = (endpointId: string, oldKeyExpiry: string, password = PASSWORD, requestId = randomUUID(), operatorId = 'alice') =>
    f.client.rollKey({ requestId, endpointId, oldKeyExpiry, operatorId, password }, f.as(partner, operatorId));
  const validate = (apiKey: string) => f.call(f.client.validateApiKey({ apiKey }));
  const refused = async (apiKey: string) => f.failure(f.client.validateApiKey({ apiKey }));
  const keyInfo = (endpointId: string) => f.call(f.client.getKeyInfo({ endpointId }, f.as(partner)));
  const registryView = async (endpointId: string): Promise<registryV1.Endpoint> => (await f.call(f.registryClient.getEndpoint({ endpointId }, f.as(partner)))).endpoint!;
  /** Key info without last use, which validations in the test itself move. */
  const keyState = async (endpointId: string) => {
    const info = await keyInfo(endpointId);
    return { current: { ...info.current, lastUsedAt: undefined }, previous: info.previous ?? null, rollPending: info.rollPending };
  };
  const cached = (apiKey: string) => f.keys.app.get(ValidationCache).get(digestApiKey(apiKey), f.clock.now().getTime());

  it('keeps both keys valid during the overlap, then refuses the old one from its expiry instant, even from the cache', async () => {
    const added = await inbound();
    const endpointId = added.endpoint!.endpointId;
    await validate(added.key);
    expect(cached(added.key)).not.toBeNull();

    const rolled = await f.call(rollKey(endpointId, 'PT1H'));
    expect(rolled.plaintext).toMatch(/^bk_test_/);
    expect(rolled.oldKeyId).toBe(added.endpoint!.keyId);
    expect(cached(added.key)).toBeNull();
    const expiresAt = new Date(rolled.oldKeyExpiresAt).getTime();
    expect(expiresAt - Date.now()).toBeGreaterThan(HOUR - 60_000);

    expect((await validate(added.key)).keyId).toBe(added.endpoint!.keyId);
    expect((await validate(rolled.plaintext)).keyId).toBe(rolled.keyId);
    const info = await keyInfo(endpointId);
    expect(info.current).toMatchObject({ keyId: rolled.keyId, maskedKey: rolled.maskedKey, expiresAt: '', state: keysV1.KeyState.KEY_STATE_ACTIVE });
    expect(info.previous).toMatchObject({ keyId: added.endpoint!.keyId, expiresAt: rolled.oldKeyExpiresAt, state: keysV1.KeyState.KEY_STATE_EXPIRING });
    expect(info.previous!.lastUsedAt).not.toBe('');
    expect(info.rollPending).toBe(false);
    expect(await registryView(endpointId)).toMatchObject({ keyId: rolled.keyId, maskedKey: rolled.maskedKey });

    f.clock.advance(expiresAt - f.clock.now().getTime() - 1000);
    await validate(added.key);
    expect(cached(added.key)?.validUntilMs).toBe(expiresAt);
    f.clock.advance(1000);
    expect(cached(added.key)).not.toBeNull();
    expect(await refused(added.key)).toMatchObject({ code: status.UNAUTHENTICATED, errorCode: 'KEY.API_KEY_REJECTED' });
    expect((await validate(rolled.plaintext)).keyId).toBe(rolled.keyId);
    expect((await keyInfo(endpointId)).previous ?? null).toBeNull();
  });

  it('signs with both secrets during the overlap, newest first, and with the new one only after expiry', async () => {
    const added = await outbound();
    const endpointId = added.endpoint!.endpointId;
    const rolled = await f.call(rollKey(endpointId, 'PT24H'));
    const { secrets } = await f.call(f.client.getSigningSecrets({ endpointId }, f.as(partner)));
    expect(secrets).toEqual([
      { keyId: rolled.keyId, secret: rolled.plaintext, expiresAt: '' },
      { keyId: added.endpoint!.keyId, secret: added.key, expiresAt: rolled.oldKeyExpiresAt },
    ]);
    const payload = '{"ok":true}';
    const at = new Date();
    for (const s of secrets) {
      const signature = new Webhook(s.secret).sign('msg_1', at, payload);
      expect(() => new Webhook(s.secret).verify(payload, { 'webhook-id': 'msg_1', 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signature })).not.toThrow();
    }
    f.clock.advance(24 * HOUR);
    expect((await f.call(f.client.getSigningSecrets({ endpointId }, f.as(partner)))).secrets.map((s) => s.keyId)).toEqual([rolled.keyId]);
  });

  it('expiry NOW: the old key is refused as soon as RollKey answers, and the cache does not keep it', async () => {
    const added = await inbound();
    await validate(added.key);
    expect(cached(added.key)).not.toBeNull();
    const rolled = await f.call(rollKey(added.endpoint!.endpointId, 'NOW'));
    expect(cached(added.key)).toBeNull();
    expect(await refused(added.key)).toMatchObject({ code: status.UNAUTHENTICATED, errorCode: 'KEY.API_KEY_REJECTED' });
    expect((await validate(rolled.plaintext)).keyId).toBe(rolled.keyId);
    expect((await keyInfo(added.endpoint!.endpointId)).previous ?? null).toBeNull();
    expect((await registryView(added.endpoint!.endpointId)).keyId).toBe(rolled.keyId);
  });

  it('a wrong password changes nothing and counts toward lockout; locked, even the right password fails the same way', async () => {
    const added = await inbound();
    const endpointId = added.endpoint!.endpointId;
    const before = await keyState(endpointId);
    const accounts = f.keys.app.get(OperatorAccountRepository);

    const wrong = await f.failure(rollKey(endpointId, 'NOW', 'not the password at all'));
    expect(wrong).toMatchObject({ code: status.UNAUTHENTICATED, errorCode: 'OPERATOR.CREDENTIALS_REJECTED' });
    expect(await keyState(endpointId)).toEqual(before);
    expect((await validate(added.key)).keyId).toBe(added.endpoint!.keyId);
    expect((await registryView(endpointId)).keyId).toBe(added.endpoint!.keyId);
    expect((await accounts.get(partner, 'alice'))!.lockout.failedAttempts).toBe(1);

    const unknown = await f.failure(rollKey(endpointId, 'NOW', PASSWORD, randomUUID(), 'mallory'));
    expect(unknown).toEqual(wrong);

    for (let i = 1; i < MAX_FAILED_ATTEMPTS; i++) await f.failure(rollKey(endpointId, 'NOW', `wrong password ${i}`));
    const account = (await accounts.get(partner, 'alice'))!;
    expect(account.lockout.lockedUntil!.getTime()).toBeGreaterThan(f.clock.now().getTime());
    expect(await f.failure(rollKey(endpointId, 'NOW'))).toEqual(wrong);
    expect(await keyState(endpointId)).toEqual(before);

    f.clock.advance(LOCKOUT_DURATION_MS);
    const rolled = await f.call(rollKey(endpointId, 'NOW'));
    expect((await validate(rolled.plaintext)).keyId).toBe(rolled.keyId);
    expect((await accounts.get(partner, 'alice'))!.lockout).toEqual({ failedAttempts: 0, lockedUntil: null });
  });

  it('two concurrent rolls: one wins, the other is ABORTED and its key never exists', async () => {
    const added = await inbound();
    const endpointId = added.endpoint!.endpointId;
    f.recorder.delayMs = 300;
    try {
      const results = await Promise.allSettled([f.call(rollKey(endpointId, 'PT1H')), f.call(rollKey(endpointId, 'PT1H'))]);
      const won = results.filter((r): r is PromiseFulfilledResult<keysV1.RollKeyResponse> => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]!.reason).toMatchObject({ code: status.ABORTED });
      const winner = won[0]!.value;
      const info = await keyInfo(endpointId);
      expect(info.current!.keyId).toBe(winner.keyId);
      expect(info.previous!.keyId).toBe(added.endpoint!.keyId);
      expect((await registryView(endpointId)).keyId).toBe(winner.keyId);
      // Only the winner's key ever reached the registry (recovery may have asked again for it on a slow machine).
      expect(new Set(f.recorder.calls.filter((c) => c.endpointId === endpointId).map((c) => c.newKeyId))).toEqual(new Set([winner.keyId]));
    } finally {
      f.recorder.delayMs = 0;
    }
  });

  it('is idempotent by request id: a retry answers the same roll without the plaintext and rolls nothing again', async () => {
    const added = await outbound();
    const requestId = randomUUID();
    const first = await f.call(rollKey(added.endpoint!.endpointId, 'P3D', PASSWORD, requestId));
    const retry = await f.call(rollKey(added.endpoint!.endpointId, 'P3D', PASSWORD, requestId));
    expect(retry).toEqual({ ...first, plaintext: '' });
    expect((await keyInfo(added.endpoint!.endpointId)).previous!.keyId).toBe(added.endpoint!.keyId);
  });

  it('refuses an unknown expiry choice before checking the password, and an endpoint of another partner as not found', async () => {
    const added = await inbound();
    expect(await f.failure(rollKey(added.endpoint!.endpointId, 'P1Y'))).toMatchObject({ code: status.INVALID_ARGUMENT, errorCode: 'KEY.EXPIRY_INVALID' });
    const foreign = await f.failure(f.client.rollKey({ requestId: randomUUID(), endpointId: added.endpoint!.endpointId, oldKeyExpiry: 'NOW', operatorId: 'alice', password: PASSWORD }, f.as('someone-else')));
    expect(foreign.code).toBe(status.UNAUTHENTICATED);
    expect((await f.keys.app.get(OperatorAccountRepository).get(partner, 'alice'))!.lockout.failedAttempts).toBe(0);
  });
});
