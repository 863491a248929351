/* Upstream messages for the renderer specs; not exported from index.ts. */
import { upstreamV1 } from '@bakuun/contracts';
import type { UpstreamMessage } from '../upstream-message';

const envelope = (messageId: string): upstreamV1.UpstreamEnvelope => ({ messageId, partnerId: 'partner-1', producedAt: '2025-03-01T10:00:00.000Z' });
const eur = (amount: string): upstreamV1.Money => ({ currencyCode: 'EUR', amount });

export function ariMessage(overrides: Partial<upstreamV1.AriUpdate> = {}): UpstreamMessage {
  const ari: upstreamV1.AriUpdate = {
    envelope: envelope('msg_01jbz7m3q4x8k2n5p6r9s0t1v2'),
    hotelCode: 'HTL1',
    roomTypeCode: 'DBL',
    allRoomTypes: false,
    ratePlanCode: 'BAR',
    dates: { start: '2025-04-01', end: '2025-04-03' },
    daysOfWeek: [],
    availability: { kind: upstreamV1.AvailabilityKind.AVAILABILITY_KIND_BOOKING_LIMIT, setTo: 4 },
    rates: [
      { numberOfGuests: 1, ageQualifyingCode: '10', amountAfterTax: eur('99.00') },
      { numberOfGuests: 2, ageQualifyingCode: '10', amountAfterTax: eur('129.50') },
    ],
    restrictions: { minStay: 2, closedToArrival: true, closed: false },
    ...overrides,
  };
  return { category: 'ARI', messageId: ari.envelope!.messageId, partnerId: 'partner-1', hotelCode: ari.hotelCode, producedAt: '2025-03-01T10:00:00.000Z', ari };
}

export function mappingMessage(change: Omit<upstreamV1.MappingChange, 'envelope'>, messageId = 'msg_01jbz7m3q4x8k2n5p6r9s0t1m1'): UpstreamMessage {
  const mapping: upstreamV1.MappingChange = { envelope: envelope(messageId), ...change };
  return { category: 'MAPPING', messageId, partnerId: 'partner-1', hotelCode: change.hotelCode, producedAt: '2025-03-01T10:00:00.000Z', mapping };
}

export function bookingMessage(type: upstreamV1.BookingEventType): UpstreamMessage {
  const booking: upstreamV1.BookingEvent = {
    envelope: { ...envelope('msg_01jbz7m3q4x8k2n5p6r9s0t1b1'), source: { format: upstreamV1.SourceFormat.SOURCE_FORMAT_OTA_XML, documentType: 'OTA_HotelResNotifRQ', documentSha256: '', path: '', position: 1, documentTimestamp: '2025-02-28T09:00:00.000Z', echoToken: '', locatorId: '' } },
    hotelCode: 'HTL1',
    type,
    reservationId: 'RES-42',
    references: [],
    stay: { arrival: '2025-04-01', departure: '2025-04-03' },
    rooms: [{ roomTypeCode: 'DBL', ratePlanCode: 'BAR', stay: { arrival: '2025-04-01', departure: '2025-04-03' }, guestCount: 2, rates: [{ period: { arrival: '2025-04-01', departure: '2025-04-03' }, amountAfterTax: eur('129.50') }] }],
    guestCount: 2,
    total: { amountAfterTax: eur('259.00'), origin: upstreamV1.BookingTotalOrigin.BOOKING_TOTAL_ORIGIN_STATED },
    primaryGuest: { namePrefix: '', givenName: 'Jordan', surname: 'Sample' },
    createdAt: '2025-02-28T09:00:00.000Z',
  };
  return { category: 'BOOKING', messageId: booking.envelope!.messageId, partnerId: 'partner-1', hotelCode: 'HTL1', producedAt: '2025-03-01T10:00:00.000Z', booking };
}
