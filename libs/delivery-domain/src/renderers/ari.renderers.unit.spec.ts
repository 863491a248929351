import { upstreamV1 } from '@bakuun/contracts';
import { renderPayload, renderVersionFor } from './index';
import { ariMessage } from './fixtures';

const ordinal = 1_740_823_200_000_000;
const dataOf = (version: string, message = ariMessage()) => JSON.parse(renderPayload({ message, ordinal }, version).body) as { type: string; timestamp: string; data: { updates: Record<string, unknown>[] } };

describe('ARI renderers, one per catalog version', () => {
  it('2023-10-01 is RETIRED and never rendered: an endpoint still on it gets 2024-04-01', () => {
    expect(renderVersionFor('ARI', '2023-10-01')).toBe('2024-04-01');
    expect(renderPayload({ message: ariMessage(), ordinal }, '2023-10-01').apiVersion).toBe('2024-04-01');
  });

  it('every body is {type, timestamp, data} with the production time, so every attempt sends the same bytes', () => {
    const body = dataOf('2025-09-01');
    expect(body.type).toBe('ari.updated');
    expect(body.timestamp).toBe('2025-03-01T10:00:00.000Z');
    expect(renderPayload({ message: ariMessage(), ordinal }, '2025-09-01').body).toBe(renderPayload({ message: ariMessage(), ordinal }, '2025-09-01').body);
  });

  it('2024-04-01: start/end span, amount a JSON number, closed a boolean, restrictions at the top, inventory.available', () => {
    expect(dataOf('2024-04-01').data.updates).toEqual([
      { hotelCode: 'HTL1', roomTypeCode: 'DBL', ratePlanCode: 'BAR', start: '2025-04-01', end: '2025-04-03', amount: 129.5, minStay: 2, closedToArrival: true, closed: false, inventory: { available: 4 } },
    ]);
  });

  it('2025-01-15: amount a decimal string with currency, dateRange {from, to}, restrictions grouped', () => {
    expect(dataOf('2025-01-15').data.updates).toEqual([
      { hotelCode: 'HTL1', roomTypeCode: 'DBL', ratePlanCode: 'BAR', dateRange: { from: '2025-04-01', to: '2025-04-03' }, amount: '129.50', currency: 'EUR', restrictions: { minStay: 2, closedToArrival: true, closed: false }, inventory: { available: 4 } },
    ]);
  });

  it('2025-09-01: one rate per occupancy, restrictions.stopSell, and the sequence', () => {
    expect(dataOf('2025-09-01').data.updates).toEqual([
      {
        hotelCode: 'HTL1', roomTypeCode: 'DBL', ratePlanCode: 'BAR', dateRange: { from: '2025-04-01', to: '2025-04-03' },
        rates: [{ adults: 1, children: 0, amount: '99.00' }, { adults: 2, children: 0, amount: '129.50' }], currency: 'EUR',
        restrictions: { minStay: 2, closedToArrival: true, stopSell: false }, inventory: { available: 4 }, sequence: ordinal,
      },
    ]);
  });

  it('what the update does not state is left out (unchanged), never rendered as a cleared value', () => {
    const message = ariMessage({ rates: [], restrictions: undefined, availability: undefined });
    for (const version of ['2024-04-01', '2025-01-15', '2025-09-01']) {
      const [update] = dataOf(version, message).data.updates;
      expect(Object.keys(update!).filter((k) => ['amount', 'rates', 'currency', 'restrictions', 'inventory', 'minStay', 'closed'].includes(k))).toEqual([]);
    }
  });

  it('a relative availability (AdjustLimit) is rendered as inventory.adjustBy in every version', () => {
    const message = ariMessage({ availability: { kind: upstreamV1.AvailabilityKind.AVAILABILITY_KIND_BOOKING_LIMIT, adjustBy: -2 } });
    for (const version of ['2024-04-01', '2025-01-15', '2025-09-01']) expect(dataOf(version, message).data.updates[0]!.inventory).toEqual({ adjustBy: -2 });
  });

  it('weekday filters (which no version carries) become the runs of consecutive applicable days', () => {
    // 2025-04-01 is a Tuesday; Tue..Mon with Sat, Sun and Mon only.
    const { DAY_OF_WEEK_SATURDAY: SAT, DAY_OF_WEEK_SUNDAY: SUN, DAY_OF_WEEK_MONDAY: MON } = upstreamV1.DayOfWeek;
    const message = ariMessage({ dates: { start: '2025-04-01', end: '2025-04-14' }, daysOfWeek: [SAT, SUN, MON] });
    expect(dataOf('2025-01-15', message).data.updates.map((u) => u.dateRange)).toEqual([{ from: '2025-04-05', to: '2025-04-07' }, { from: '2025-04-12', to: '2025-04-14' }]);
  });

  it('a room price whatever the occupancy is the single amount of older versions; children are told by their age code', () => {
    const message = ariMessage({ rates: [{ numberOfGuests: 1, ageQualifyingCode: '8', amountBeforeTax: { currencyCode: 'JPY', amount: '5000' } }, { numberOfGuests: 0, ageQualifyingCode: '', amountBeforeTax: { currencyCode: 'JPY', amount: '20000' } }] });
    expect(dataOf('2024-04-01', message).data.updates[0]!.amount).toBe(20000);
    expect(dataOf('2025-01-15', message).data.updates[0]).toMatchObject({ amount: '20000', currency: 'JPY' });
    expect(dataOf('2025-09-01', message).data.updates[0]!.rates).toEqual([{ adults: 0, children: 1, amount: '5000' }, { adults: null, children: null, amount: '20000' }]);
  });

  it('an update for every room type says so instead of naming one', () => {
    const message = ariMessage({ allRoomTypes: true, roomTypeCode: '', ratePlanCode: '', restrictions: { closed: true } });
    expect(dataOf('2025-09-01', message).data.updates[0]).toMatchObject({ roomTypeCode: null, allRoomTypes: true, ratePlanCode: null, restrictions: { stopSell: true } });
  });
});
