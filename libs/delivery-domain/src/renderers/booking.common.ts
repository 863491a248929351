import { upstreamV1 } from '@bakuun/contracts';
import type { RenderContext } from './renderer';

export function bookingOf(context: RenderContext): upstreamV1.BookingEvent {
  if (context.message.category !== 'BOOKING') throw new TypeError(`A BOOKING renderer got a ${context.message.category} message`);
  return context.message.booking;
}

const { BOOKING_EVENT_TYPE_NEW: NEW, BOOKING_EVENT_TYPE_MODIFIED: MODIFIED, BOOKING_EVENT_TYPE_CANCELLED: CANCELLED } = upstreamV1.BookingEventType;

export function bookingStatus(booking: upstreamV1.BookingEvent): 'NEW' | 'MODIFIED' | 'CANCELLED' {
  switch (booking.type) {
    case NEW:
      return 'NEW';
    case MODIFIED:
      return 'MODIFIED';
    case CANCELLED:
      return 'CANCELLED';
    default:
      throw new TypeError(`Booking ${booking.reservationId} has no event type`);
  }
}

export function bookingEventType(context: RenderContext): string {
  return `booking.${bookingStatus(bookingOf(context)).toLowerCase()}`;
}

export function totalMoney(booking: upstreamV1.BookingEvent): upstreamV1.Money | undefined {
  return booking.total?.amountAfterTax ?? booking.total?.amountBeforeTax;
}

/**
 * `rooms[]` since 2024-04-01. The upstream BookedRoom states one guest count, not an
 * adults/children split: the count is rendered as `adults` and `children` is null (not stated).
 */
export function roomsOf(booking: upstreamV1.BookingEvent): { roomTypeCode: string; ratePlanCode: string; arrival: string; departure: string; adults: number; children: null }[] {
  return booking.rooms.map((room) => ({
    roomTypeCode: room.roomTypeCode,
    ratePlanCode: room.ratePlanCode,
    arrival: room.stay?.arrival ?? booking.stay?.arrival ?? '',
    departure: room.stay?.departure ?? booking.stay?.departure ?? '',
    adults: room.guestCount,
    children: null,
  }));
}

export function primaryGuestOf(booking: upstreamV1.BookingEvent): { firstName: string; lastName: string } {
  return { firstName: booking.primaryGuest?.givenName ?? '', lastName: booking.primaryGuest?.surname ?? '' };
}
