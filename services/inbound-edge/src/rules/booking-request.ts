import { createHash } from 'node:crypto';
import type { upstreamV1 } from '@bakuun/contracts';
import { deterministicMessageId, parseUpstreamDocument } from '@bakuun/ota-ingest';
import type { FieldError } from './problem';

export type BodyFormat = 'json' | 'xml';

/** The media types a booking push accepts; parameters (charset) are ignored. `undefined` means unsupported. */
export function bodyFormatOf(contentType: string | undefined): BodyFormat | undefined {
  const media = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (media === 'application/json' || (media.startsWith('application/') && media.endsWith('+json'))) return 'json';
  if (media === 'application/xml' || media === 'text/xml' || (media.startsWith('application/') && media.endsWith('+xml'))) return 'xml';
  return undefined;
}

/** `Idempotency-Key`: 1–255 visible ASCII characters. Absent: the body's digest stands in, so an identical retry is still recognised. */
export function idempotencyKeyOf(header: string | undefined, body: Uint8Array): { ok: true; key: string } | { ok: false; error: FieldError } {
  if (header === undefined) return { ok: true, key: `sha256:${createHash('sha256').update(body).digest('hex')}` };
  if (!/^[\x21-\x7e]{1,255}$/.test(header)) return { ok: false, error: { field: 'header:Idempotency-Key', code: 'INBOUND.BAD_IDEMPOTENCY_KEY', message: 'must be 1 to 255 visible ASCII characters' } };
  return { ok: true, key: header };
}

/** What identifies a request's content, to tell a retry from another request reusing the key. */
export const requestFingerprint = (format: BodyFormat, body: Uint8Array): string => createHash('sha256').update(format).update('\n').update(body).digest('hex');

/** The codes of one hotel's mapping that are currently active; `undefined`: the partner has no such hotel. */
export interface HotelCodes {
  readonly roomTypes: ReadonlySet<string>;
  readonly ratePlans: ReadonlySet<string>;
}

export type ParsedBookings = { readonly ok: true; readonly bookings: readonly upstreamV1.BookingEvent[]; readonly hotelCodes: readonly string[] } | { readonly ok: false; readonly errors: readonly FieldError[] };

/**
 * Parses and validates a pushed booking document with the platform's OTA/JSON parser (dates,
 * currencies, amounts and their decimals, reservation status…), whose issues name the element
 * path. Only booking documents are accepted, and the body must be what its Content-Type says.
 */
export function parseBookingRequest(body: Uint8Array, format: BodyFormat, partnerId: string, receivedAt: string): ParsedBookings {
  const first = firstNonBlank(body);
  if ((format === 'xml' && first !== '<') || (format === 'json' && first !== '{')) {
    return { ok: false, errors: [{ field: '/', code: 'INBOUND.BODY_NOT_AS_DECLARED', message: `the body is not ${format === 'xml' ? 'XML' : 'a JSON object'} although its Content-Type says so` }] };
  }
  const result = parseUpstreamDocument(body, { partnerId, receivedAt });
  if (!result.ok) return { ok: false, errors: result.issues.map((i) => ({ field: i.path, code: i.code, message: i.message })) };
  const others = result.document.messages.filter((m) => m.type !== 'BookingEvent');
  if (others.length > 0) {
    return { ok: false, errors: [{ field: '/', code: 'INBOUND.NOT_A_BOOKING_DOCUMENT', message: `a booking push takes OTA_HotelResNotifRQ or a JSON "booking" document, not ${result.document.documentType}` }] };
  }
  const bookings = result.document.messages.flatMap((m) => (m.type === 'BookingEvent' ? [m.message] : []));
  return { ok: true, bookings, hotelCodes: [...new Set(bookings.map((b) => b.hotelCode))] };
}

/**
 * Every hotel, room type and rate plan code a booking names must be in the partner's current
 * mapping (the same data the mapping read serves). Errors point at the booking's element.
 */
export function unknownCodes(bookings: readonly upstreamV1.BookingEvent[], mappings: ReadonlyMap<string, HotelCodes>): FieldError[] {
  const errors: FieldError[] = [];
  for (const booking of bookings) {
    const at = booking.envelope?.source?.path ?? '/';
    const json = booking.envelope?.source?.documentType.startsWith('json:') ?? false;
    const hotel = mappings.get(booking.hotelCode);
    if (!hotel) {
      errors.push({ field: json ? '/hotelCode' : `${at}/RoomStays/RoomStay/BasicPropertyInfo/@HotelCode`, code: 'INBOUND.UNKNOWN_HOTEL', message: `hotel "${booking.hotelCode}" is not in your mapping` });
      continue;
    }
    booking.rooms.forEach((room, index) => {
      const roomAt = json ? `${at}/rooms[${index + 1}]` : `${at}/RoomStays/RoomStay[${index + 1}]`;
      if (room.roomTypeCode && !hotel.roomTypes.has(room.roomTypeCode)) {
        errors.push({ field: json ? `${roomAt}/roomTypeCode` : `${roomAt}/RoomTypes/RoomType/@RoomTypeCode`, code: 'INBOUND.UNKNOWN_ROOM_TYPE', message: `room type "${room.roomTypeCode}" is not mapped for hotel "${booking.hotelCode}"` });
      }
      if (room.ratePlanCode && !hotel.ratePlans.has(room.ratePlanCode)) {
        errors.push({ field: json ? `${roomAt}/ratePlanCode` : `${roomAt}/RatePlans/RatePlan/@RatePlanCode`, code: 'INBOUND.UNKNOWN_RATE_PLAN', message: `rate plan "${room.ratePlanCode}" is not mapped for hotel "${booking.hotelCode}"` });
      }
    });
  }
  return errors;
}

/** Message ids of an accepted request: stable for the endpoint, idempotency key and position, so a replay after an uncertain failure carries the same ids. */
export const inboundMessageId = (endpointId: string, idempotencyKey: string, position: number): string =>
  deterministicMessageId(endpointId, createHash('sha256').update(`inbound\n${idempotencyKey}`).digest('hex'), position);

function firstNonBlank(body: Uint8Array): string {
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === 0xef && body[i + 1] === 0xbb && body[i + 2] === 0xbf) {
      i += 2;
      continue;
    }
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return String.fromCharCode(c);
  }
  return '';
}
