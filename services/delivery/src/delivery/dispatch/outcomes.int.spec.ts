import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { deliveryV1, endpointsV1 } from '@bakuun/contracts';
import { testNamespace } from '@bakuun/testing';
import { deliveryFixture, DeliveryFixture } from '../../testing/delivery-fixture';
import { ariUpdate, produceAri, waitFor } from '../../testing/feeds';
import type { AddedEndpoint } from '../../testing/partner-endpoints';
import { TestReceiver } from '../../testing/test-receiver';
import { EndpointDirectory as EndpointDirectoryToken } from '../endpoint-view/endpoint-directory';

const { AttemptOutcome: O, AttemptErrorClass: E } = deliveryV1;

/**
 * What each kind of answer does: success, retries on the schedule, 410, timeouts, redirects,
 * Retry-After, key rotation. Endpoints, signing secrets and key rolls come from the real
 * registry and key management processes.
 */
describe('attempt outcomes against a real receiver', () => {
  const ns = testNamespace(__filename);
  let fx: DeliveryFixture;
  const receiver = new TestReceiver();
  const partner = 'partner-outcomes';

  async function endpoint(path: string): Promise<AddedEndpoint> {
    const added = await fx.endpoints.add({ partnerId: partner, category: 'ARI', url: receiver.url(path) });
    await fx.seen(added.endpointId, 'ACTIVE');
    return added;
  }

  async function attemptsOf(endpointId: string): Promise<deliveryV1.DeliveryAttempt[]> {
    const page = await fx.call((md) => fx.client!.listAttempts({ endpointId, pageSize: 100, pageToken: '', messageId: '' }, md), partner);
    return [...page.attempts].reverse();
  }

  beforeAll(async () => {
    await receiver.start();
    fx = await deliveryFixture(ns);
    await fx.start();
  });

  afterAll(async () => {
    await fx?.close();
    await receiver.close();
  });

  it('failures, then success: retried on the schedule with the same webhook-id and body, each attempt recorded', async () => {
    receiver.on('/flaky', (_r, i) => (i < 2 ? { status: i === 0 ? 500 : 503 } : { status: 204 }));
    const { endpointId: id, secret } = await endpoint('/flaky');
    await produceAri(fx.producer, fx.topics.ari, [ariUpdate(partner, 'H-FLAKY')]);
    await waitFor(() => receiver.at('/flaky').length === 3, 15_000, '3 requests');
    const [a, b, c] = receiver.at('/flaky');
    expect(new Set([a, b, c].map((r) => r!.headers['webhook-id'])).size).toBe(1);
    expect(new Set([a, b, c].map((r) => r!.body)).size).toBe(1);
    for (const r of [a, b, c]) expect(() => new Webhook(secret).verify(r!.body, r!.headers)).not.toThrow();
    expect(b!.at - a!.at).toBeGreaterThanOrEqual(190);
    expect(c!.at - b!.at).toBeGreaterThanOrEqual(390);
    await waitFor(async () => (await attemptsOf(id)).length === 3, 5_000, '3 attempts');
    const attempts = await attemptsOf(id);
    expect(attempts.map((x) => [x.attemptNumber, x.outcome, x.statusCode, x.errorClass])).toEqual([
      [1, O.ATTEMPT_OUTCOME_RETRY_SCHEDULED, 500, E.ATTEMPT_ERROR_CLASS_HTTP_5XX],
      [2, O.ATTEMPT_OUTCOME_RETRY_SCHEDULED, 503, E.ATTEMPT_ERROR_CLASS_HTTP_5XX],
      [3, O.ATTEMPT_OUTCOME_DELIVERED, 204, E.ATTEMPT_ERROR_CLASS_NONE],
    ]);
    expect(attempts[0]!.nextAttemptAt).not.toBe('');
  });

  it('410 Gone: no more attempts, and the registry suspends the endpoint (receiver_gone)', async () => {
    receiver.on('/gone', () => ({ status: 410 }));
    const { endpointId: id } = await endpoint('/gone');
    await produceAri(fx.producer, fx.topics.ari, [ariUpdate(partner, 'H-GONE')]);
    await waitFor(async () => (await fx.endpoints.get(id)).status === endpointsV1.EndpointStatus.ENDPOINT_STATUS_SUSPENDED, 10_000, 'the registry suspended the endpoint');
    // Whether or not the registry's EndpointSuspended has arrived yet, the endpoint is paused here.
    await produceAri(fx.producer, fx.topics.ari, [ariUpdate(partner, 'H-GONE-2')]);
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.at('/gone')).toHaveLength(1);
    expect((await fx.endpoints.get(id)).suspensionReason).toMatchObject({ receiverGone: { statusCode: 410 } });
    const suspended = (await fx.endpoints.history(id)).filter((e) => e.type === 'EndpointSuspended');
    expect(suspended).toHaveLength(1);
    expect(suspended[0]!.endpointSuspended!.reason).toMatchObject({ receiverGone: { statusCode: 410 } });
    expect(suspended[0]!.requestId).toMatch(/^receiver-gone:dlv_/);
    expect(suspended[0]).toMatchObject({ partnerId: partner, actor: { kind: endpointsV1.ActorKind.ACTOR_KIND_SERVICE, id: 'delivery' } });
    const attempts = await attemptsOf(id);
    expect(attempts.map((x) => [x.outcome, x.errorClass, x.nextAttemptAt])).toEqual([[O.ATTEMPT_OUTCOME_GONE, E.ATTEMPT_ERROR_CLASS_HTTP_GONE, '']]);
  });

  it('a receiver that never answers times out at the total deadline and is retried', async () => {
    receiver.on('/slow', (_r, i) => (i === 0 ? 'HANG' : { status: 200 }));
    const { endpointId: id } = await endpoint('/slow');
    await produceAri(fx.producer, fx.topics.ari, [ariUpdate(partner, 'H-SLOW')]);
    await waitFor(async () => (await attemptsOf(id)).length === 2, 15_000, '2 attempts');
    const [first, second] = await attemptsOf(id);
    expect(first).toMatchObject({ outcome: O.ATTEMPT_OUTCOME_RETRY_SCHEDULED, errorClass: E.ATTEMPT_ERROR_CLASS_TIMEOUT, statusCode: 0 });
    expect(first!.latencyMs).toBeGreaterThanOrEqual(1900);
    expect(second).toMatchObject({ outcome: O.ATTEMPT_OUTCOME_DELIVERED, statusCode: 200 });
  });

  it('a redirect is not followed: the target never sees a request, the delivery is retried and finally exhausted', async () => {
    receiver.on('/moved', () => ({ status: 302, headers: { location: receiver.url('/target') } }));
    const { endpointId: id } = await endpoint('/moved');
    await produceAri(fx.producer, fx.topics.ari, [ariUpdate(partner, 'H-MOVED')]);
    await waitFor(async () => (await attemptsOf(id)).some((a) => a.outcome === O.ATTEMPT_OUTCOME_EXHAUSTED), 15_000, 'exhausted');
    const attempts = await attemptsOf(id);
    expect(attempts).toHaveLength(5);
    expect(attempts.every((a) => a.statusCode === 302 && a.errorClass === E.ATTEMPT_ERROR_CLASS_REDIRECT)).toBe(true);
    expect(attempts.at(-1)).toMatchObject({ outcome: O.ATTEMPT_OUTCOME_EXHAUSTED, nextAttemptAt: '' });
    expect(receiver.at('/target')).toEqual([]);
  });

  it('Retry-After on 429 is honoured (longer than the schedule), up to the cap', async () => {
    receiver.on('/busy', (_r, i) => (i === 0 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 }));
    await endpoint('/busy');
    await produceAri(fx.producer, fx.topics.ari, [ariUpdate(partner, 'H-BUSY')]);
    await waitFor(() => receiver.at('/busy').length === 2, 10_000, '2 requests');
    const [a, b] = receiver.at('/busy');
    expect(b!.at - a!.at).toBeGreaterThanOrEqual(990);
  });

  it('reads at most the response-body cap of a huge answer and still counts the 2xx', async () => {
    receiver.on('/huge', () => ({ status: 200, body: 'x'.repeat(8 * 1024 * 1024) }));
    const { endpointId: id } = await endpoint('/huge');
    await produceAri(fx.producer, fx.topics.ari, [ariUpdate(partner, 'H-HUGE')]);
    await waitFor(async () => (await attemptsOf(id)).length === 1, 10_000, '1 attempt');
    expect((await attemptsOf(id))[0]).toMatchObject({ outcome: O.ATTEMPT_OUTCOME_DELIVERED, statusCode: 200 });
  });

  it('rotation overlap: one v1 signature per valid secret, newest first, each verifying on its own; a roll is picked up at once', async () => {
    const { endpointId: id, keyId, secret } = await endpoint('/rotating');
    await produceAri(fx.producer, fx.topics.ari, [ariUpdate(partner, 'H-ROT', { available: 1 })]);
    await waitFor(() => receiver.at('/rotating').length === 1, 10_000, 'first webhook');
    expect(receiver.at('/rotating')[0]!.headers['webhook-signature']!.split(' ')).toHaveLength(1);

    // The partner's operator rolls the key in key management, keeping the old one valid for an hour.
    const operator = { operatorId: 'rotation-operator', password: randomBytes(12).toString('base64url') };
    await fx.endpoints.createOperator(partner, operator.operatorId, operator.password);
    const rolled = await fx.endpoints.rollKey(id, operator, 'PT1H');
    expect(rolled.oldKeyId).toBe(keyId);
    const [newKeyId, newSecret] = [rolled.keyId, rolled.secret];
    await waitFor(() => fx.delivery!.app.get(EndpointDirectoryToken).get(id)?.keyId === newKeyId, 10_000, 'roll seen');
    await produceAri(fx.producer, fx.topics.ari, [ariUpdate(partner, 'H-ROT', { available: 2 })]);
    await waitFor(() => receiver.at('/rotating').length === 2, 10_000, 'second webhook');

    const request = receiver.at('/rotating')[1]!;
    const signatures = request.headers['webhook-signature']!.split(' ');
    expect(signatures).toHaveLength(2);
    expect(signatures.every((s) => s.startsWith('v1,'))).toBe(true);
    expect(() => new Webhook(newSecret).verify(request.body, request.headers)).not.toThrow();
    expect(() => new Webhook(secret).verify(request.body, request.headers)).not.toThrow();
    expect(() => new Webhook(`whsec_${randomBytes(32).toString('base64')}`).verify(request.body, request.headers)).toThrow();
    await waitFor(async () => (await attemptsOf(id)).length === 2, 5_000, '2 attempts');
    expect((await attemptsOf(id))[1]!.signingKeyIds).toEqual([newKeyId, keyId]);
  });

  it('key management down: nothing is sent and no attempt or retry is used up; once it is back the webhook goes, signed', async () => {
    const deferredForSigning = async () => {
      const text = await (await fetch(`${fx.delivery!.httpUrl}/metrics`)).text();
      return Number(/^webhook_attempts_total\{(?=[^}]*outcome="DEFERRED")(?=[^}]*error_class="SIGNING_UNAVAILABLE")[^}]*\} (\d+)/m.exec(text)?.[1] ?? 0);
    };
    receiver.on('/keys-down', () => ({ status: 200 }));
    const { endpointId: id, secret } = await endpoint('/keys-down');
    const deferredBefore = await deferredForSigning();
    await fx.peers.withKeyManagementDown(async () => {
      await produceAri(fx.producer, fx.topics.ari, [ariUpdate(partner, 'H-KEYS-DOWN')]);
      await waitFor(async () => (await deferredForSigning()) > deferredBefore, 15_000, 'an attempt deferred for want of signing secrets');
      expect(receiver.at('/keys-down')).toEqual([]);
      expect(await attemptsOf(id)).toEqual([]);
    });
    await waitFor(() => receiver.at('/keys-down').length === 1, 30_000, 'the webhook once key management is back');
    const request = receiver.at('/keys-down')[0]!;
    expect(() => new Webhook(secret).verify(request.body, request.headers)).not.toThrow();
    await waitFor(async () => (await attemptsOf(id)).length === 1, 5_000, '1 attempt');
    expect((await attemptsOf(id))[0]).toMatchObject({ attemptNumber: 1, outcome: O.ATTEMPT_OUTCOME_DELIVERED, statusCode: 200 });
  });
});
