import { ariOf, ariTarget, ARI_EVENT_TYPE, inventoryOf, singleRate, spansOf } from './ari.common';
import { stated, type JsonObject, type Renderer } from './renderer';

/**
 * ARI 2024-04-01 (DEPRECATED): an inclusive `start`/`end` span, `amount` as a JSON number,
 * restrictions at the top level with `closed` a boolean, and `inventory.available`.
 */
export const ari20240401: Renderer = {
  category: 'ARI',
  version: '2024-04-01',
  eventType: () => ARI_EVENT_TYPE,
  data: (context) => {
    const ari = ariOf(context);
    const amount = singleRate(ari);
    const r = ari.restrictions;
    return {
      updates: spansOf(ari).map((span) => {
        const update: JsonObject = { ...ariTarget(ari), start: span.start, end: span.end };
        stated(update, 'amount', amount === undefined ? undefined : Number(amount.amount));
        stated(update, 'minStay', r?.minStay);
        stated(update, 'maxStay', r?.maxStay);
        stated(update, 'closedToArrival', r?.closedToArrival);
        stated(update, 'closedToDeparture', r?.closedToDeparture);
        stated(update, 'closed', r?.closed);
        return stated(update, 'inventory', inventoryOf(ari));
      }),
    };
  },
};
