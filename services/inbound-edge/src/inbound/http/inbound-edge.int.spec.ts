import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deliveryV1, upstreamV1 } from '@bakuun/contracts';
import { findRepoRoot, testNamespace } from '@bakuun/testing';
import { call, JSON_BOOKING, push } from '../../testing/inbound-calls';
import { InboundEndpoint, InboundFixture, startInboundFixture } from '../../testing/inbound-fixture';

const root = findRepoRoot(__dirname);
// The sample leaves the currency to the channel's configuration; a partner pushing to us states it.
const OTA_BOOKING = Buffer.from(readFileSync(join(root, 'libs/ota-ingest/testdata/opentravel-2011b_OTA_HotelResNotifRQ_commit_anonymized.xml'), 'utf8').replace('<Base AmountBeforeTax=', '<Base CurrencyCode="EUR" AmountBeforeTax='));
const { MAPPING_OPERATION_UPSERT: UPSERT } = upstreamV1.MappingOperation;

function otaHotelCodes(xml: string): { hotel: string; rooms: string[]; plans: string[] } {
  const hotel = /HotelCode="([^"]+)"/.exec(xml)![1]!;
  const rooms = [...xml.matchAll(/RoomTypeCode="([^"]+)"/g)].map((m) => m[1]!);
  const plans = [...xml.matchAll(/RatePlanCode="([^"]+)"/g)].map((m) => m[1]!);
  return { hotel, rooms, plans };
}

describe('inbound edge (real key management, registry, Kafka and FerretDB)', () => {
  const ns = testNamespace(__filename);
  let f: InboundFixture;
  let booking: InboundEndpoint;
  let mapping: InboundEndpoint;
  const partner = 'partner-a';

  beforeAll(async () => {
    f = await startInboundFixture(ns, { INBOUND_RATE_LIMIT_PER_SECOND: '1000', INBOUND_RATE_LIMIT_BURST: '1000', INBOUND_MAX_BODY_BYTES: '65536' });
    booking = await f.addBookingPush(partner);
    mapping = await f.addMappingRead(partner);
    await f.activate(booking);
    await f.activate(mapping);
    const ota = otaHotelCodes(OTA_BOOKING.toString('utf8'));
    await f.publishMapping(partner, { hotelCode: 'AL_TEST', operation: UPSERT, hotelName: 'Alpine Test', roomTypes: ['RO_TEST', 'RO_TEST2'].map((code) => ({ code, operation: UPSERT, name: code })), ratePlans: ['001', '003'].map((code) => ({ code, operation: UPSERT, name: code, roomTypeCodes: [] })) });
    await f.publishMapping(partner, { hotelCode: ota.hotel, operation: UPSERT, hotelName: 'OTA Hotel', roomTypes: [...new Set(ota.rooms)].map((code) => ({ code, operation: UPSERT, name: code })), ratePlans: [...new Set(ota.plans)].map((code) => ({ code, operation: UPSERT, name: code, roomTypeCodes: [] })) });
    for (;;) {
      const r = await call(mapping.url, { key: mapping.apiKey });
      if (r.status === 200 && (r.json.data as unknown[]).length === 2) break;
      await new Promise((res) => setTimeout(res, 50));
    }
  });

  afterAll(async () => {
    await f?.close();
  });

  it('serves the URL the registry generated for the endpoint', () => {
    expect(booking.url).toBe(`${f.edge.httpUrl}/v1/inbound/bookings/${booking.endpointId}`);
    expect(mapping.url).toBe(`${f.edge.httpUrl}/v1/inbound/mapping/${mapping.endpointId}`);
  });

  describe('authentication matrix', () => {
    it('answers 401 alike for no key, a wrong key and a malformed key, as problem documents without the key', async () => {
      const wrong = booking.apiKey.slice(0, -4) + (booking.apiKey.endsWith('aaaa') ? 'bbbb' : 'aaaa');
      const answers = [await push(booking, JSON_BOOKING, { key: '' }), await push(booking, JSON_BOOKING, { key: wrong }), await push(booking, JSON_BOOKING, { key: 'nonsense' })];
      for (const a of answers) {
        expect(a.status).toBe(401);
        expect(a.headers.get('content-type')).toContain('application/problem+json');
        expect(a.json).toMatchObject({ type: 'https://docs.bakuun.example/problems/unauthenticated', status: 401, code: 'INBOUND.UNAUTHENTICATED' });
        expect(a.text).not.toContain(wrong);
        expect(a.headers.get('x-request-id')).toMatch(/^req_/);
      }
      expect(new Set(answers.map((a) => JSON.stringify({ ...a.json, requestId: '', instance: '' }))).size).toBe(1);
    });

    it('answers 404 for the key of another endpoint of the same partner, of another partner, and on the wrong route', async () => {
      const other = await f.addBookingPush('partner-b');
      await f.activate(other);
      expect((await push(booking, JSON_BOOKING, { key: mapping.apiKey })).status).toBe(404);
      expect((await push(booking, JSON_BOOKING, { key: other.apiKey })).status).toBe(404);
      const mappingWithBookingKey = await call(mapping.url, { key: booking.apiKey });
      expect(mappingWithBookingKey.status).toBe(404);
      expect(mappingWithBookingKey.json.code).toBe('INBOUND.ENDPOINT_NOT_FOUND');
      expect((await call(`${f.edge.httpUrl}/v1/inbound/bookings/ep_doesnotexist`, { method: 'POST', key: booking.apiKey, body: '{}', headers: { 'Content-Type': 'application/json' } })).status).toBe(404);
    });

    it('answers 403 "not yet enabled" for TO_SET, 403 "suspended" for SUSPENDED, and 404 once deleted', async () => {
      const e = await f.addBookingPush(partner);
      const toSet = await push(e, JSON_BOOKING, { idem: 'k-to-set' });
      expect(toSet.status).toBe(403);
      expect(toSet.json).toMatchObject({ code: 'INBOUND.ENDPOINT_NOT_ENABLED' });
      expect(String(toSet.json.detail)).toContain('not yet enabled');
      await f.activate(e);
      await f.suspend(e);
      const suspended = await push(e, JSON_BOOKING, { idem: 'k-suspended' });
      expect(suspended.status).toBe(403);
      expect(suspended.json).toMatchObject({ code: 'INBOUND.ENDPOINT_SUSPENDED' });
      expect(String(suspended.json.detail)).toContain('suspended');
      await f.remove(e);
      const deleted = await push(e, JSON_BOOKING, { idem: 'k-deleted' });
      expect(deleted.status).toBe(404);
      expect(deleted.json).toMatchObject({ code: 'INBOUND.ENDPOINT_NOT_FOUND' });
    });

    it('takes the key from Authorization: Bearer as well', async () => {
      const r = await call(mapping.url, { headers: { Authorization: `Bearer ${mapping.apiKey}` } });
      expect(r.status).toBe(200);
    });
  });

  describe('booking push', () => {
    it('accepts a JSON booking document, produces each booking once, and replays the first answer to a retry', async () => {
      const first = await push(booking, JSON_BOOKING, { idem: 'json-1' });
      expect(first.status).toBe(202);
      const again = await push(booking, JSON_BOOKING, { idem: 'json-1' });
      expect(again.status).toBe(202);
      expect(again.text).toBe(first.text);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      const ids = (first.json.bookings as { messageId: string }[]).map((b) => b.messageId);
      expect(ids).toHaveLength(2);
      const produced = (await f.consumedBookings(2)).filter((b) => b.idempotencyKey === 'json-1');
      expect(produced.map((b) => b.messageId).sort()).toEqual([...ids].sort());
      expect(produced[0]).toMatchObject({ endpointId: booking.endpointId, partnerId: partner, count: 2 });
      expect(produced.map((b) => b.booking!.reservationId).sort()).toEqual(['WD-0990', 'WD-1001']);
    });

    it('accepts OTA_HotelResNotifRQ XML', async () => {
      const r = await push(booking, OTA_BOOKING, { type: 'application/xml; charset=utf-8', idem: 'ota-1' });
      expect(r.status).toBe(202);
      const produced = (await f.consumedBookings(3)).filter((b) => b.idempotencyKey === 'ota-1');
      expect(produced.length).toBeGreaterThanOrEqual(1);
    });

    it('refuses the same idempotency key with another body (422) and produces nothing for it', async () => {
      expect((await push(booking, JSON_BOOKING, { idem: 'reuse-1' })).status).toBe(202);
      const other = JSON.stringify({ ...JSON.parse(JSON_BOOKING.toString('utf8')), timestamp: '2025-03-02T18:00:01Z' });
      const r = await push(booking, other, { idem: 'reuse-1' });
      expect(r.status).toBe(422);
      expect(r.json.code).toBe('INBOUND.IDEMPOTENCY_KEY_REUSED');
      expect((await f.consumedBookings(0)).filter((b) => b.idempotencyKey === 'reuse-1')).toHaveLength(2);
    });

    it('answers 415 for another content type, 413 above the size limit, and produces nothing', async () => {
      const r415 = await push(booking, JSON_BOOKING, { type: 'text/plain', idem: 'bad-415' });
      expect(r415.status).toBe(415);
      expect(r415.json.code).toBe('INBOUND.UNSUPPORTED_MEDIA_TYPE');
      const r413 = await push(booking, Buffer.alloc(70_000, 0x20), { idem: 'bad-413' });
      expect(r413.status).toBe(413);
      expect(r413.json.code).toBe('INBOUND.PAYLOAD_TOO_LARGE');
      const produced = await f.consumedBookings(0);
      expect(produced.filter((b) => b.idempotencyKey.startsWith('bad-'))).toHaveLength(0);
    });

    it('answers 400 naming each field and its problem: dates, currency, decimals, unknown codes', async () => {
      const doc = JSON.parse(JSON_BOOKING.toString('utf8')) as { bookings: { rooms: { stay: { arrival: string }; roomTypeCode: string; rates: { amountAfterTax: { currencyCode: string; amount: string } }[] }[] }[] };
      const room = doc.bookings[0]!.rooms[0]!;
      room.stay.arrival = '2025-02-30';
      doc.bookings[0]!.rooms[1]!.rates[0]!.amountAfterTax.amount = '150.001';
      const bad = await push(booking, JSON.stringify(doc), { idem: 'bad-400' });
      expect(bad.status).toBe(400);
      const errors = bad.json.errors as { field: string; code: string; message: string }[];
      expect(errors.map((e) => e.code)).toEqual(expect.arrayContaining(['INGEST.BAD_DATE', 'INGEST.TOO_MANY_DECIMALS']));
      expect(errors.find((e) => e.code === 'INGEST.BAD_DATE')!.field).toBe('/bookings[1]/rooms[1]/stay/arrival');
      expect(errors.find((e) => e.code === 'INGEST.TOO_MANY_DECIMALS')!.field).toBe('/bookings[1]/rooms[2]/rates[1]/amountAfterTax/amount');

      const currency = JSON.parse(JSON_BOOKING.toString('utf8')) as typeof doc;
      currency.bookings[0]!.rooms[0]!.rates[0]!.amountAfterTax = { currencyCode: 'XXY', amount: '120.00' };
      const badCurrency = await push(booking, JSON.stringify(currency), { idem: 'bad-400-currency' });
      expect(badCurrency.status).toBe(400);
      expect(badCurrency.json.errors).toEqual([{ field: '/bookings[1]/rooms[1]/rates[1]/amountAfterTax/currencyCode', code: 'INGEST.UNKNOWN_CURRENCY', message: '"XXY" is not an active ISO 4217 currency code' }]);

      const unknown = JSON.parse(JSON_BOOKING.toString('utf8')) as typeof doc;
      unknown.bookings[0]!.rooms[0]!.roomTypeCode = 'NOPE';
      const r = await push(booking, JSON.stringify(unknown), { idem: 'bad-400-codes' });
      expect(r.status).toBe(400);
      expect(r.json.errors).toEqual([{ field: '/bookings[1]/rooms[1]/roomTypeCode', code: 'INBOUND.UNKNOWN_ROOM_TYPE', message: 'room type "NOPE" is not mapped for hotel "AL_TEST"' }]);
      const xmlAsJson = await push(booking, OTA_BOOKING, { idem: 'bad-400-type' });
      expect(xmlAsJson.status).toBe(400);
      expect((await f.consumedBookings(0)).filter((b) => b.idempotencyKey.startsWith('bad-'))).toHaveLength(0);
      // A rejected request is not remembered: the same key with a fixed body is accepted.
      expect((await push(booking, JSON_BOOKING, { idem: 'bad-400-codes' })).status).toBe(202);
    });
  });

  describe('mapping read', () => {
    it('pages with a cursor and answers 304 to If-None-Match while nothing changed', async () => {
      const first = await call(`${mapping.url}?limit=1`, { key: mapping.apiKey });
      expect(first.status).toBe(200);
      expect(first.json.data).toHaveLength(1);
      expect(first.json.nextCursor).toEqual(expect.any(String));
      const second = await call(`${mapping.url}?limit=1&cursor=${String(first.json.nextCursor)}`, { key: mapping.apiKey });
      expect(second.json.data).toHaveLength(1);
      expect(second.json.nextCursor).toBeUndefined();
      const codes = [...(first.json.data as { hotelCode: string }[]), ...(second.json.data as { hotelCode: string }[])].map((h) => h.hotelCode);
      expect(codes).toEqual([...codes].sort());
      const etag = first.headers.get('etag')!;
      expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
      const notModified = await call(`${mapping.url}?limit=1`, { key: mapping.apiKey, headers: { 'If-None-Match': etag } });
      expect(notModified.status).toBe(304);
      expect(notModified.text).toBe('');
      const badCursor = await call(`${mapping.url}?cursor=%%%`, { key: mapping.apiKey });
      expect(badCursor.status).toBe(400);
      expect((badCursor.json.errors as { field: string }[])[0]!.field).toBe('query:cursor');
    });

    it('shows a mapping change (new ETag) once it reaches bakuun.mapping.v1', async () => {
      const before = await call(mapping.url, { key: mapping.apiKey });
      const etag = before.headers.get('etag')!;
      const publishedAt = Date.now();
      await f.publishMapping(partner, { hotelCode: 'AL_TEST', operation: UPSERT, hotelName: 'Alpine Test', roomTypes: [{ code: 'RO_NEW', operation: UPSERT, name: 'New room' }], ratePlans: [] });
      let after = before;
      while (after.status !== 200 || !after.text.includes('RO_NEW')) after = await call(mapping.url, { key: mapping.apiKey, headers: { 'If-None-Match': etag } });
      process.stdout.write(`mapping change visible after ${Date.now() - publishedAt} ms\n`);
      expect(after.headers.get('etag')).not.toBe(etag);
      const hotel = (after.json.data as { hotelCode: string; roomTypes: { code: string }[] }[]).find((h) => h.hotelCode === 'AL_TEST')!;
      expect(hotel.roomTypes.map((r) => r.code)).toEqual(['RO_NEW', 'RO_TEST', 'RO_TEST2']);
    });
  });

  it('publishes every answered request of the endpoint as an attempt, with its status', async () => {
    const consumer = f.kafka.consumer({ groupId: ns.group('attempts-reader') });
    await consumer.connect();
    await consumer.subscribe({ topic: f.config.DELIVERY_ATTEMPTS_TOPIC, fromBeginning: true });
    const statuses = new Map<string, number[]>();
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          const a = deliveryV1.DeliveryAttempt.decode(message.value!);
          statuses.set(a.endpointId, [...(statuses.get(a.endpointId) ?? []), a.statusCode]);
          const seen = statuses.get(booking.endpointId) ?? [];
          if ([202, 401, 400, 413, 415, 422].every((s) => seen.includes(s)) && (statuses.get(mapping.endpointId) ?? []).includes(304)) resolve();
        },
      });
    });
    await consumer.disconnect();
    // Requests made with another endpoint's key are not this endpoint's attempts.
    expect(statuses.get(booking.endpointId)).not.toContain(404);
  });

  it('limits each API key with 429 and Retry-After (last: restarts the edge with a small limit)', async () => {
    await f.restartEdge([], { INBOUND_RATE_LIMIT_PER_SECOND: '0.5', INBOUND_RATE_LIMIT_BURST: '2' });
    await f.edgeSees(mapping.endpointId, 'ACTIVE');
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(await call(mapping.url, { key: mapping.apiKey }));
    expect(statuses.map((r) => r.status)).toEqual([200, 200, 429]);
    expect(statuses[2]!.headers.get('retry-after')).toBe('2');
    expect(statuses[2]!.json.code).toBe('INBOUND.RATE_LIMITED');
    // Another key has its own bucket.
    expect((await push(booking, JSON_BOOKING, { idem: 'json-1' })).status).toBe(202);
  });
});
