import { upstreamV1 } from '@bakuun/contracts';
import { bodies, issuesOf, messagesOf, mutate, RECEIVED_AT, sample, SAMPLES } from '../ingest.fixtures';

const { AvailabilityKind } = upstreamV1;

describe('OTA_HotelInvCountNotifRQ', () => {
  it('OpenTravel allocation sample: absolute allocations, room level and per rate plan; no TimeStamp so the sequence uses the receive time', () => {
    const messages = messagesOf(sample(SAMPLES.invCountAllocation));
    const allocation = (position: number, ratePlanCode: string, setTo: number) => ({
      hotelCode: 'ATLPE', roomTypeCode: 'SDD', allRoomTypes: false, ratePlanCode, dates: { start: '2005-04-01', end: '2005-04-01' }, daysOfWeek: [],
      availability: { kind: AvailabilityKind.AVAILABILITY_KIND_ALLOCATION, setTo }, rates: [], restrictions: undefined,
      sequence: { sourceTime: RECEIVED_AT, position },
    });
    expect(bodies(messages)).toEqual([
      allocation(1, '', 30),
      allocation(2, 'ROOMONLY', 10),
      allocation(3, 'ROOMCAR', 10),
      allocation(4, 'ROOMAIR', 10),
      allocation(5, 'RMCARAIR', 10),
    ]);
    expect(messages[0]!.message.envelope!.source).toMatchObject({ documentTimestamp: '', path: '/OTA_HotelInvCountNotifRQ/Inventories/Inventory[1]' });
  });

  it('AlpineBits closing season: AllInvCode="true" without InvCounts closes the hotel; an Inventory without InvCounts is fully booked; CompleteSet carried', () => {
    const messages = messagesOf(sample(SAMPLES.invCountClosingSeason));
    const free = (position: number, start: string, end: string, setTo: number) => ({
      hotelCode: '123', roomTypeCode: 'DOUBLE', allRoomTypes: false, ratePlanCode: '', dates: { start, end }, daysOfWeek: [],
      availability: { kind: AvailabilityKind.AVAILABILITY_KIND_AVAILABLE_ROOMS, setTo }, rates: [], restrictions: undefined,
      sequence: { sourceTime: RECEIVED_AT, position },
    });
    expect(bodies(messages)).toEqual([
      {
        hotelCode: '123', roomTypeCode: '', allRoomTypes: true, ratePlanCode: '', dates: { start: '2020-08-31', end: '2020-09-30' }, daysOfWeek: [],
        availability: undefined, rates: [], restrictions: { closed: true }, sequence: { sourceTime: RECEIVED_AT, position: 1 },
      },
      free(2, '2020-08-01', '2020-08-10', 3),
      free(3, '2020-08-11', '2020-08-20', 0),
      free(4, '2020-08-21', '2020-08-30', 1),
    ]);
    expect(messages.map((m) => m.message.envelope!.source!.uniqueId)).toEqual(Array(4).fill({ type: '16', id: '1', instance: 'CompleteSet' }));
  });

  it('AlpineBits: an InvCounts with only out-of-order rooms (CountType 6) means 0 bookable rooms', () => {
    const xml = mutate(SAMPLES.invCountClosingSeason, '<InvCount CountType="2" Count="3"/>', '<InvCount CountType="6" Count="2"/>');
    const second = messagesOf(xml)[1]!;
    if (second.type !== 'AriUpdate') throw new Error('expected an AriUpdate');
    expect(second.message.availability).toEqual({ kind: AvailabilityKind.AVAILABILITY_KIND_AVAILABLE_ROOMS, setTo: 0 });
  });

  it('refuses a negative count and a room type next to AllInvCode="true"', () => {
    const xml = mutate(SAMPLES.invCountClosingSeason, '<InvCount CountType="2" Count="1"/>', '<InvCount CountType="2" Count="-1"/>')
      .replace('AllInvCode="true"', 'AllInvCode="true" InvTypeCode="DOUBLE"');
    expect(issuesOf(xml)).toEqual([
      { path: '/OTA_HotelInvCountNotifRQ/Inventories/Inventory[1]/StatusApplicationControl/@AllInvCode', code: 'INGEST.CONFLICT', message: 'AllInvCode="true" contradicts room type "DOUBLE"' },
      { path: '/OTA_HotelInvCountNotifRQ/Inventories/Inventory[4]/InvCounts/InvCount/@Count', code: 'INGEST.NEGATIVE_COUNT', message: 'Count -1 is negative' },
    ]);
  });
});
