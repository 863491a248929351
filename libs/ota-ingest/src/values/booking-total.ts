import { upstreamV1 } from '@bakuun/contracts';
import type { Issues } from '../issues';
import { nightsBetween } from './dates';
import { fromMinor, toMinor, type AmountPair, type Money } from './money';

export interface RoomAmounts {
  readonly room: upstreamV1.BookedRoom;
  /** The room's own stated total (OTA RoomStay/Total), if any. */
  readonly total?: AmountPair | undefined;
}

const Origin = upstreamV1.BookingTotalOrigin;

/**
 * A booking's total: the stated one; else the sum of every room's stated total; else, when
 * every room has rates covering each of its nights exactly once, the sum of rate x nights
 * (origin SUM_OF_RATES). Each of before/after tax is summed only when every part has it.
 * Mixed currencies are a CONFLICT; exact arithmetic in minor units.
 */
export function sumTotals(rooms: readonly RoomAmounts[], stated: AmountPair | undefined, path: string, issues: Issues): upstreamV1.BookingTotal | undefined {
  if (stated) return { ...stated, origin: Origin.BOOKING_TOTAL_ORIGIN_STATED };
  if (rooms.length === 0) return undefined;
  if (rooms.every((r) => r.total)) return combine(rooms.map((r) => ({ pair: r.total!, times: 1 })), Origin.BOOKING_TOTAL_ORIGIN_STATED, path, issues);
  if (!rooms.every((r) => r.room.rates.length > 0)) return undefined;
  for (const { room } of rooms) {
    const covered = room.rates.reduce((n, rate) => n + nightsBetween(rate.period!.arrival, rate.period!.departure), 0);
    const nights = nightsBetween(room.stay!.arrival, room.stay!.departure);
    if (covered !== nights) {
      issues.add(path, 'INGEST.CONFLICT', `no Total given and the rates of room ${room.roomTypeCode || room.ratePlanCode || '?'} cover ${covered} night(s) of a ${nights}-night stay`);
      return undefined;
    }
  }
  const parts = rooms.flatMap(({ room }) =>
    room.rates.map((rate) => ({ pair: { amountBeforeTax: rate.amountBeforeTax, amountAfterTax: rate.amountAfterTax }, times: nightsBetween(rate.period!.arrival, rate.period!.departure) })),
  );
  return combine(parts, Origin.BOOKING_TOTAL_ORIGIN_SUM_OF_RATES, path, issues);
}

function combine(parts: { pair: AmountPair; times: number }[], origin: upstreamV1.BookingTotalOrigin, path: string, issues: Issues): upstreamV1.BookingTotal | undefined {
  const sum = (pick: (pair: AmountPair) => Money | undefined): Money | undefined => {
    const monies = parts.map((p) => ({ money: pick(p.pair), times: p.times }));
    if (monies.some((m) => m.money === undefined)) return undefined;
    const currency = monies[0]!.money!.currencyCode;
    if (monies.some((m) => m.money!.currencyCode !== currency)) {
      issues.add(path, 'INGEST.CONFLICT', `cannot add up a total over different currencies (${[...new Set(monies.map((m) => m.money!.currencyCode))].join(', ')})`);
      return undefined;
    }
    return fromMinor(monies.reduce((total, m) => total + toMinor(m.money!) * BigInt(m.times), 0n), currency);
  };
  const amountBeforeTax = sum((p) => p.amountBeforeTax);
  const amountAfterTax = sum((p) => p.amountAfterTax);
  if (!amountBeforeTax && !amountAfterTax) return undefined;
  return { amountBeforeTax, amountAfterTax, origin };
}
