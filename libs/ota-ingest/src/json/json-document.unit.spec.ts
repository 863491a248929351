import { upstreamV1 } from '@bakuun/contracts';
import { bodies, issuesOf, messagesOf, sample, SAMPLES } from '../ingest.fixtures';

const { AvailabilityKind, DayOfWeek, MappingOperation, BookingEventType, BookingTotalOrigin, SourceFormat } = upstreamV1;
const eur = (amount: string) => ({ currencyCode: 'EUR', amount });

describe('JSON documents', () => {
  it('ari: mirrors AriUpdate; absolute and relative availability, rates per occupancy, restrictions, weekdays, house level', () => {
    const messages = messagesOf(sample(SAMPLES.jsonAri));
    const sourceTime = '2025-03-01T08:30:00.000Z';
    expect(bodies(messages)).toEqual([
      {
        hotelCode: 'AL_TEST', roomTypeCode: 'RO_TEST', allRoomTypes: false, ratePlanCode: '001', dates: { start: '2025-04-01', end: '2025-04-03' }, daysOfWeek: [],
        availability: { kind: AvailabilityKind.AVAILABILITY_KIND_BOOKING_LIMIT, setTo: 5 },
        rates: [
          { numberOfGuests: 1, ageQualifyingCode: '10', amountAfterTax: eur('89.50'), amountBeforeTax: undefined },
          { numberOfGuests: 2, ageQualifyingCode: '10', amountAfterTax: eur('120.00'), amountBeforeTax: eur('109.09') },
        ],
        restrictions: { minStay: 2, closedToArrival: true },
        sequence: { sourceTime, position: 1 },
      },
      {
        hotelCode: 'AL_TEST', roomTypeCode: 'RO_TEST', allRoomTypes: false, ratePlanCode: '', dates: { start: '2025-04-04', end: '2025-04-04' },
        daysOfWeek: [DayOfWeek.DAY_OF_WEEK_FRIDAY, DayOfWeek.DAY_OF_WEEK_SATURDAY],
        availability: { kind: AvailabilityKind.AVAILABILITY_KIND_AVAILABLE_ROOMS, adjustBy: -2 }, rates: [], restrictions: undefined,
        sequence: { sourceTime, position: 2 },
      },
      {
        hotelCode: 'AL_TEST', roomTypeCode: '', allRoomTypes: true, ratePlanCode: '', dates: { start: '2025-12-24', end: '2025-12-26' }, daysOfWeek: [],
        availability: undefined, rates: [], restrictions: { closed: true },
        sequence: { sourceTime, position: 3 },
      },
    ]);
    expect(messages[1]!.message.envelope!.source).toMatchObject({ format: SourceFormat.SOURCE_FORMAT_JSON, documentType: 'json:ari', path: '/updates[2]', locatorId: '7', documentTimestamp: sourceTime });
  });

  it('mapping: one MappingChange with upserted and deleted room types and rate plans', () => {
    const messages = messagesOf(sample(SAMPLES.jsonMapping));
    expect(messages.map((m) => m.type)).toEqual(['MappingChange']);
    expect(bodies(messages)).toEqual([
      {
        hotelCode: 'AL_TEST',
        operation: MappingOperation.MAPPING_OPERATION_UPSERT,
        hotelName: 'Hotel Alpenblick',
        roomTypes: [
          { code: 'RO_TEST', operation: MappingOperation.MAPPING_OPERATION_UPSERT, name: 'Double room' },
          { code: 'RO_TEST2', operation: MappingOperation.MAPPING_OPERATION_UPSERT, name: 'Junior suite' },
          { code: 'RO_OLD', operation: MappingOperation.MAPPING_OPERATION_DELETE, name: '' },
        ],
        ratePlans: [
          { code: '001', operation: MappingOperation.MAPPING_OPERATION_UPSERT, name: 'Best available rate', roomTypeCodes: ['RO_TEST', 'RO_TEST2'] },
          { code: '003', operation: MappingOperation.MAPPING_OPERATION_UPSERT, name: 'Half board', roomTypeCodes: [] },
          { code: '099', operation: MappingOperation.MAPPING_OPERATION_DELETE, name: '', roomTypeCodes: [] },
        ],
      },
    ]);
    expect(messages[0]!.message.envelope!.source).toMatchObject({ documentType: 'json:mapping', path: '/', documentTimestamp: '' });
  });

  it('booking: a new booking over two rooms with a stated total, and a bare cancellation', () => {
    const messages = messagesOf(sample(SAMPLES.jsonBooking));
    expect(bodies(messages)).toEqual([
      {
        hotelCode: 'AL_TEST',
        type: BookingEventType.BOOKING_EVENT_TYPE_NEW,
        reservationId: 'WD-1001',
        references: [{ type: '', value: 'WD-1001', source: '' }, { type: '14', value: 'CH-555', source: 'Channel' }],
        stay: { arrival: '2025-04-01', departure: '2025-04-04' },
        rooms: [
          { roomTypeCode: 'RO_TEST', ratePlanCode: '001', stay: { arrival: '2025-04-01', departure: '2025-04-03' }, guestCount: 2, rates: [{ period: { arrival: '2025-04-01', departure: '2025-04-03' }, amountAfterTax: eur('120.00'), amountBeforeTax: undefined }] },
          {
            roomTypeCode: 'RO_TEST2', ratePlanCode: '003', stay: { arrival: '2025-04-02', departure: '2025-04-04' }, guestCount: 1,
            rates: [
              { period: { arrival: '2025-04-02', departure: '2025-04-03' }, amountAfterTax: eur('150.00'), amountBeforeTax: undefined },
              { period: { arrival: '2025-04-03', departure: '2025-04-04' }, amountAfterTax: eur('160.00'), amountBeforeTax: undefined },
            ],
          },
        ],
        guestCount: 3,
        total: { amountAfterTax: eur('550.00'), amountBeforeTax: undefined, origin: BookingTotalOrigin.BOOKING_TOTAL_ORIGIN_STATED },
        primaryGuest: { namePrefix: '', givenName: 'Jordan', surname: 'Sample' },
        createdAt: '2025-03-02T17:59:12.000Z',
      },
      {
        hotelCode: 'AL_TEST', type: BookingEventType.BOOKING_EVENT_TYPE_CANCELLED, reservationId: 'WD-0990', references: [{ type: '', value: 'WD-0990', source: '' }],
        stay: undefined, rooms: [], guestCount: 0, total: undefined, primaryGuest: undefined, createdAt: '',
      },
    ]);
  });

  it('booking without a total adds up rate x nights (origin SUM_OF_RATES)', () => {
    const doc = JSON.parse(sample(SAMPLES.jsonBooking)) as { bookings: Array<Record<string, unknown>> };
    delete doc.bookings[0]!.total;
    const [booking] = messagesOf(JSON.stringify(doc));
    if (booking?.type !== 'BookingEvent') throw new Error('expected a BookingEvent');
    expect(booking.message.total).toEqual({ amountAfterTax: eur('550.00'), amountBeforeTax: undefined, origin: BookingTotalOrigin.BOOKING_TOTAL_ORIGIN_SUM_OF_RATES });
  });

  describe('validation', () => {
    const ari = (update: object) => JSON.stringify({ type: 'ari', hotelCode: 'H1', updates: [{ roomTypeCode: 'DBL', dates: { start: '2025-04-01', end: '2025-04-02' }, ...update }] });

    it.each<[string, string, object[]]>([
      ['not JSON at all', '{"type": "ari",', [{ path: '/', code: 'INGEST.UNREADABLE' }]],
      ['a missing hotelCode', JSON.stringify({ type: 'mapping', operation: 'DELETE' }), [{ path: '/hotelCode', code: 'INGEST.MISSING', message: 'is required' }]],
      ['end before start', ari({ dates: { start: '2025-04-02', end: '2025-04-01' }, restrictions: { closed: true } }), [{ path: '/updates[1]/dates/end', code: 'INGEST.DATE_RANGE_REVERSED', message: 'end 2025-04-01 is before start 2025-04-02 (both ends are inclusive)' }]],
      ['a float amount', ari({ rates: [{ amountAfterTax: { currencyCode: 'EUR', amount: 120.1 } }] }), [{ path: '/updates[1]/rates[1]/amountAfterTax/amount', code: 'INGEST.BAD_VALUE', message: 'amounts are decimal strings ("120.00"), never JSON numbers' }]],
      ['an unknown currency', ari({ rates: [{ amountAfterTax: { currencyCode: 'EURO', amount: '1.00' } }] }), [{ path: '/updates[1]/rates[1]/amountAfterTax/currencyCode', code: 'INGEST.UNKNOWN_CURRENCY', message: '"EURO" is not an active ISO 4217 currency code' }]],
      ['too many decimals', ari({ rates: [{ amountAfterTax: { currencyCode: 'KWD', amount: '1.2345' } }] }), [{ path: '/updates[1]/rates[1]/amountAfterTax/amount', code: 'INGEST.TOO_MANY_DECIMALS', message: '"1.2345" has 4 significant decimal place(s); KWD allows 3' }]],
      ['negative absolute inventory', ari({ availability: { kind: 'ALLOCATION', setTo: -1 } }), [{ path: '/updates[1]/availability/setTo', code: 'INGEST.NEGATIVE_COUNT', message: 'setTo -1 is negative' }]],
      ['both absolute and relative', ari({ availability: { kind: 'ALLOCATION', setTo: 1, adjustBy: 1 } }), [{ path: '/updates[1]/availability/setTo', code: 'INGEST.BAD_VALUE', message: 'exactly one of setTo (absolute) and adjustBy (relative) is required' }]],
      ['an unknown property (card data has no field)', JSON.stringify({ type: 'booking', hotelCode: 'H1', bookings: [{ type: 'CANCELLED', reservationId: 'R1', cardNumber: '4111111111111111' }] }), [
        { path: '/bookings[1]/cardNumber', code: 'INGEST.UNKNOWN_FIELD', message: 'unknown property "cardNumber" (expected type, reservationId, references, rooms, total, primaryGuest, createdAt)' },
      ]],
      ['a room type and allRoomTypes', ari({ allRoomTypes: true, restrictions: { closed: true } }), [{ path: '/updates[1]/allRoomTypes', code: 'INGEST.CONFLICT', message: 'allRoomTypes contradicts roomTypeCode "DBL"' }]],
      ['an update that states nothing', ari({}), [{ path: '/updates[1]', code: 'INGEST.MISSING', message: 'an update needs availability, rates or restrictions' }]],
      ['a deleted hotel that lists room types', JSON.stringify({ type: 'mapping', hotelCode: 'H1', operation: 'DELETE', roomTypes: [{ code: 'A', operation: 'DELETE' }] }), [
        { path: '/operation', code: 'INGEST.CONFLICT', message: 'deleting a hotel deletes all its room types and rate plans; list none' },
      ]],
      ['an upserted room type without a name', JSON.stringify({ type: 'mapping', hotelCode: 'H1', operation: 'UPSERT', roomTypes: [{ code: 'A', operation: 'UPSERT' }] }), [{ path: '/roomTypes[1]/name', code: 'INGEST.MISSING', message: 'is required' }]],
      ['rates that do not cover the stay and no total', JSON.stringify({ type: 'booking', hotelCode: 'H1', bookings: [{ type: 'NEW', reservationId: 'R1', rooms: [{ stay: { arrival: '2025-04-01', departure: '2025-04-03' }, guestCount: 1, rates: [{ period: { arrival: '2025-04-01', departure: '2025-04-02' }, amountAfterTax: { currencyCode: 'EUR', amount: '10' } }] }] }] }), [
        { path: '/bookings[1]/total', code: 'INGEST.CONFLICT', message: 'no Total given and the rates of room ? cover 1 night(s) of a 2-night stay' },
        { path: '/bookings[1]/total', code: 'INGEST.MISSING', message: 'no total, and no room totals or rates to add one up from' },
      ]],
    ])('%s', (_name, document, expected) => {
      expect(issuesOf(document)).toEqual(expected.map((e) => expect.objectContaining(e)));
    });
  });
});
