import { randomUUID } from 'node:crypto';
import { testNamespace } from '@bakuun/testing';
import { requestFingerprint } from '../../rules/booking-request';
import { JSON_BOOKING, publishSampleMapping, push } from '../../testing/inbound-calls';
import { InboundEndpoint, InboundFixture, startInboundFixture } from '../../testing/inbound-fixture';
import { IdempotencyRepository } from './idempotency.repository';

/**
 * The idempotency key while its first request is still in flight, and after the instance holding
 * it died: claims a holder left behind are written through the repository exactly as the edge
 * writes them (another edge instance mid-request, or one that crashed after claiming).
 */
describe('booking push idempotency: requests in flight and crashed holders (real key management, registry, Kafka and FerretDB)', () => {
  const ns = testNamespace(__filename);
  let f: InboundFixture;
  let e: InboundEndpoint;
  const partner = 'partner-lease';
  const DAY_MS = 86_400_000;

  /** A claim on `key` as an edge instance leaves it: its lease runs until `leaseUntilMs`. */
  const holdClaim = async (key: string, body: Uint8Array, leaseUntilMs: number) => {
    const claim = await f.edge.app.get(IdempotencyRepository).claim({ endpointId: e.endpointId, key, fingerprint: requestFingerprint('json', body), nowMs: leaseUntilMs - 1000, leaseMs: 1000, retentionMs: DAY_MS });
    expect(claim.kind).toBe('CLAIMED');
  };

  beforeAll(async () => {
    f = await startInboundFixture(ns, { INBOUND_RATE_LIMIT_PER_SECOND: '1000', INBOUND_RATE_LIMIT_BURST: '1000' });
    e = await f.addBookingPush(partner);
    await f.activate(e);
    await publishSampleMapping(f, partner);
  });

  afterAll(async () => {
    await f?.close();
  });

  it('answers 409 with Retry-After while the first request with the key is in flight, 422 for another body, and produces nothing for either', async () => {
    const key = `in-flight-${randomUUID()}`;
    await holdClaim(key, JSON_BOOKING, Date.now() + 10 * 60_000);

    const retry = await push(e, JSON_BOOKING, { idem: key });
    expect(retry.status).toBe(409);
    expect(retry.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(retry.headers.get('retry-after')).toBe('1');
    expect(retry.json).toMatchObject({ status: 409, code: 'INBOUND.REQUEST_IN_PROGRESS', retryAfter: 1 });

    const other = JSON.stringify({ ...JSON.parse(JSON_BOOKING.toString('utf8')), timestamp: '2025-03-02T18:00:01Z' });
    const reused = await push(e, other, { idem: key });
    expect(reused.status).toBe(422);
    expect(reused.json.code).toBe('INBOUND.IDEMPOTENCY_KEY_REUSED');

    // A push that is produced after the refused ones: once it is on the topic, so would they be.
    const marker = `marker-${randomUUID()}`;
    expect((await push(e, JSON_BOOKING, { idem: marker })).status).toBe(202);
    const produced = await f.consumedBookings(2);
    expect(produced.filter((b) => b.idempotencyKey === marker)).toHaveLength(2);
    expect(produced.filter((b) => b.idempotencyKey === key)).toEqual([]);
  });

  it('lets two concurrent pushes with one key produce the bookings once: one is accepted, the other told 409 or given the same answer', async () => {
    const key = `concurrent-${randomUUID()}`;
    const answers = await Promise.all([push(e, JSON_BOOKING, { idem: key }), push(e, JSON_BOOKING, { idem: key })]);
    const accepted = answers.filter((a) => a.status === 202 && a.headers.get('idempotent-replayed') !== 'true');
    expect(accepted).toHaveLength(1);
    const [other] = answers.filter((a) => a !== accepted[0]);
    if (other!.status === 202) expect({ replayed: other!.headers.get('idempotent-replayed'), text: other!.text }).toEqual({ replayed: 'true', text: accepted[0]!.text });
    else expect({ status: other!.status, code: other!.json.code }).toEqual({ status: 409, code: 'INBOUND.REQUEST_IN_PROGRESS' });

    const produced = (await f.consumedBookings(4)).filter((b) => b.idempotencyKey === key);
    expect(produced.map((b) => b.messageId).sort()).toEqual((accepted[0]!.json.bookings as { messageId: string }[]).map((b) => b.messageId).sort());
  });

  it('lets a retry take over the claim of a crashed holder once its lease lapsed: accepted and produced once, then replayed', async () => {
    const key = `crashed-${randomUUID()}`;
    await holdClaim(key, JSON_BOOKING, Date.now() - 60_000);

    const takeover = await push(e, JSON_BOOKING, { idem: key });
    expect(takeover.status).toBe(202);
    expect(takeover.headers.get('idempotent-replayed')).toBeNull();
    const again = await push(e, JSON_BOOKING, { idem: key });
    expect({ status: again.status, replayed: again.headers.get('idempotent-replayed'), text: again.text }).toEqual({ status: 202, replayed: 'true', text: takeover.text });

    const ids = (takeover.json.bookings as { messageId: string }[]).map((b) => b.messageId);
    expect(ids).toHaveLength(2);
    const produced = (await f.consumedBookings(6)).filter((b) => b.idempotencyKey === key);
    expect(produced.map((b) => b.messageId).sort()).toEqual([...ids].sort());
  });

  it('reports the size and duration of every claim/answer and Kafka flush on /metrics', async () => {
    const text = await (await fetch(`${f.edge.httpUrl}/metrics`)).text();
    for (const store of ['idempotency', 'kafka']) {
      const count = (name: string) => Number(new RegExp(`^${name}_count\\{[^}]*store="${store}"[^}]*\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
      expect({ store, flushes: count('inbound_group_commit_flush_seconds') > 0 }).toEqual({ store, flushes: true });
      expect(count('inbound_group_commit_flush_items')).toBe(count('inbound_group_commit_flush_seconds'));
    }
  });
});
