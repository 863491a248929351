import { upstreamV1 } from '@bakuun/contracts';
import { renderPayload, renderVersionFor } from './index';
import { bookingMessage } from './fixtures';

const { BOOKING_EVENT_TYPE_NEW: NEW, BOOKING_EVENT_TYPE_CANCELLED: CANCELLED } = upstreamV1.BookingEventType;
const render = (version: string, type = NEW) => JSON.parse(renderPayload({ message: bookingMessage(type), ordinal: 1 }, version).body) as { type: string; data: Record<string, unknown> };

describe('BOOKING renderers, one per catalog version', () => {
  it('2023-10-01 is RETIRED and never rendered: an endpoint still on it gets 2024-04-01', () => {
    expect(renderVersionFor('BOOKING', '2023-10-01')).toBe('2024-04-01');
  });

  it('2024-04-01: status, primaryGuest split, rooms[], totalAmount still a number', () => {
    expect(render('2024-04-01')).toEqual({
      type: 'booking.new',
      timestamp: '2025-03-01T10:00:00.000Z',
      data: {
        hotelCode: 'HTL1', reservationId: 'RES-42', status: 'NEW', primaryGuest: { firstName: 'Jordan', lastName: 'Sample' },
        rooms: [{ roomTypeCode: 'DBL', ratePlanCode: 'BAR', arrival: '2025-04-01', departure: '2025-04-03', adults: 2, children: null }],
        totalAmount: 259,
      },
    });
  });

  it('2025-01-15: total {amount, currency} as a decimal string, dailyRates per night, cancellation null unless cancelled', () => {
    expect(render('2025-01-15').data).toEqual({
      hotelCode: 'HTL1', reservationId: 'RES-42', status: 'NEW', primaryGuest: { firstName: 'Jordan', lastName: 'Sample' },
      rooms: [{ roomTypeCode: 'DBL', ratePlanCode: 'BAR', arrival: '2025-04-01', departure: '2025-04-03', adults: 2, children: null, dailyRates: [{ date: '2025-04-01', amount: '129.50' }, { date: '2025-04-02', amount: '129.50' }] }],
      total: { amount: '259.00', currency: 'EUR' },
      cancellation: null,
    });
  });

  it('a cancellation carries when it happened (the document time stamp)', () => {
    const body = render('2025-01-15', CANCELLED);
    expect(body.type).toBe('booking.cancelled');
    expect(body.data.cancellation).toEqual({ reason: null, cancelledAt: '2025-02-28T09:00:00.000Z' });
  });
});
