import { bookingEventType, bookingOf, bookingStatus, primaryGuestOf, roomsOf, totalMoney } from './booking.common';
import type { Renderer } from './renderer';

/**
 * BOOKING 2024-04-01 (SUPPORTED): `status` NEW | MODIFIED | CANCELLED, `primaryGuest
 * {firstName, lastName}`, `rooms[]`; `totalAmount` is still a JSON number (null when unknown).
 */
export const booking20240401: Renderer = {
  category: 'BOOKING',
  version: '2024-04-01',
  eventType: bookingEventType,
  data: (context) => {
    const booking = bookingOf(context);
    const total = totalMoney(booking);
    return {
      hotelCode: booking.hotelCode,
      reservationId: booking.reservationId,
      status: bookingStatus(booking),
      primaryGuest: primaryGuestOf(booking),
      rooms: roomsOf(booking),
      totalAmount: total === undefined ? null : Number(total.amount),
    };
  },
};
