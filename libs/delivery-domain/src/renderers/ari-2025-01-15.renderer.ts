import type { upstreamV1 } from '@bakuun/contracts';
import { ariOf, ariTarget, ARI_EVENT_TYPE, inventoryOf, singleRate, spansOf } from './ari.common';
import { stated, type JsonObject, type Renderer } from './renderer';

/** `restrictions` with only the stated fields; undefined when none is stated. */
export function groupedRestrictions(r: upstreamV1.Restrictions | undefined, closedName: 'closed' | 'stopSell'): JsonObject | undefined {
  if (!r) return undefined;
  const out: JsonObject = {};
  stated(out, 'minStay', r.minStay);
  stated(out, 'maxStay', r.maxStay);
  stated(out, 'closedToArrival', r.closedToArrival);
  stated(out, 'closedToDeparture', r.closedToDeparture);
  stated(out, closedName, r.closed);
  return Object.keys(out).length === 0 ? undefined : out;
}

/**
 * ARI 2025-01-15 (SUPPORTED): `amount` a decimal string with its ISO 4217 `currency`,
 * `dateRange: {from, to}` (inclusive), restrictions grouped under `restrictions`.
 */
export const ari20250115: Renderer = {
  category: 'ARI',
  version: '2025-01-15',
  eventType: () => ARI_EVENT_TYPE,
  data: (context) => {
    const ari = ariOf(context);
    const amount = singleRate(ari);
    return {
      updates: spansOf(ari).map((span) => {
        const update: JsonObject = { ...ariTarget(ari), dateRange: { from: span.start, to: span.end } };
        stated(update, 'amount', amount?.amount);
        stated(update, 'currency', amount?.currencyCode);
        stated(update, 'restrictions', groupedRestrictions(ari.restrictions, 'closed'));
        return stated(update, 'inventory', inventoryOf(ari));
      }),
    };
  },
};
