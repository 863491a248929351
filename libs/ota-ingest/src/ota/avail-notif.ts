import { upstreamV1 } from '@bakuun/contracts';
import { attributePath, type Issues } from '../issues';
import type { Draft } from '../model';
import { parseWholeNumber } from '../values/counts';
import { attribute, childElement, childElements, type XmlElement } from '../xml-tree';
import { nonEmpty, readApplicationControl, readHotelContainer, readUniqueId, requireAttribute, requireChild } from './ota-common';

/**
 * OTA_HotelAvailNotifRQ: one AriUpdate per AvailStatusMessage.
 * - BookingLimit with BookingLimitMessageType "SetLimit" (or none, as Weekendesk sends it) is an
 *   absolute booking limit; "AdjustLimit" is a relative change (may be negative) and stays one.
 * - LengthOfStay SetMinLOS/SetMaxLOS set min/max stay in nights; RemoveMinLOS/RemoveMaxLOS set 0.
 * - RestrictionStatus Status="Close"/"Open": without Restriction (or "Master") the stop-sell
 *   flag, "Arrival" closed to arrival, "Departure" closed to departure.
 */
export function parseAvailNotif(root: XmlElement, issues: Issues): Draft[] {
  const hotel = readHotelContainer(root, 'AvailStatusMessages', issues);
  if (!hotel) return [];
  const messages = childElements(hotel.container, 'AvailStatusMessage');
  if (messages.length === 0) issues.add(`${hotel.container.path}/AvailStatusMessage`, 'INGEST.MISSING', 'at least one AvailStatusMessage is required');
  const drafts: Draft[] = [];
  for (const message of messages) {
    const before = issues.count;
    const sac = requireChild(message, 'StatusApplicationControl', issues);
    const control = sac && readApplicationControl(sac, issues);
    const availability = readBookingLimit(message, issues);
    const restrictions = readRestrictions(message, issues);
    if (!availability && !restrictions && issues.count === before) {
      issues.add(message.path, 'INGEST.MISSING', 'states neither a BookingLimit, a LengthOfStay nor a RestrictionStatus');
    }
    if (!control || hotel.hotelCode === undefined || issues.count > before) continue;
    drafts.push({
      type: 'AriUpdate',
      origin: { path: message.path, locatorId: nonEmpty(attribute(message, 'LocatorID')), uniqueId: readUniqueId(message) },
      body: { hotelCode: hotel.hotelCode, ...control, availability, rates: [], restrictions },
    });
  }
  return drafts;
}

function readBookingLimit(message: XmlElement, issues: Issues): upstreamV1.Availability | undefined {
  const type = attribute(message, 'BookingLimitMessageType');
  const raw = attribute(message, 'BookingLimit');
  if (raw === undefined) {
    if (type !== undefined) requireAttribute(message, 'BookingLimit', issues, `BookingLimit (BookingLimitMessageType="${type}")`);
    return undefined;
  }
  const path = attributePath(message.path, 'BookingLimit');
  const kind = upstreamV1.AvailabilityKind.AVAILABILITY_KIND_BOOKING_LIMIT;
  switch (type) {
    case undefined:
    case 'SetLimit': {
      const setTo = parseWholeNumber(raw, path, issues, { what: 'BookingLimit' });
      return setTo === undefined ? undefined : { kind, setTo };
    }
    case 'AdjustLimit': {
      const adjustBy = parseWholeNumber(raw, path, issues, { what: 'BookingLimit', signed: true });
      return adjustBy === undefined ? undefined : { kind, adjustBy };
    }
    default:
      issues.add(attributePath(message.path, 'BookingLimitMessageType'), 'INGEST.UNSUPPORTED', `"${type}" is not supported (SetLimit, AdjustLimit)`);
      return undefined;
  }
}

function readRestrictions(message: XmlElement, issues: Issues): upstreamV1.Restrictions | undefined {
  const restrictions: upstreamV1.Restrictions = {};
  const set = <K extends keyof upstreamV1.Restrictions>(key: K, value: upstreamV1.Restrictions[K], path: string) => {
    if (restrictions[key] !== undefined && restrictions[key] !== value) {
      issues.add(path, 'INGEST.CONFLICT', `contradicts an earlier ${String(key)} of the same AvailStatusMessage`);
    }
    restrictions[key] = value;
  };
  for (const los of lengthsOfStay(message)) {
    const typePath = attributePath(los.path, 'MinMaxMessageType');
    const type = requireAttribute(los, 'MinMaxMessageType', issues);
    const unit = attribute(los, 'TimeUnit');
    if (unit !== undefined && unit !== 'Day') {
      issues.add(attributePath(los.path, 'TimeUnit'), 'INGEST.UNSUPPORTED', `TimeUnit "${unit}" is not supported (Day)`);
      continue;
    }
    switch (type) {
      case undefined:
        break;
      case 'SetMinLOS':
      case 'SetMaxLOS': {
        const nights = parseWholeNumber(attribute(los, 'Time'), attributePath(los.path, 'Time'), issues, { what: 'length of stay' });
        if (nights === 0) issues.add(attributePath(los.path, 'Time'), 'INGEST.BAD_VALUE', `${type} needs at least 1 night`);
        else if (nights !== undefined) set(type === 'SetMinLOS' ? 'minStay' : 'maxStay', nights, typePath);
        break;
      }
      case 'RemoveMinLOS':
        set('minStay', 0, typePath);
        break;
      case 'RemoveMaxLOS':
        set('maxStay', 0, typePath);
        break;
      default:
        issues.add(typePath, 'INGEST.UNSUPPORTED', `"${type}" is not supported (SetMinLOS, SetMaxLOS, RemoveMinLOS, RemoveMaxLOS)`);
    }
  }
  for (const status of childElements(message, 'RestrictionStatus')) {
    const statusValue = requireAttribute(status, 'Status', issues);
    if (statusValue !== undefined && statusValue !== 'Open' && statusValue !== 'Close') {
      issues.add(attributePath(status.path, 'Status'), 'INGEST.BAD_VALUE', `"${statusValue}" is not Open or Close`);
      continue;
    }
    if (statusValue === undefined) continue;
    const closed = statusValue === 'Close';
    const restriction = attribute(status, 'Restriction');
    const path = attributePath(status.path, restriction === undefined ? 'Status' : 'Restriction');
    if (restriction === undefined || restriction === 'Master') set('closed', closed, path);
    else if (restriction === 'Arrival') set('closedToArrival', closed, path);
    else if (restriction === 'Departure') set('closedToDeparture', closed, path);
    else issues.add(path, 'INGEST.UNSUPPORTED', `Restriction "${restriction}" is not supported (Master, Arrival, Departure)`);
  }
  return Object.keys(restrictions).length > 0 ? restrictions : undefined;
}

function lengthsOfStay(message: XmlElement): XmlElement[] {
  const container = childElement(message, 'LengthsOfStay');
  return container ? childElements(container, 'LengthOfStay') : [];
}
