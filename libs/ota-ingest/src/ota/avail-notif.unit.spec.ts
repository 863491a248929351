import { upstreamV1 } from '@bakuun/contracts';
import { bodies, issuesOf, messagesOf, mutate, RECEIVED_AT, PARTNER, sample, SAMPLES } from '../ingest.fixtures';

const { AvailabilityKind, SourceFormat } = upstreamV1;
const BOOKING_LIMIT = AvailabilityKind.AVAILABILITY_KIND_BOOKING_LIMIT;
const SHA_SET_LIMIT = '046214804de1ec0c4903ba3b5552945071ab62b0d71226ee26e6be118b51463e';

describe('OTA_HotelAvailNotifRQ', () => {
  it('SetLimit sample: one absolute booking limit per AvailStatusMessage, End inclusive as written', () => {
    const messages = messagesOf(sample(SAMPLES.availSetLimit));
    const ari = (position: number, room: string, start: string, end: string, setTo: number, id: string): upstreamV1.AriUpdate => ({
      envelope: {
        messageId: id,
        partnerId: PARTNER,
        producedAt: RECEIVED_AT,
        source: {
          format: SourceFormat.SOURCE_FORMAT_OTA_XML,
          documentType: 'OTA_HotelAvailNotifRQ',
          documentSha256: SHA_SET_LIMIT,
          path: `/OTA_HotelAvailNotifRQ/AvailStatusMessages/AvailStatusMessage[${position}]`,
          position,
          documentTimestamp: '2004-05-01T06:39:09.000Z',
          echoToken: '',
          locatorId: '',
          uniqueId: { type: '16', id: String(position), instance: '' },
        },
      },
      hotelCode: '00000',
      roomTypeCode: room,
      allRoomTypes: false,
      ratePlanCode: 'WHLS1',
      dates: { start, end },
      daysOfWeek: [],
      availability: { kind: BOOKING_LIMIT, setTo },
      rates: [],
      restrictions: undefined,
      sequence: { sourceTime: '2004-05-01T06:39:09.000Z', position },
    });
    expect(messages.map((m) => m.type)).toEqual(['AriUpdate', 'AriUpdate', 'AriUpdate', 'AriUpdate']);
    expect(messages.map((m) => m.message)).toEqual([
      ari(1, 'STD', '2004-08-02', '2004-08-05', 25, 'msg_3hd8k5tgzf9nv85tm3xfvwcb4b'),
      ari(2, 'STD', '2004-08-06', '2004-08-08', 35, 'msg_7nw6dbgx3j4z2atvcevckvrhh5'),
      ari(3, 'DLX', '2004-08-02', '2004-08-05', 5, 'msg_674pzt59hfz2tbkbv33fb95wqt'),
      ari(4, 'DLX', '2004-08-06', '2004-08-08', 8, expect.stringMatching(/^msg_[0-7][0-9a-hjkmnp-tv-z]{25}$/) as unknown as string),
    ]);
  });

  it('AdjustLimit sample: relative deltas stay deltas (0 included), house level without InvCode, trimmed UniqueID "1 "', () => {
    const messages = messagesOf(sample(SAMPLES.availAdjustLimit));
    expect(bodies(messages)).toEqual([
      { hotelCode: '00000', roomTypeCode: '', allRoomTypes: true, ratePlanCode: '', dates: { start: '2004-04-06', end: '2004-04-07' }, daysOfWeek: [], availability: { kind: BOOKING_LIMIT, adjustBy: 40 }, rates: [], sequence: { sourceTime: '2004-05-01T06:39:09.000Z', position: 1 } },
      { hotelCode: '00000', roomTypeCode: '', allRoomTypes: true, ratePlanCode: '', dates: { start: '2004-04-07', end: '2004-04-09' }, daysOfWeek: [], availability: { kind: BOOKING_LIMIT, adjustBy: 30 }, rates: [], sequence: { sourceTime: '2004-05-01T06:39:09.000Z', position: 2 } },
      { hotelCode: '00000', roomTypeCode: '', allRoomTypes: true, ratePlanCode: '', dates: { start: '2004-04-09', end: '2004-04-10' }, daysOfWeek: [], availability: { kind: BOOKING_LIMIT, adjustBy: 0 }, rates: [], sequence: { sourceTime: '2004-05-01T06:39:09.000Z', position: 3 } },
      { hotelCode: '00000', roomTypeCode: 'KNS', allRoomTypes: false, ratePlanCode: '', dates: { start: '2004-04-06', end: '2004-04-08' }, daysOfWeek: [], availability: { kind: BOOKING_LIMIT, adjustBy: 10 }, rates: [], sequence: { sourceTime: '2004-05-01T06:39:09.000Z', position: 4 } },
      { hotelCode: '00000', roomTypeCode: 'DDS', allRoomTypes: false, ratePlanCode: '', dates: { start: '2004-05-01', end: '2004-05-04' }, daysOfWeek: [], availability: { kind: BOOKING_LIMIT, adjustBy: 20 }, rates: [], sequence: { sourceTime: '2004-05-01T06:39:09.000Z', position: 5 } },
      { hotelCode: '00000', roomTypeCode: 'CLBS', allRoomTypes: false, ratePlanCode: '', dates: { start: '2004-04-10', end: '2004-04-18' }, daysOfWeek: [], availability: { kind: BOOKING_LIMIT, adjustBy: 15 }, rates: [], sequence: { sourceTime: '2004-05-01T06:39:09.000Z', position: 6 } },
    ]);
    expect(messages[0]!.message.envelope!.source!.uniqueId).toEqual({ type: '16', id: '1', instance: '' });
  });

  it('keeps a delta encoded even when it is 0, so "adjust by 0" is not read as "no availability"', () => {
    const third = messagesOf(sample(SAMPLES.availAdjustLimit))[2]!;
    if (third.type !== 'AriUpdate') throw new Error('expected an AriUpdate');
    const decoded = upstreamV1.AriUpdate.decode(upstreamV1.AriUpdate.encode(third.message).finish());
    expect(decoded.availability).toEqual({ kind: BOOKING_LIMIT, adjustBy: 0, setTo: undefined });
  });

  it('Weekendesk sample: booking limit without a message type is absolute; LOS and Master/Arrival/Departure restrictions; LocatorID', () => {
    const messages = messagesOf(sample(SAMPLES.availRestrictions));
    const time = '2016-02-26T10:32:51.000Z';
    expect(bodies(messages)).toEqual([
      {
        hotelCode: 'AL_TEST', roomTypeCode: 'RO_TEST', allRoomTypes: false, ratePlanCode: '001', dates: { start: '2017-04-23', end: '2017-04-30' }, daysOfWeek: [],
        availability: { kind: BOOKING_LIMIT, setTo: 29 }, rates: [],
        restrictions: { minStay: 2, maxStay: 99, closed: true, closedToArrival: false, closedToDeparture: false },
        sequence: { sourceTime: time, position: 1 },
      },
      {
        hotelCode: 'AL_TEST', roomTypeCode: 'RO_TEST', allRoomTypes: false, ratePlanCode: '003', dates: { start: '2017-03-23', end: '2017-03-30' }, daysOfWeek: [],
        availability: { kind: BOOKING_LIMIT, setTo: 20 }, rates: [],
        restrictions: { minStay: 1, maxStay: 99, closed: false, closedToArrival: false, closedToDeparture: true },
        sequence: { sourceTime: time, position: 2 },
      },
      {
        hotelCode: 'AL_TEST', roomTypeCode: 'RO_TEST2', allRoomTypes: false, ratePlanCode: '003', dates: { start: '2017-03-23', end: '2017-03-30' }, daysOfWeek: [],
        availability: { kind: BOOKING_LIMIT, setTo: 20 }, rates: [],
        restrictions: { minStay: 3, maxStay: 99, closed: false, closedToArrival: false, closedToDeparture: false },
        sequence: { sourceTime: time, position: 3 },
      },
    ]);
    expect(messages.map((m) => m.message.envelope!.source!.locatorId)).toEqual(['1', '2', '3']);
  });

  it('reads a weekday pattern and Remove*LOS', () => {
    const xml = mutate(SAMPLES.availRestrictions, 'RatePlanCode="001" InvTypeCode="RO_TEST" />', 'RatePlanCode="001" InvTypeCode="RO_TEST" Sat="true" Sun="1" Mon="false"/>')
      .replace('<LengthOfStay Time="2" MinMaxMessageType="SetMinLOS" />', '<LengthOfStay Time="0" MinMaxMessageType="RemoveMinLOS" />');
    const [first] = messagesOf(xml);
    if (first?.type !== 'AriUpdate') throw new Error('expected an AriUpdate');
    expect(first.message.daysOfWeek).toEqual([upstreamV1.DayOfWeek.DAY_OF_WEEK_SATURDAY, upstreamV1.DayOfWeek.DAY_OF_WEEK_SUNDAY]);
    expect(first.message.restrictions).toMatchObject({ minStay: 0, maxStay: 99 });
  });

  it('refuses contradicting restrictions in one message', () => {
    const xml = mutate(SAMPLES.availRestrictions, '<RestrictionStatus Status="Close" />', '<RestrictionStatus Status="Close" /><RestrictionStatus Restriction="Master" Status="Open" />');
    expect(issuesOf(xml)).toEqual([
      { path: '/OTA_HotelAvailNotifRQ/AvailStatusMessages/AvailStatusMessage[1]/RestrictionStatus[2]/@Restriction', code: 'INGEST.CONFLICT', message: 'contradicts an earlier closed of the same AvailStatusMessage' },
    ]);
  });
});
