/**
 * The upstream ordinal of a message: strictly increasing per partner and hotel in partition
 * (= upstream) order, and close to the wall clock in microseconds, so ordinals of different
 * hotels compare roughly by time and survive restarts without a counter. `last` is the highest
 * ordinal already given to the hotel (from memory or the store), `nowMicros` the clock.
 */
export function nextOrdinal(last: number, nowMicros: number): number {
  return Math.max(last + 1, Math.floor(nowMicros));
}

/** Lanes: deliveries of one endpoint for one hotel go out one at a time, in ordinal order. */
export function laneKeyOf(endpointId: string, hotelCode: string): string {
  return `${endpointId}|${hotelCode}`;
}
