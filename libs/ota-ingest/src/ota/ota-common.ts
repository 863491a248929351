import { upstreamV1 } from '@bakuun/contracts';
import { attributePath, type Issues } from '../issues';
import type { DocumentHeader } from '../model';
import { parseInclusiveRange, parseInstant } from '../values/dates';
import { attribute, childElement, childElements, type XmlElement } from '../xml-tree';

/** Root @TimeStamp, @EchoToken and a root-level UniqueID (AlpineBits puts `Instance="CompleteSet"` there). */
export function readHeader(root: XmlElement, issues: Issues): DocumentHeader {
  return {
    documentType: root.name,
    timestamp: parseInstant(attribute(root, 'TimeStamp'), attributePath(root.path, 'TimeStamp'), issues),
    echoToken: attribute(root, 'EchoToken'),
    uniqueId: readUniqueId(root),
  };
}

/** The element's UniqueID child, values trimmed (the OpenTravel sample has `ID="1 "`). */
export function readUniqueId(parent: XmlElement): upstreamV1.OtaUniqueId | undefined {
  const element = childElement(parent, 'UniqueID');
  if (!element) return undefined;
  return { type: attribute(element, 'Type') ?? '', id: attribute(element, 'ID') ?? '', instance: attribute(element, 'Instance') ?? '' };
}

export function requireAttribute(element: XmlElement, name: string, issues: Issues, what = name): string | undefined {
  const value = attribute(element, name);
  if (value === undefined || value === '') {
    issues.add(attributePath(element.path, name), 'INGEST.MISSING', `${what} is required`);
    return undefined;
  }
  return value;
}

export function requireChild(parent: XmlElement, name: string, issues: Issues): XmlElement | undefined {
  const element = childElement(parent, name);
  if (!element) issues.add(`${parent.path}/${name}`, 'INGEST.MISSING', `${name} is required in ${parent.name}`);
  return element;
}

/** OTA booleans: "true"/"1" and "false"/"0". */
export function readBoolean(element: XmlElement, name: string, issues: Issues): boolean | undefined {
  const raw = attribute(element, name);
  if (raw === undefined) return undefined;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  issues.add(attributePath(element.path, name), 'INGEST.BAD_VALUE', `"${raw}" is not a boolean (true, false, 1, 0)`);
  return undefined;
}

export interface ApplicationControl {
  readonly dates: upstreamV1.DateRange;
  readonly roomTypeCode: string;
  readonly allRoomTypes: boolean;
  readonly ratePlanCode: string;
  readonly daysOfWeek: upstreamV1.DayOfWeek[];
}

const DAYS: ReadonlyArray<readonly [string, upstreamV1.DayOfWeek]> = [
  ['Mon', upstreamV1.DayOfWeek.DAY_OF_WEEK_MONDAY],
  ['Tue', upstreamV1.DayOfWeek.DAY_OF_WEEK_TUESDAY],
  ['Weds', upstreamV1.DayOfWeek.DAY_OF_WEEK_WEDNESDAY],
  ['Thur', upstreamV1.DayOfWeek.DAY_OF_WEEK_THURSDAY],
  ['Fri', upstreamV1.DayOfWeek.DAY_OF_WEEK_FRIDAY],
  ['Sat', upstreamV1.DayOfWeek.DAY_OF_WEEK_SATURDAY],
  ['Sun', upstreamV1.DayOfWeek.DAY_OF_WEEK_SUNDAY],
];

/**
 * StatusApplicationControl: the inclusive Start..End range, the room type (InvTypeCode, else
 * InvCode), the rate plan and the weekday pattern.
 * - No InvTypeCode/InvCode, or AllInvCode="true": the update is house level (all_room_types).
 * - Weekday attributes (Mon, Tue, Weds, Thur, Fri, Sat, Sun): when any is present, the update
 *   applies on the days marked true only; all seven true is the same as none.
 */
export function readApplicationControl(sac: XmlElement, issues: Issues): ApplicationControl | undefined {
  const before = issues.count;
  const dates = parseInclusiveRange(
    { raw: attribute(sac, 'Start'), path: attributePath(sac.path, 'Start') },
    { raw: attribute(sac, 'End'), path: attributePath(sac.path, 'End') },
    issues,
  );
  const roomTypeCode = nonEmpty(attribute(sac, 'InvTypeCode')) ?? nonEmpty(attribute(sac, 'InvCode')) ?? '';
  const allInvCode = readBoolean(sac, 'AllInvCode', issues);
  if (allInvCode === true && roomTypeCode !== '') {
    issues.add(attributePath(sac.path, 'AllInvCode'), 'INGEST.CONFLICT', `AllInvCode="true" contradicts room type "${roomTypeCode}"`);
  }
  const days = DAYS.map(([name, day]) => [readBoolean(sac, name, issues), day] as const);
  const stated = days.filter(([flag]) => flag !== undefined);
  const selected = days.filter(([flag]) => flag === true).map(([, day]) => day);
  if (stated.length > 0 && selected.length === 0) {
    issues.add(attributePath(sac.path, 'Mon'), 'INGEST.BAD_VALUE', 'the weekday pattern selects no day');
  }
  if (issues.count > before || !dates) return undefined;
  return {
    dates,
    roomTypeCode,
    allRoomTypes: roomTypeCode === '',
    ratePlanCode: nonEmpty(attribute(sac, 'RatePlanCode')) ?? '',
    daysOfWeek: selected.length === DAYS.length ? [] : selected,
  };
}

export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** The one container element (AvailStatusMessages, Inventories...) with its required HotelCode. */
export function readHotelContainer(root: XmlElement, name: string, issues: Issues): { container: XmlElement; hotelCode: string | undefined } | undefined {
  const container = requireChild(root, name, issues);
  if (!container) return undefined;
  if (childElements(root, name).length > 1) issues.add(`${root.path}/${name}[2]`, 'INGEST.UNSUPPORTED', `one ${name} element per document is supported`);
  return { container, hotelCode: requireAttribute(container, 'HotelCode', issues) };
}
