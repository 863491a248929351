import { upstreamV1 } from '@bakuun/contracts';
import { issuesOf, messagesOf, mutate, PARTNER, RECEIVED_AT, sample, SAMPLES } from '../ingest.fixtures';
import { toUpstreamRecord } from '../upstream-records';

const { BookingEventType, BookingTotalOrigin } = upstreamV1;
const RES = '/OTA_HotelResNotifRQ/HotelReservations/HotelReservation';

describe('OTA_HotelResNotifRQ', () => {
  it('Commit sample: a NEW booking with the stay (check-out excluded), guests, nightly rate, total = rate x nights, and the guest name only', () => {
    const messages = messagesOf(sample(SAMPLES.resNotif), { defaultCurrencyCode: 'USD' });
    expect(messages).toHaveLength(1);
    const [booking] = messages;
    if (booking?.type !== 'BookingEvent') throw new Error('expected a BookingEvent');
    const { envelope, ...body } = booking.message;
    expect(envelope).toMatchObject({ partnerId: PARTNER, producedAt: RECEIVED_AT, source: { documentType: 'OTA_HotelResNotifRQ', path: RES, position: 1, documentTimestamp: '2005-01-26T15:22:00.000Z', echoToken: '354' } });
    expect(body).toEqual({
      hotelCode: 'WASJW',
      type: BookingEventType.BOOKING_EVENT_TYPE_NEW,
      reservationId: '7865',
      references: [{ type: '13', value: '7865', source: 'Travel Today' }],
      stay: { arrival: '2005-10-18', departure: '2005-10-20' },
      rooms: [
        {
          roomTypeCode: '',
          ratePlanCode: 'CORA999',
          stay: { arrival: '2005-10-18', departure: '2005-10-20' },
          guestCount: 1,
          rates: [{ period: { arrival: '2005-10-18', departure: '2005-10-20' }, amountBeforeTax: { currencyCode: 'USD', amount: '280.00' }, amountAfterTax: undefined }],
        },
      ],
      guestCount: 1,
      total: { amountBeforeTax: { currencyCode: 'USD', amount: '560.00' }, amountAfterTax: undefined, origin: BookingTotalOrigin.BOOKING_TOTAL_ORIGIN_SUM_OF_RATES },
      primaryGuest: { namePrefix: 'Mr.', givenName: 'Jordan', surname: 'Sample' },
      createdAt: '',
    });
  });

  it('never carries card data, contact details or address, not even in the encoded bytes', () => {
    const [booking] = messagesOf(sample(SAMPLES.resNotif), { defaultCurrencyCode: 'USD' });
    const encoded = Buffer.from(toUpstreamRecord(booking!).value).toString('latin1');
    const json = JSON.stringify(booking);
    for (const secret of ['4111111111111111', '1299', '5550100199', 'jordan.sample@example.test', '1 Example Street', 'Sampletown', 'non-smoking']) {
      expect(json).not.toContain(secret);
      expect(encoded).not.toContain(secret);
    }
  });

  it('a stated Total wins over the sum of rates', () => {
    const xml = mutate(SAMPLES.resNotif, '<TimeSpan Start="2005-10-18" End="2005-10-20" />', '<TimeSpan Start="2005-10-18" End="2005-10-20" /><Total AmountAfterTax="612.40" CurrencyCode="USD" />');
    const [booking] = messagesOf(xml, { defaultCurrencyCode: 'USD' });
    if (booking?.type !== 'BookingEvent') throw new Error('expected a BookingEvent');
    expect(booking.message.total).toEqual({ amountAfterTax: { currencyCode: 'USD', amount: '612.40' }, amountBeforeTax: undefined, origin: BookingTotalOrigin.BOOKING_TOTAL_ORIGIN_STATED });
  });

  it('maps Modify and Cancel, and refuses two-phase statuses', () => {
    const typeOf = (status: string) => {
      const [booking] = messagesOf(mutate(SAMPLES.resNotif, 'ResStatus="Commit"', `ResStatus="${status}"`), { defaultCurrencyCode: 'USD' });
      return booking?.type === 'BookingEvent' ? booking.message.type : undefined;
    };
    expect(typeOf('Modify')).toBe(BookingEventType.BOOKING_EVENT_TYPE_MODIFIED);
    expect(typeOf('Cancel')).toBe(BookingEventType.BOOKING_EVENT_TYPE_CANCELLED);
    expect(issuesOf(mutate(SAMPLES.resNotif, 'ResStatus="Commit"', 'ResStatus="Initiate"'), { defaultCurrencyCode: 'USD' })).toEqual([
      { path: '/OTA_HotelResNotifRQ/@ResStatus', code: 'INGEST.UNSUPPORTED', message: 'ResStatus "Initiate" is not a booking (Commit, Book, Reserved, Modify, Modified, Cancel, Cancelled)' },
    ]);
  });

  it('refuses a stay whose check-out is not after check-in, and a rate outside the stay', () => {
    expect(issuesOf(mutate(SAMPLES.resNotif, '<TimeSpan Start="2005-10-18" End="2005-10-20" />', '<TimeSpan Start="2005-10-18" End="2005-10-18" />'), { defaultCurrencyCode: 'USD' })).toEqual([
      { path: `${RES}/RoomStays/RoomStay/TimeSpan/@End`, code: 'INGEST.DATE_RANGE_REVERSED', message: 'departure 2005-10-18 must be after arrival 2005-10-18 (a stay has at least one night)' },
    ]);
    expect(issuesOf(mutate(SAMPLES.resNotif, 'ExpireDate="2005-10-20"', 'ExpireDate="2005-10-21"'), { defaultCurrencyCode: 'USD' })).toEqual([
      { path: `${RES}/RoomStays/RoomStay/RoomRates/RoomRate/Rates/Rate`, code: 'INGEST.CONFLICT', message: "the rate's nights 2005-10-18..2005-10-21 fall outside the stay 2005-10-18..2005-10-20" },
    ]);
  });
});
