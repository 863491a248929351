import { upstreamV1 } from '@bakuun/contracts';
import type { Draft } from '../model';
import { parseInclusiveRange } from '../values/dates';
import type { JsonObject, JsonReader } from './json-reader';

const AVAILABILITY_KINDS = ['BOOKING_LIMIT', 'AVAILABLE_ROOMS', 'ALLOCATION'] as const;
const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;

export const ARI_DOCUMENT_KEYS = ['type', 'hotelCode', 'timestamp', 'updates'] as const;
const UPDATE_KEYS = ['roomTypeCode', 'allRoomTypes', 'ratePlanCode', 'dates', 'daysOfWeek', 'availability', 'rates', 'restrictions', 'locatorId'];

/** `{ "type": "ari", "hotelCode", "timestamp"?, "updates": [AriUpdate fields...] }`, see the README. */
export function readAriDocument(doc: JsonObject, hotelCode: string | undefined, json: JsonReader): Draft[] {
  const updates = json.array(doc, 'updates', '', true) ?? [];
  if (doc.updates !== undefined && updates.length === 0) json.missing('/updates[1]', 'at least one update is required');
  const drafts: Draft[] = [];
  updates.forEach((value, i) => {
    const path = `/updates[${i + 1}]`;
    const before = json.issues.count;
    const update = json.object(value, path, UPDATE_KEYS);
    if (!update) return;
    const roomTypeCode = json.string(update, 'roomTypeCode', path, false) ?? '';
    const allRoomTypes = json.boolean(update, 'allRoomTypes', path) ?? false;
    if (allRoomTypes && roomTypeCode !== '') json.issues.add(`${path}/allRoomTypes`, 'INGEST.CONFLICT', `allRoomTypes contradicts roomTypeCode "${roomTypeCode}"`);
    if (!allRoomTypes && roomTypeCode === '') json.missing(`${path}/roomTypeCode`, 'roomTypeCode is required unless allRoomTypes is true');
    const datesObject = json.requiredObject(update, 'dates', path, ['start', 'end']);
    const dates = datesObject && parseInclusiveRange(
      { raw: json.string(datesObject, 'start', `${path}/dates`, false), path: `${path}/dates/start` },
      { raw: json.string(datesObject, 'end', `${path}/dates/end`, false), path: `${path}/dates/end` },
      json.issues,
    );
    const availability = readAvailability(update, path, json);
    const rates = readRates(update, path, json);
    const restrictions = readRestrictions(update, path, json);
    const daysOfWeek = readDays(update, path, json);
    const ratePlanCode = json.string(update, 'ratePlanCode', path, false) ?? '';
    const locatorId = json.string(update, 'locatorId', path, false);
    if (!availability && rates.length === 0 && !restrictions && json.issues.count === before) {
      json.missing(path, 'an update needs availability, rates or restrictions');
    }
    if (!dates || hotelCode === undefined || json.issues.count > before) return;
    drafts.push({
      type: 'AriUpdate',
      origin: { path, locatorId },
      body: {
        hotelCode,
        roomTypeCode,
        allRoomTypes,
        ratePlanCode,
        dates,
        daysOfWeek,
        availability,
        rates,
        restrictions,
      },
    });
  });
  return drafts;
}

function readAvailability(update: JsonObject, path: string, json: JsonReader): upstreamV1.Availability | undefined {
  const object = json.optionalObject(update, 'availability', path, ['kind', 'setTo', 'adjustBy']);
  if (!object) return undefined;
  const at = `${path}/availability`;
  const kind = json.enumName(object, 'kind', at, AVAILABILITY_KINDS, 'AVAILABILITY_KIND_');
  if ((object.setTo === undefined) === (object.adjustBy === undefined)) return json.bad(`${at}/setTo`, 'exactly one of setTo (absolute) and adjustBy (relative) is required');
  const setTo = json.integer(object, 'setTo', at, { required: false });
  const adjustBy = json.integer(object, 'adjustBy', at, { required: false, signed: true });
  if (kind === undefined || (setTo === undefined && adjustBy === undefined)) return undefined;
  const kindValue = upstreamV1.AvailabilityKind[`AVAILABILITY_KIND_${kind}`];
  return setTo !== undefined ? { kind: kindValue, setTo } : { kind: kindValue, adjustBy };
}

function readRates(update: JsonObject, path: string, json: JsonReader): upstreamV1.OccupancyRate[] {
  const seen = new Set<string>();
  return (json.array(update, 'rates', path, false) ?? []).flatMap((value, i) => {
    const at = `${path}/rates[${i + 1}]`;
    const rate = json.object(value, at, ['numberOfGuests', 'ageQualifyingCode', 'amountAfterTax', 'amountBeforeTax']);
    if (!rate) return [];
    const numberOfGuests = json.integer(rate, 'numberOfGuests', at, { required: false }) ?? 0;
    if (rate.numberOfGuests === 0) json.bad(`${at}/numberOfGuests`, 'numberOfGuests must be at least 1 (leave it out for a price per room)');
    const ageQualifyingCode = json.string(rate, 'ageQualifyingCode', at, false) ?? '';
    const key = `${numberOfGuests}/${ageQualifyingCode}`;
    if (seen.has(key)) json.issues.add(at, 'INGEST.CONFLICT', 'a second price for the same occupancy');
    seen.add(key);
    const amounts = json.amountPair(rate, at);
    return amounts ? [{ numberOfGuests, ageQualifyingCode, amountAfterTax: amounts.amountAfterTax, amountBeforeTax: amounts.amountBeforeTax }] : [];
  });
}

function readRestrictions(update: JsonObject, path: string, json: JsonReader): upstreamV1.Restrictions | undefined {
  const object = json.optionalObject(update, 'restrictions', path, ['minStay', 'maxStay', 'closedToArrival', 'closedToDeparture', 'closed']);
  if (!object) return undefined;
  const at = `${path}/restrictions`;
  const restrictions: upstreamV1.Restrictions = {
    minStay: json.integer(object, 'minStay', at, { required: false }),
    maxStay: json.integer(object, 'maxStay', at, { required: false }),
    closedToArrival: json.boolean(object, 'closedToArrival', at),
    closedToDeparture: json.boolean(object, 'closedToDeparture', at),
    closed: json.boolean(object, 'closed', at),
  };
  const stated = Object.fromEntries(Object.entries(restrictions).filter(([, v]) => v !== undefined)) as upstreamV1.Restrictions;
  if (Object.keys(stated).length === 0) return json.missing(at, 'restrictions must state at least one restriction');
  return stated;
}

function readDays(update: JsonObject, path: string, json: JsonReader): upstreamV1.DayOfWeek[] {
  const values = json.array(update, 'daysOfWeek', path, false) ?? [];
  const days = new Set<upstreamV1.DayOfWeek>();
  values.forEach((value, i) => {
    const name = typeof value === 'string' && value.startsWith('DAY_OF_WEEK_') ? value.slice('DAY_OF_WEEK_'.length) : value;
    if (typeof name !== 'string' || !(DAYS as readonly string[]).includes(name)) json.bad(`${path}/daysOfWeek[${i + 1}]`, `${JSON.stringify(value)} is not one of ${DAYS.join(', ')}`);
    else days.add(upstreamV1.DayOfWeek[`DAY_OF_WEEK_${name as (typeof DAYS)[number]}`]);
  });
  return days.size === DAYS.length ? [] : [...days].sort((a, b) => a - b);
}
