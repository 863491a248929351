import { upstreamV1 } from '@bakuun/contracts';
import { attributePath, type Issues } from '../issues';
import type { Draft } from '../model';
import { parseWholeNumber } from '../values/counts';
import { parseInstant, parseStay } from '../values/dates';
import { childElement, childElements, attribute, type XmlElement } from '../xml-tree';
import { sumTotals, type RoomAmounts } from '../values/booking-total';
import { readAmountPair } from './ota-amounts';
import { nonEmpty, readUniqueId, requireChild } from './ota-common';

const EventType = upstreamV1.BookingEventType;

const STATUS: Readonly<Record<string, upstreamV1.BookingEventType>> = {
  Commit: EventType.BOOKING_EVENT_TYPE_NEW,
  Book: EventType.BOOKING_EVENT_TYPE_NEW,
  Reserved: EventType.BOOKING_EVENT_TYPE_NEW,
  Modify: EventType.BOOKING_EVENT_TYPE_MODIFIED,
  Modified: EventType.BOOKING_EVENT_TYPE_MODIFIED,
  Cancel: EventType.BOOKING_EVENT_TYPE_CANCELLED,
  Cancelled: EventType.BOOKING_EVENT_TYPE_CANCELLED,
};

/**
 * OTA_HotelResNotifRQ: one BookingEvent per HotelReservation. ResStatus (the reservation's, else
 * the root's) gives new / modified / cancelled; two-phase and quote statuses (Initiate, Ignore,
 * Hold, Requested...) are refused. Read: hotel, reservation ids, rooms (room type, rate plan,
 * TimeSpan with the check-out day excluded, guest counts, nightly rates), totals and the
 * primary guest's name. Never read: Guarantee / PaymentCard / DepositPayments (card data),
 * contact details, addresses and comments.
 */
export function parseResNotif(root: XmlElement, issues: Issues, defaultCurrencyCode: string | undefined): Draft[] {
  const container = requireChild(root, 'HotelReservations', issues);
  const reservations = container ? childElements(container, 'HotelReservation') : [];
  if (container && reservations.length === 0) issues.add(`${container.path}/HotelReservation`, 'INGEST.MISSING', 'at least one HotelReservation is required');
  const drafts: Draft[] = [];
  for (const reservation of reservations) {
    const before = issues.count;
    const body = readReservation(root, reservation, issues, defaultCurrencyCode);
    if (body && issues.count === before) drafts.push({ type: 'BookingEvent', origin: { path: reservation.path, uniqueId: readUniqueId(reservation) }, body });
  }
  return drafts;
}

function readReservation(root: XmlElement, reservation: XmlElement, issues: Issues, defaultCurrencyCode: string | undefined): upstreamV1.BookingEvent | undefined {
  const type = readStatus(root, reservation, issues);
  const global = childElement(reservation, 'ResGlobalInfo');
  const roomStaysElement = childElement(reservation, 'RoomStays');
  const roomStays = roomStaysElement ? childElements(roomStaysElement, 'RoomStay') : [];
  if (roomStays.length === 0 && type !== EventType.BOOKING_EVENT_TYPE_CANCELLED) {
    issues.add(`${reservation.path}/RoomStays/RoomStay`, 'INGEST.MISSING', 'at least one RoomStay is required');
  }
  const hotelCode = readHotelCode(reservation, roomStays, global, issues);
  const rooms = roomStays.map((roomStay) => readRoom(roomStay, issues, defaultCurrencyCode));
  const references = readReferences(reservation, global);
  if (references.length === 0) {
    issues.add(`${reservation.path}/ResGlobalInfo/HotelReservationIDs/HotelReservationID/@ResID_Value`, 'INGEST.MISSING', 'a reservation id is required');
  }
  const globalTotal = global && childElement(global, 'Total');
  const statedTotal = globalTotal ? readAmountPair(globalTotal, undefined, issues, defaultCurrencyCode) : undefined;
  const createdAt = parseInstant(attribute(reservation, 'CreateDateTime'), attributePath(reservation.path, 'CreateDateTime'), issues) ?? '';
  if (type === undefined || hotelCode === undefined || rooms.some((r) => r === undefined) || references.length === 0) return undefined;
  const booked = rooms as RoomAmounts[];
  const totalPath = `${reservation.path}/ResGlobalInfo/Total`;
  const total = sumTotals(booked, statedTotal, totalPath, issues);
  if (!total && type !== EventType.BOOKING_EVENT_TYPE_CANCELLED) {
    issues.add(totalPath, 'INGEST.MISSING', 'no Total, and no RoomStay Total or Rates to add one up from');
  }
  const guestCount = booked.reduce((n, r) => n + r.room.guestCount, 0) || readGuestCounts(global, issues);
  return {
    hotelCode,
    type,
    reservationId: references[0]!.value,
    references,
    stay: booked.length === 0 ? undefined : {
      arrival: booked.map((r) => r.room.stay!.arrival).sort()[0]!,
      departure: booked.map((r) => r.room.stay!.departure).sort().at(-1)!,
    },
    rooms: booked.map((r) => r.room),
    guestCount,
    total,
    primaryGuest: readPrimaryGuest(reservation),
    createdAt,
  };
}

function readStatus(root: XmlElement, reservation: XmlElement, issues: Issues): upstreamV1.BookingEventType | undefined {
  const own = attribute(reservation, 'ResStatus');
  const element = own !== undefined ? reservation : root;
  const raw = own ?? attribute(root, 'ResStatus');
  const path = attributePath(element.path, 'ResStatus');
  if (raw === undefined || raw === '') {
    issues.add(attributePath(reservation.path, 'ResStatus'), 'INGEST.MISSING', 'ResStatus is required (here or on the root element)');
    return undefined;
  }
  const type = STATUS[raw];
  if (type === undefined) issues.add(path, 'INGEST.UNSUPPORTED', `ResStatus "${raw}" is not a booking (Commit, Book, Reserved, Modify, Modified, Cancel, Cancelled)`);
  return type;
}

/** Every RoomStay's BasicPropertyInfo@HotelCode (else ResGlobalInfo's); they must agree. */
function readHotelCode(reservation: XmlElement, roomStays: XmlElement[], global: XmlElement | undefined, issues: Issues): string | undefined {
  const candidates = [...roomStays, ...(global ? [global] : [])]
    .map((parent) => childElement(parent, 'BasicPropertyInfo'))
    .filter((info): info is XmlElement => info !== undefined && nonEmpty(attribute(info, 'HotelCode')) !== undefined);
  const first = candidates[0];
  if (!first) {
    const where = roomStays[0] ?? reservation;
    issues.add(`${where.path}/BasicPropertyInfo/@HotelCode`, 'INGEST.MISSING', 'HotelCode is required');
    return undefined;
  }
  const code = attribute(first, 'HotelCode')!;
  for (const other of candidates.slice(1)) {
    if (attribute(other, 'HotelCode') !== code) {
      issues.add(attributePath(other.path, 'HotelCode'), 'INGEST.CONFLICT', `HotelCode "${attribute(other, 'HotelCode')}" differs from "${code}" in the same reservation`);
    }
  }
  return code;
}

function readReferences(reservation: XmlElement, global: XmlElement | undefined): upstreamV1.ReservationReference[] {
  const ids = global && childElement(global, 'HotelReservationIDs');
  const references = (ids ? childElements(ids, 'HotelReservationID') : [])
    .map((id) => ({ type: attribute(id, 'ResID_Type') ?? '', value: attribute(id, 'ResID_Value') ?? '', source: attribute(id, 'ResID_Source') ?? '' }))
    .filter((ref) => ref.value !== '');
  const unique = readUniqueId(reservation);
  if (unique && unique.id !== '') references.push({ type: unique.type, value: unique.id, source: '' });
  return references;
}

function readRoom(roomStay: XmlElement, issues: Issues, defaultCurrencyCode: string | undefined): RoomAmounts | undefined {
  const before = issues.count;
  const span = requireChild(roomStay, 'TimeSpan', issues);
  const stay = span && parseStay(
    { raw: attribute(span, 'Start'), path: attributePath(span.path, 'Start') },
    { raw: attribute(span, 'End'), path: attributePath(span.path, 'End') },
    issues,
  );
  const roomRates = childElement(roomStay, 'RoomRates');
  const roomRateList = roomRates ? childElements(roomRates, 'RoomRate') : [];
  const roomType = descend(roomStay, ['RoomTypes', 'RoomType']);
  const ratePlan = descend(roomStay, ['RatePlans', 'RatePlan']);
  const rates = stay ? roomRateList.flatMap((roomRate) => readRates(roomRate, stay, issues, defaultCurrencyCode)) : [];
  const totalElement = childElement(roomStay, 'Total');
  const total = totalElement ? readAmountPair(totalElement, undefined, issues, defaultCurrencyCode) : undefined;
  const guestCount = readGuestCounts(roomStay, issues);
  if (!stay || issues.count > before) return undefined;
  return {
    room: {
      roomTypeCode: nonEmpty(roomType && attribute(roomType, 'RoomTypeCode')) ?? nonEmpty(roomRateList[0] && attribute(roomRateList[0], 'RoomTypeCode')) ?? '',
      ratePlanCode: nonEmpty(ratePlan && attribute(ratePlan, 'RatePlanCode')) ?? nonEmpty(roomRateList[0] && attribute(roomRateList[0], 'RatePlanCode')) ?? '',
      stay,
      guestCount,
      rates,
    },
    total,
  };
}

/**
 * Rates of a RoomRate: the Base amount per night from EffectiveDate to ExpireDate (the
 * check-out day, excluded), defaulting to the room's stay, and inside it.
 */
function readRates(roomRate: XmlElement, stay: upstreamV1.Stay, issues: Issues, defaultCurrencyCode: string | undefined): upstreamV1.BookedRate[] {
  const container = childElement(roomRate, 'Rates');
  const result: upstreamV1.BookedRate[] = [];
  for (const rate of container ? childElements(container, 'Rate') : []) {
    const before = issues.count;
    const unit = attribute(rate, 'RateTimeUnit');
    if (unit !== undefined && unit !== 'Day') issues.add(attributePath(rate.path, 'RateTimeUnit'), 'INGEST.UNSUPPORTED', `RateTimeUnit "${unit}" is not supported (Day)`);
    const multiplier = attribute(rate, 'UnitMultiplier');
    if (multiplier !== undefined && multiplier !== '1') issues.add(attributePath(rate.path, 'UnitMultiplier'), 'INGEST.UNSUPPORTED', `UnitMultiplier "${multiplier}" is not supported (1)`);
    const period = parseStay(
      { raw: attribute(rate, 'EffectiveDate') ?? stay.arrival, path: attributePath(rate.path, 'EffectiveDate') },
      { raw: attribute(rate, 'ExpireDate') ?? stay.departure, path: attributePath(rate.path, 'ExpireDate') },
      issues,
    );
    if (period && (period.arrival < stay.arrival || period.departure > stay.departure)) {
      issues.add(rate.path, 'INGEST.CONFLICT', `the rate's nights ${period.arrival}..${period.departure} fall outside the stay ${stay.arrival}..${stay.departure}`);
    }
    const base = requireChild(rate, 'Base', issues);
    const amounts = base && readAmountPair(base, undefined, issues, defaultCurrencyCode);
    if (period && amounts && issues.count === before) result.push({ period, ...amounts });
  }
  return result;
}

function readGuestCounts(parent: XmlElement | undefined, issues: Issues): number {
  const container = parent && childElement(parent, 'GuestCounts');
  return (container ? childElements(container, 'GuestCount') : [])
    .map((count) => parseWholeNumber(attribute(count, 'Count'), attributePath(count.path, 'Count'), issues, { what: 'guest count' }) ?? 0)
    .reduce((a, b) => a + b, 0);
}

/** The name of the ResGuest marked PrimaryIndicator="true", else the first one; nothing else of the profile. */
function readPrimaryGuest(reservation: XmlElement): upstreamV1.GuestName | undefined {
  const resGuests = childElement(reservation, 'ResGuests');
  const guests = resGuests ? childElements(resGuests, 'ResGuest') : [];
  const primary = guests.find((g) => attribute(g, 'PrimaryIndicator') === 'true' || attribute(g, 'PrimaryIndicator') === '1') ?? guests[0];
  const name = primary && descend(primary, ['Profiles', 'ProfileInfo', 'Profile', 'Customer', 'PersonName']);
  if (!name) return undefined;
  const text = (child: string) => childElement(name, child)?.text ?? '';
  return { namePrefix: text('NamePrefix'), givenName: text('GivenName'), surname: text('Surname') };
}

function descend(element: XmlElement, names: string[]): XmlElement | undefined {
  return names.reduce<XmlElement | undefined>((current, name) => current && childElement(current, name), element);
}
