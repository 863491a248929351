import { ValidationError } from '@bakuun/errors';
import type { EndpointCategory } from './endpoint-category';

/** CURRENT: the default for new endpoints. DEPRECATED: still rendered, cannot be newly chosen. RETIRED: never rendered. */
export type ApiVersionStatus = 'CURRENT' | 'SUPPORTED' | 'DEPRECATED' | 'RETIRED';

/** One payload difference from the previous version, as the renderer implements it. */
export interface ApiVersionChange {
  readonly kind: 'ADDED' | 'CHANGED' | 'REMOVED';
  /** JSON path in the payload, e.g. `rates[].amount`. */
  readonly path: string;
  readonly description: string;
}

export interface ApiVersion {
  readonly category: EndpointCategory;
  /** Date-like id; ids of one category sort chronologically as strings. */
  readonly version: string;
  readonly releasedOn: string;
  readonly status: ApiVersionStatus;
  readonly changelog: readonly ApiVersionChange[];
}

/** Versions are named after the day they were released, so `releasedOn` is derived from the id. */
type Entry = Omit<ApiVersion, 'category' | 'releasedOn'>;
const change = (kind: ApiVersionChange['kind'], path: string, description: string): ApiVersionChange => ({ kind, path, description });

const CATALOG: Readonly<Record<EndpointCategory, readonly Entry[]>> = {
  ARI: [
    { version: '2023-10-01', status: 'RETIRED', changelog: [
      change('ADDED', '$', 'One update per hotel, room type, rate plan and single `date`; `amount` is a JSON number; `closed` is "Y" or "N".'),
    ] },
    { version: '2024-04-01', status: 'DEPRECATED', changelog: [
      change('CHANGED', 'start', '`date` replaced by an inclusive `start`/`end` span (YYYY-MM-DD), as OTA StatusApplicationControl.'),
      change('CHANGED', 'closed', '`closed` is a boolean.'),
      change('ADDED', 'inventory.available', 'Rooms left to sell, from OTA_HotelInvCountNotifRQ.'),
    ] },
    { version: '2025-01-15', status: 'SUPPORTED', changelog: [
      change('CHANGED', 'amount', 'Amounts are decimal strings (e.g. "129.00") with an ISO 4217 `currency` beside them; no float rounding.'),
      change('CHANGED', 'dateRange', '`start`/`end` grouped as `dateRange: {from, to}`.'),
      change('CHANGED', 'restrictions', '`minStay`, `maxStay`, `closedToArrival`, `closedToDeparture` and `closed` grouped under `restrictions`.'),
    ] },
    { version: '2025-09-01', status: 'CURRENT', changelog: [
      change('CHANGED', 'rates[]', '`amount` replaced by `rates: [{adults, children, amount}]`, one price per occupancy (OTA BaseByGuestAmt).'),
      change('CHANGED', 'restrictions.stopSell', '`restrictions.closed` renamed `stopSell` (boolean).'),
      change('ADDED', 'sequence', 'Per-endpoint increasing number; a receiver drops an update older than one it already applied.'),
    ] },
  ],
  MAPPING: [
    { version: '2024-04-01', status: 'DEPRECATED', changelog: [
      change('ADDED', '$', 'Full snapshot per hotel: `hotel {code, name}`, `roomTypes [{code, name}]`, `ratePlans [{code, name, roomTypeCodes}]`.'),
    ] },
    { version: '2025-01-15', status: 'SUPPORTED', changelog: [
      change('ADDED', 'roomTypes[].occupancy', '`{maxAdults, maxChildren, maxOccupancy}` per room type.'),
      change('ADDED', 'ratePlans[].mealPlan', 'OTA Meal Plan Type code as a string (e.g. "14" room only, "19" breakfast).'),
      change('CHANGED', 'roomTypes[].status', 'Removed rooms and rates stay in the snapshot with `status: "INACTIVE"` instead of disappearing.'),
    ] },
    { version: '2025-06-01', status: 'CURRENT', changelog: [
      change('CHANGED', 'changes[]', 'Deltas instead of snapshots: `changes [{op: "UPSERT"|"DELETE", entity: "ROOM_TYPE"|"RATE_PLAN", code, value}]`.'),
      change('ADDED', 'snapshotVersion', 'Increases with every change to the hotel; a gap tells the receiver to READ a full snapshot.'),
    ] },
  ],
  BOOKING: [
    { version: '2023-10-01', status: 'RETIRED', changelog: [
      change('ADDED', '$', 'OTA `resStatus` passed as is ("Commit", "Modify", "Cancel"); `totalAmount` number; `guestName` single string.'),
    ] },
    { version: '2024-04-01', status: 'SUPPORTED', changelog: [
      change('CHANGED', 'status', '`resStatus` replaced by `status`: "NEW" | "MODIFIED" | "CANCELLED".'),
      change('CHANGED', 'primaryGuest', '`guestName` split into `primaryGuest {firstName, lastName}`.'),
      change('ADDED', 'rooms[]', 'One entry per room stay: `roomTypeCode`, `ratePlanCode`, `arrival`, `departure`, `adults`, `children`.'),
    ] },
    { version: '2025-01-15', status: 'CURRENT', changelog: [
      change('CHANGED', 'total', '`totalAmount` replaced by `total {amount, currency}`, amount as a decimal string.'),
      change('ADDED', 'rooms[].dailyRates', '`[{date, amount}]` price per night, decimal strings.'),
      change('ADDED', 'cancellation', '`{reason, cancelledAt}` when `status` is "CANCELLED", otherwise null.'),
    ] },
  ],
};

export function listApiVersions(category: EndpointCategory): ApiVersion[] {
  return CATALOG[category].map((entry) => ({ ...entry, category, releasedOn: entry.version }));
}

export function findApiVersion(category: EndpointCategory, version: string): ApiVersion | undefined {
  return listApiVersions(category).find((v) => v.version === version);
}

export function currentApiVersion(category: EndpointCategory): ApiVersion {
  const current = listApiVersions(category).find((v) => v.status === 'CURRENT');
  if (current === undefined) throw new Error(`API version catalog has no CURRENT version for ${category}`);
  return current;
}

/**
 * The version a user may choose for a category: the CURRENT one when none is given; an
 * unknown id, or one that is DEPRECATED or RETIRED, is a ValidationError on `apiVersion`.
 */
export function selectableApiVersion(category: EndpointCategory, requested?: string): string {
  if (requested === undefined) return currentApiVersion(category).version;
  const found = findApiVersion(category, requested);
  if (found === undefined) {
    throw new ValidationError('ENDPOINT.API_VERSION_UNKNOWN', `API version ${requested} does not exist for ${category}`, {
      field: 'apiVersion',
      details: { category, apiVersion: requested, available: listApiVersions(category).map((v) => v.version) },
    });
  }
  if (found.status === 'DEPRECATED' || found.status === 'RETIRED') {
    throw new ValidationError(
      'ENDPOINT.API_VERSION_NOT_SELECTABLE',
      `API version ${requested} of ${category} is ${found.status.toLowerCase()} and cannot be newly chosen`,
      { field: 'apiVersion', details: { category, apiVersion: requested, status: found.status } },
    );
  }
  return found.version;
}
