import { upstreamV1 } from '@bakuun/contracts';
import type { Draft } from '../model';
import { sumTotals, type RoomAmounts } from '../values/booking-total';
import { parseInstant, parseStay } from '../values/dates';
import type { JsonObject, JsonReader } from './json-reader';

const TYPES = ['NEW', 'MODIFIED', 'CANCELLED'] as const;

export const BOOKING_DOCUMENT_KEYS = ['type', 'hotelCode', 'timestamp', 'bookings'] as const;
const BOOKING_KEYS = ['type', 'reservationId', 'references', 'rooms', 'total', 'primaryGuest', 'createdAt'];
const ROOM_KEYS = ['roomTypeCode', 'ratePlanCode', 'stay', 'guestCount', 'rates', 'total'];

/**
 * `{ "type": "booking", "hotelCode", "bookings": [BookingEvent fields...] }`: one BookingEvent per
 * booking. Stays are check-in / check-out (departure excluded). No field exists for card data,
 * contact details or addresses, and unknown properties are refused.
 */
export function readBookingDocument(doc: JsonObject, hotelCode: string | undefined, json: JsonReader): Draft[] {
  const bookings = json.array(doc, 'bookings', '', true) ?? [];
  if (doc.bookings !== undefined && bookings.length === 0) json.missing('/bookings[1]', 'at least one booking is required');
  const drafts: Draft[] = [];
  bookings.forEach((value, i) => {
    const path = `/bookings[${i + 1}]`;
    const before = json.issues.count;
    const booking = json.object(value, path, BOOKING_KEYS);
    if (!booking) return;
    const typeName = json.enumName(booking, 'type', path, TYPES, 'BOOKING_EVENT_TYPE_');
    const type = typeName && upstreamV1.BookingEventType[`BOOKING_EVENT_TYPE_${typeName}`];
    const reservationId = json.string(booking, 'reservationId', path, true);
    const references = readReferences(booking, path, json);
    const roomValues = json.array(booking, 'rooms', path, typeName !== 'CANCELLED') ?? [];
    if (booking.rooms !== undefined && roomValues.length === 0 && typeName !== 'CANCELLED') json.missing(`${path}/rooms[1]`, 'at least one room is required');
    const rooms = roomValues.map((room, r) => readRoom(room, `${path}/rooms[${r + 1}]`, json));
    const totalObject = json.optionalObject(booking, 'total', path, ['amountBeforeTax', 'amountAfterTax']);
    const statedTotal = totalObject && json.amountPair(totalObject, `${path}/total`);
    const guest = json.optionalObject(booking, 'primaryGuest', path, ['namePrefix', 'givenName', 'surname']);
    const primaryGuest = guest && { namePrefix: json.string(guest, 'namePrefix', `${path}/primaryGuest`, false) ?? '', givenName: json.string(guest, 'givenName', `${path}/primaryGuest`, false) ?? '', surname: json.string(guest, 'surname', `${path}/primaryGuest`, false) ?? '' };
    const createdAt = parseInstant(json.string(booking, 'createdAt', path, false), `${path}/createdAt`, json.issues) ?? '';
    if (type === undefined || reservationId === undefined || rooms.some((r) => r === undefined) || hotelCode === undefined || json.issues.count > before) return;
    const booked = rooms as RoomAmounts[];
    const total = sumTotals(booked, statedTotal, `${path}/total`, json.issues);
    if (!total && typeName !== 'CANCELLED') json.missing(`${path}/total`, 'no total, and no room totals or rates to add one up from');
    if (json.issues.count > before) return;
    drafts.push({
      type: 'BookingEvent',
      origin: { path },
      body: {
        hotelCode,
        type,
        reservationId,
        references: references.some((r) => r.value === reservationId) ? references : [{ type: '', value: reservationId, source: '' }, ...references],
        stay: booked.length === 0 ? undefined : {
          arrival: booked.map((r) => r.room.stay!.arrival).sort()[0]!,
          departure: booked.map((r) => r.room.stay!.departure).sort().at(-1)!,
        },
        rooms: booked.map((r) => r.room),
        guestCount: booked.reduce((n, r) => n + r.room.guestCount, 0),
        total,
        primaryGuest,
        createdAt,
      },
    });
  });
  return drafts;
}

function readReferences(booking: JsonObject, path: string, json: JsonReader): upstreamV1.ReservationReference[] {
  return (json.array(booking, 'references', path, false) ?? []).flatMap((value, i) => {
    const at = `${path}/references[${i + 1}]`;
    const ref = json.object(value, at, ['type', 'value', 'source']);
    const refValue = ref && json.string(ref, 'value', at, true);
    return ref && refValue ? [{ type: json.string(ref, 'type', at, false) ?? '', value: refValue, source: json.string(ref, 'source', at, false) ?? '' }] : [];
  });
}

function readRoom(value: unknown, path: string, json: JsonReader): RoomAmounts | undefined {
  const before = json.issues.count;
  const room = json.object(value, path, ROOM_KEYS);
  if (!room) return undefined;
  const stayObject = json.requiredObject(room, 'stay', path, ['arrival', 'departure']);
  const stay = stayObject && readStay(stayObject, `${path}/stay`, json);
  const guestCount = json.integer(room, 'guestCount', path, { required: true }) ?? 0;
  const rates = (json.array(room, 'rates', path, false) ?? []).flatMap((rateValue, i) => {
    const at = `${path}/rates[${i + 1}]`;
    const rate = json.object(rateValue, at, ['period', 'amountBeforeTax', 'amountAfterTax']);
    if (!rate || !stay) return [];
    const periodObject = json.optionalObject(rate, 'period', at, ['arrival', 'departure']);
    const period = periodObject ? readStay(periodObject, `${at}/period`, json) : stay;
    if (period && (period.arrival < stay.arrival || period.departure > stay.departure)) json.issues.add(`${at}/period`, 'INGEST.CONFLICT', `the rate's nights ${period.arrival}..${period.departure} fall outside the stay ${stay.arrival}..${stay.departure}`);
    const amounts = json.amountPair(rate, at);
    return period && amounts ? [{ period, ...amounts }] : [];
  });
  const totalObject = json.optionalObject(room, 'total', path, ['amountBeforeTax', 'amountAfterTax']);
  const total = totalObject && json.amountPair(totalObject, `${path}/total`);
  if (!stay || json.issues.count > before) return undefined;
  return {
    room: { roomTypeCode: json.string(room, 'roomTypeCode', path, false) ?? '', ratePlanCode: json.string(room, 'ratePlanCode', path, false) ?? '', stay, guestCount, rates },
    total,
  };
}

function readStay(object: JsonObject, path: string, json: JsonReader): upstreamV1.Stay | undefined {
  return parseStay(
    { raw: json.string(object, 'arrival', path, false), path: `${path}/arrival` },
    { raw: json.string(object, 'departure', path, false), path: `${path}/departure` },
    json.issues,
  );
}
