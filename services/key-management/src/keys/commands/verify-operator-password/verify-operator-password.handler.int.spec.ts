import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { LOCKOUT_DURATION_MS, MAX_FAILED_ATTEMPTS, PASSWORD_MAX_LENGTH } from '@bakuun/key-domain';
import { testNamespace } from '@bakuun/testing';
import { Argon2idPasswordHasher } from '../../adapters/argon2id-password-hasher';
import { PASSWORD_HASHER } from '../../keys.di-tokens';
import { OperatorAccountRepository } from '../../persistence/operator-account.repository';
import { SetOperatorPasswordHandler } from '../set-operator-password/set-operator-password.handler';
import { CountingPasswordHasher } from '../../../testing/test-doubles';
import { Category, KeysFixture, Method, startKeysFixture } from '../../../testing/keys-fixture';

const PASSWORD = 'correct horse battery staple';
const REJECTED = { code: status.UNAUTHENTICATED, errorCode: 'OPERATOR.CREDENTIALS_REJECTED', details: 'Operator credentials were rejected' };

/**
 * VerifyOperatorPassword (console sign-in) over gRPC against real FerretDB: RollKey's password
 * rules, one shared lockout, and no way to tell an unknown operator from a wrong password.
 */
describe('VerifyOperatorPassword', () => {
  const ns = testNamespace(__filename);
  const hasher = new CountingPasswordHasher();
  let f: KeysFixture;
  let partner: string;

  beforeAll(async () => {
    f = await startKeysFixture(ns, { registry: true, overrides: [{ provide: PASSWORD_HASHER, useValue: hasher }] });
  });

  afterAll(async () => {
    await f?.close();
  });

  beforeEach(async () => {
    partner = `p-${randomUUID().slice(0, 8)}`;
    await f.createOperator(partner, 'alice', PASSWORD);
  });

  const verify = (password: string, operatorId = 'alice', partnerId = partner) => f.client.verifyOperatorPassword({ operatorId, password }, f.as(partnerId, operatorId));
  const account = async () => (await f.keys.app.get(OperatorAccountRepository).get(partner, 'alice'))!;
  /** The failure of one attempt and how many argon2id computations it cost. */
  const attempt = async (password: string, operatorId?: string, partnerId?: string) => {
    const before = hasher.computations;
    const failure = await f.failure(verify(password, operatorId, partnerId));
    return { failure, computations: hasher.computations - before };
  };

  it('answers the operator and when the password was set, for the right password', async () => {
    const created = await account();
    const before = hasher.computations;

    const verified = await f.call(verify(PASSWORD));

    expect(verified).toEqual({ operatorId: 'alice', passwordChangedAt: created.passwordChangedAt.toISOString() });
    expect(hasher.computations - before).toBe(1);
  });

  it('fails the same way, with one argon2id computation, for a wrong password, an unknown operator, another partner and an overlong password', async () => {
    const wrong = await attempt('not the password at all');
    const unknownOperator = await attempt(PASSWORD, 'mallory');
    const otherPartner = await attempt(PASSWORD, 'alice', `p-${randomUUID().slice(0, 8)}`);
    const empty = await attempt('');

    for (const outcome of [wrong, unknownOperator, otherPartner, empty]) expect(outcome).toEqual({ failure: REJECTED, computations: 1 });
    expect((await f.failure(verify('x'.repeat(4 * PASSWORD_MAX_LENGTH + 1)))).errorCode).toBe(REJECTED.errorCode);
    expect((await account()).lockout.failedAttempts).toBe(2);
  });

  it('locks the account after repeated failures: then even the right password fails the same way, until the lockout ends', async () => {
    for (let i = 0; i < MAX_FAILED_ATTEMPTS; i++) expect((await attempt(`wrong password ${i}`)).failure).toEqual(REJECTED);
    expect((await account()).lockout.lockedUntil!.getTime()).toBeGreaterThan(f.clock.now().getTime());

    expect(await attempt(PASSWORD)).toEqual({ failure: REJECTED, computations: 1 });
    expect(await attempt('still wrong')).toEqual({ failure: REJECTED, computations: 1 });

    f.clock.advance(LOCKOUT_DURATION_MS);
    expect((await f.call(verify(PASSWORD))).operatorId).toBe('alice');
    expect((await account()).lockout).toEqual({ failedAttempts: 0, lockedUntil: null });
  });

  it('shares the lockout with RollKey: wrong sign-ins and wrong roll confirmations count together', async () => {
    const [added] = await f.addEndpoints(partner, Category.ENDPOINT_CATEGORY_BOOKING, [Method.ENDPOINT_METHOD_PUSH]);
    const roll = (password: string) => f.client.rollKey({ requestId: randomUUID(), endpointId: added!.endpoint!.endpointId, oldKeyExpiry: 'PT1H', operatorId: 'alice', password }, f.as(partner, 'alice'));
    for (let i = 0; i < MAX_FAILED_ATTEMPTS - 1; i++) await f.failure(verify(`wrong sign-in ${i}`));
    expect(await f.failure(roll('wrong roll password'))).toEqual(REJECTED);

    expect(await f.failure(roll(PASSWORD))).toEqual(REJECTED);
    expect((await attempt(PASSWORD)).failure).toEqual(REJECTED);
  });

  it('counts concurrent wrong attempts each, so parallel guessing locks the account as fast as serial guessing', async () => {
    await Promise.all(Array.from({ length: MAX_FAILED_ATTEMPTS }, (_, i) => f.failure(verify(`parallel guess ${i}`))));
    expect((await account()).lockout.lockedUntil).not.toBeNull();
    expect((await attempt(PASSWORD)).failure).toEqual(REJECTED);
  });

  it('answers the new password-change instant after set-password, and refuses the old password', async () => {
    const before = await account();
    f.clock.advance(1000);
    await new SetOperatorPasswordHandler(f.keys.app.get(OperatorAccountRepository), new Argon2idPasswordHasher(), f.clock).execute({ partnerId: partner, operatorId: 'alice', password: 'a brand new passphrase' });

    expect(await f.failure(verify(PASSWORD))).toEqual(REJECTED);
    const verified = await f.call(verify('a brand new passphrase'));
    expect(new Date(verified.passwordChangedAt).getTime()).toBeGreaterThanOrEqual(before.passwordChangedAt.getTime() + 1000);
  });
});
