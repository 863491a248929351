import type { upstreamV1 } from '@bakuun/contracts';
import { ariOf, ariTarget, ARI_EVENT_TYPE, inventoryOf, moneyOf, spansOf } from './ari.common';
import { groupedRestrictions } from './ari-2025-01-15.renderer';
import { stated, type JsonObject, type Renderer } from './renderer';

const CHILD_AGE_QUALIFYING_CODE = '8';

/** One price per occupancy (OTA BaseByGuestAmt): the guests are children when the age qualifying code says so, else adults; null when not stated. */
function occupancyRate(rate: upstreamV1.OccupancyRate): JsonObject {
  const guests = rate.numberOfGuests === 0 ? null : rate.numberOfGuests;
  const children = rate.ageQualifyingCode === CHILD_AGE_QUALIFYING_CODE;
  return { adults: guests === null ? null : children ? 0 : guests, children: guests === null ? null : children ? guests : 0, amount: moneyOf(rate)?.amount ?? null };
}

/**
 * ARI 2025-09-01 (CURRENT): `rates: [{adults, children, amount}]` with one `currency`,
 * `restrictions.stopSell` for the former `closed`, and `sequence`: a number that increases in
 * upstream order for the hotel, the same on every attempt and redelivery, so a receiver drops
 * an update older than one it already applied for the same hotel/room/rate/date.
 */
export const ari20250901: Renderer = {
  category: 'ARI',
  version: '2025-09-01',
  eventType: () => ARI_EVENT_TYPE,
  data: (context) => {
    const ari = ariOf(context);
    const currency = ari.rates.map(moneyOf).find((m) => m !== undefined)?.currencyCode;
    return {
      updates: spansOf(ari).map((span) => {
        const update: JsonObject = { ...ariTarget(ari), dateRange: { from: span.start, to: span.end } };
        if (ari.rates.length > 0) {
          update.rates = ari.rates.map(occupancyRate);
          stated(update, 'currency', currency);
        }
        stated(update, 'restrictions', groupedRestrictions(ari.restrictions, 'stopSell'));
        stated(update, 'inventory', inventoryOf(ari));
        update.sequence = context.ordinal;
        return update;
      }),
    };
  },
};
