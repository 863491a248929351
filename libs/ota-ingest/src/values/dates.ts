import { attributePath, type Issues } from '../issues';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/** A calendar date `YYYY-MM-DD` that exists (no 2017-02-30). */
export function parseDate(raw: string | undefined, path: string, issues: Issues): string | undefined {
  if (raw === undefined) return undefined;
  const match = DATE.exec(raw);
  if (!match || !isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
    issues.add(path, 'INGEST.BAD_DATE', `"${raw}" is not a calendar date (YYYY-MM-DD)`);
    return undefined;
  }
  return raw;
}

/**
 * An instant as an RFC 3339 UTC string with milliseconds (`2004-05-01T06:39:09.000Z`), so
 * instants compare correctly as text. A date-time without an offset is read as UTC: OTA
 * TimeStamps often have none, and the documents give no other time zone.
 */
export function parseInstant(raw: string | undefined, path: string, issues: Issues): string | undefined {
  if (raw === undefined) return undefined;
  const match = DATE_TIME.exec(raw);
  const [year, month, day, hour, minute, second] = match ? match.slice(1, 7).map(Number) : [];
  if (!match || !isCalendarDate(year!, month!, day!) || hour! > 23 || minute! > 59 || second! > 59) {
    issues.add(path, 'INGEST.BAD_DATE', `"${raw}" is not a date-time (YYYY-MM-DDThh:mm:ss with an optional fraction and offset)`);
    return undefined;
  }
  const millis = Number((match[7] ?? '.0').slice(1, 4).padEnd(3, '0'));
  const offset = match[8] ?? 'Z';
  const offsetMinutes = offset === 'Z' ? 0 : (offset.startsWith('-') ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  const utc = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!, millis) - offsetMinutes * 60_000;
  return new Date(utc).toISOString();
}

/**
 * An ARI date range; both ends inclusive (OTA StatusApplicationControl: "the End date is
 * included"), so `end` may equal `start` but not precede it. The issue for a reversed range
 * names `end`.
 */
export function parseInclusiveRange(
  start: { raw: string | undefined; path: string },
  end: { raw: string | undefined; path: string },
  issues: Issues,
): { start: string; end: string } | undefined {
  const from = requiredDate(start.raw, start.path, issues);
  const to = requiredDate(end.raw, end.path, issues);
  if (from === undefined || to === undefined) return undefined;
  if (to < from) {
    issues.add(end.path, 'INGEST.DATE_RANGE_REVERSED', `end ${to} is before start ${from} (both ends are inclusive)`);
    return undefined;
  }
  return { start: from, end: to };
}

/** A stay: `departure` is the check-out day and excluded, so it must come after `arrival`. */
export function parseStay(
  arrival: { raw: string | undefined; path: string },
  departure: { raw: string | undefined; path: string },
  issues: Issues,
): { arrival: string; departure: string } | undefined {
  const from = requiredDate(arrival.raw, arrival.path, issues);
  const to = requiredDate(departure.raw, departure.path, issues);
  if (from === undefined || to === undefined) return undefined;
  if (to <= from) {
    issues.add(departure.path, 'INGEST.DATE_RANGE_REVERSED', `departure ${to} must be after arrival ${from} (a stay has at least one night)`);
    return undefined;
  }
  return { arrival: from, departure: to };
}

/** Nights between two valid dates (departure excluded). */
export function nightsBetween(arrival: string, departure: string): number {
  return Math.round((Date.parse(`${departure}T00:00:00Z`) - Date.parse(`${arrival}T00:00:00Z`)) / 86_400_000);
}

function requiredDate(raw: string | undefined, path: string, issues: Issues): string | undefined {
  if (raw === undefined || raw === '') {
    issues.add(path, 'INGEST.MISSING', 'a date is required');
    return undefined;
  }
  return parseDate(raw, path, issues);
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Start/End attributes of an element as range inputs. */
export const attributeRange = (elementPath: string, attrs: { start: string | undefined; end: string | undefined }, names = ['Start', 'End'] as const) => ({
  start: { raw: attrs.start, path: attributePath(elementPath, names[0]) },
  end: { raw: attrs.end, path: attributePath(elementPath, names[1]) },
});
