import { upstreamV1 } from '@bakuun/contracts';
import type { RenderContext } from './renderer';

const DAY_MS = 86_400_000;

export function ariOf(context: RenderContext): upstreamV1.AriUpdate {
  if (context.message.category !== 'ARI') throw new TypeError(`An ARI renderer got a ${context.message.category} message`);
  return context.message.ari;
}

const dayNumber = (isoDate: string): number => Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS;
const isoOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/**
 * The inclusive spans an update covers. No API version carries weekday filters, so an update
 * for some weekdays only is split into its maximal runs of consecutive applicable days.
 */
export function spansOf(ari: upstreamV1.AriUpdate): { start: string; end: string }[] {
  const dates = ari.dates;
  if (!dates) return [];
  if (ari.daysOfWeek.length === 0 || ari.daysOfWeek.length === 7) return [{ start: dates.start, end: dates.end }];
  const days = new Set(ari.daysOfWeek);
  const spans: { start: string; end: string }[] = [];
  let runStart: number | null = null;
  const first = dayNumber(dates.start);
  const last = dayNumber(dates.end);
  for (let day = first; day <= last + 1; day++) {
    // 1970-01-01 was a Thursday; DayOfWeek is 1 = Monday .. 7 = Sunday.
    const weekday = ((((day + 3) % 7) + 7) % 7) + 1;
    const applies = day <= last && days.has(weekday as upstreamV1.DayOfWeek);
    if (applies && runStart === null) runStart = day;
    if (!applies && runStart !== null) {
      spans.push({ start: isoOf(runStart), end: isoOf(day - 1) });
      runStart = null;
    }
  }
  return spans;
}

/** The price a rate states: after tax when given, else before tax. */
export function moneyOf(rate: { amountAfterTax?: upstreamV1.Money | undefined; amountBeforeTax?: upstreamV1.Money | undefined }): upstreamV1.Money | undefined {
  return rate.amountAfterTax ?? rate.amountBeforeTax;
}

/**
 * The single price of versions before 2025-09-01: the room price whatever the occupancy when
 * stated (number_of_guests 0), else the double-occupancy price, else the first one stated.
 */
export function singleRate(ari: upstreamV1.AriUpdate): upstreamV1.Money | undefined {
  const pick = ari.rates.find((r) => r.numberOfGuests === 0) ?? ari.rates.find((r) => r.numberOfGuests === 2) ?? ari.rates[0];
  return pick ? moneyOf(pick) : undefined;
}

/**
 * `inventory` (since 2024-04-01): `available` for an absolute count. A relative change (OTA
 * AdjustLimit) is rendered as `adjustBy`, which the receiver must apply exactly once, in order;
 * the catalog names only `available`, so `adjustBy` is the one addition every version shares.
 */
export function inventoryOf(ari: upstreamV1.AriUpdate): { available: number } | { adjustBy: number } | undefined {
  const availability = ari.availability;
  if (!availability) return undefined;
  if (availability.setTo !== undefined) return { available: availability.setTo };
  if (availability.adjustBy !== undefined) return { adjustBy: availability.adjustBy };
  return undefined;
}

/** Identity fields shared by every ARI version. */
export function ariTarget(ari: upstreamV1.AriUpdate): { hotelCode: string; roomTypeCode: string | null; allRoomTypes?: true; ratePlanCode: string | null } {
  return {
    hotelCode: ari.hotelCode,
    roomTypeCode: ari.allRoomTypes ? null : ari.roomTypeCode,
    ...(ari.allRoomTypes ? { allRoomTypes: true as const } : {}),
    ratePlanCode: ari.ratePlanCode || null,
  };
}

export const ARI_EVENT_TYPE = 'ari.updated';
