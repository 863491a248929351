import type { upstreamV1 } from '@bakuun/contracts';
import { moneyOf } from './ari.common';
import { bookingEventType, bookingOf, bookingStatus, primaryGuestOf, roomsOf, totalMoney } from './booking.common';
import type { Renderer } from './renderer';

const DAY_MS = 86_400_000;

/** One entry per night of each booked rate's period (departure exclusive), amounts as decimal strings. */
function dailyRates(room: upstreamV1.BookedRoom): { date: string; amount: string }[] {
  const nights: { date: string; amount: string }[] = [];
  for (const rate of room.rates) {
    const money = moneyOf(rate);
    if (!rate.period || !money) continue;
    for (let t = Date.parse(`${rate.period.arrival}T00:00:00Z`); t < Date.parse(`${rate.period.departure}T00:00:00Z`); t += DAY_MS) {
      nights.push({ date: new Date(t).toISOString().slice(0, 10), amount: money.amount });
    }
  }
  return nights;
}

/**
 * BOOKING 2025-01-15 (CURRENT): `total {amount, currency}` with a decimal string,
 * `rooms[].dailyRates`, and `cancellation {reason, cancelledAt}` when CANCELLED (else null).
 * The upstream BookingEvent states no cancellation reason or time: `reason` is null and
 * `cancelledAt` is the source document's time stamp, else the time the message was produced.
 */
export const booking20250115: Renderer = {
  category: 'BOOKING',
  version: '2025-01-15',
  eventType: bookingEventType,
  data: (context) => {
    const booking = bookingOf(context);
    const total = totalMoney(booking);
    const status = bookingStatus(booking);
    return {
      hotelCode: booking.hotelCode,
      reservationId: booking.reservationId,
      status,
      primaryGuest: primaryGuestOf(booking),
      rooms: roomsOf(booking).map((room, i) => ({ ...room, dailyRates: dailyRates(booking.rooms[i]!) })),
      total: total === undefined ? null : { amount: total.amount, currency: total.currencyCode },
      cancellation: status === 'CANCELLED' ? { reason: null, cancelledAt: booking.envelope?.source?.documentTimestamp || context.message.producedAt } : null,
    };
  },
};
