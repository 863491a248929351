import { upstreamV1 } from '@bakuun/contracts';

export type MappingEntityStatus = 'ACTIVE' | 'INACTIVE';

export interface RoomTypeState {
  readonly code: string;
  readonly name: string;
  readonly status: MappingEntityStatus;
}

export interface RatePlanState {
  readonly code: string;
  readonly name: string;
  readonly roomTypeCodes: readonly string[];
  readonly status: MappingEntityStatus;
}

/**
 * Delivery's own view of one hotel's mapping, folded from MappingChange messages in partition
 * order. Snapshot API versions render it whole; removed entities stay as INACTIVE (2025-01-15
 * shows them, 2024-04-01 drops them). `version` grows by one per applied change: the
 * `snapshotVersion` of 2025-06-01.
 */
export interface HotelMapping {
  readonly hotelCode: string;
  readonly hotelName: string;
  readonly deleted: boolean;
  readonly version: number;
  readonly roomTypes: readonly RoomTypeState[];
  readonly ratePlans: readonly RatePlanState[];
}

/** One entity change, as 2025-06-01 renders it. */
export interface MappingDelta {
  readonly op: 'UPSERT' | 'DELETE';
  readonly entity: 'ROOM_TYPE' | 'RATE_PLAN';
  readonly code: string;
  readonly value: { readonly name: string; readonly roomTypeCodes?: readonly string[] } | null;
}

export interface AppliedMappingChange {
  readonly state: HotelMapping;
  readonly deltas: readonly MappingDelta[];
}

const { MAPPING_OPERATION_DELETE: DELETE } = upstreamV1.MappingOperation;

function upsertBy<T extends { code: string }>(list: readonly T[], item: T): T[] {
  const index = list.findIndex((x) => x.code === item.code);
  return index === -1 ? [...list, item] : list.map((x, i) => (i === index ? item : x));
}

const byCode = <T extends { code: string }>(a: T, b: T): number => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/**
 * Applies one MappingChange. Hotel DELETE marks everything INACTIVE and reports a DELETE per
 * entity that was active; hotel UPSERT renames the hotel and applies the listed room-type and
 * rate-plan operations, leaving unlisted ones unchanged. Lists are kept sorted by code so equal
 * states render equal bytes.
 */
export function applyMappingChange(previous: HotelMapping | null, change: upstreamV1.MappingChange): AppliedMappingChange {
  const base: HotelMapping = previous ?? { hotelCode: change.hotelCode, hotelName: change.hotelName, deleted: false, version: 0, roomTypes: [], ratePlans: [] };
  if (change.operation === DELETE) {
    const deltas: MappingDelta[] = [
      ...base.roomTypes.filter((r) => r.status === 'ACTIVE').map((r): MappingDelta => ({ op: 'DELETE', entity: 'ROOM_TYPE', code: r.code, value: null })),
      ...base.ratePlans.filter((r) => r.status === 'ACTIVE').map((r): MappingDelta => ({ op: 'DELETE', entity: 'RATE_PLAN', code: r.code, value: null })),
    ];
    const state: HotelMapping = {
      ...base,
      deleted: true,
      version: base.version + 1,
      roomTypes: base.roomTypes.map((r) => ({ ...r, status: 'INACTIVE' })),
      ratePlans: base.ratePlans.map((r) => ({ ...r, status: 'INACTIVE' })),
    };
    return { state, deltas };
  }
  let roomTypes = [...base.roomTypes];
  let ratePlans = [...base.ratePlans];
  const deltas: MappingDelta[] = [];
  for (const room of change.roomTypes) {
    const existing = roomTypes.find((r) => r.code === room.code);
    if (room.operation === DELETE) {
      if (existing) roomTypes = upsertBy(roomTypes, { ...existing, status: 'INACTIVE' });
      deltas.push({ op: 'DELETE', entity: 'ROOM_TYPE', code: room.code, value: null });
    } else {
      roomTypes = upsertBy(roomTypes, { code: room.code, name: room.name, status: 'ACTIVE' });
      deltas.push({ op: 'UPSERT', entity: 'ROOM_TYPE', code: room.code, value: { name: room.name } });
    }
  }
  for (const plan of change.ratePlans) {
    const existing = ratePlans.find((r) => r.code === plan.code);
    if (plan.operation === DELETE) {
      if (existing) ratePlans = upsertBy(ratePlans, { ...existing, status: 'INACTIVE' });
      deltas.push({ op: 'DELETE', entity: 'RATE_PLAN', code: plan.code, value: null });
    } else {
      const roomTypeCodes = [...plan.roomTypeCodes];
      ratePlans = upsertBy(ratePlans, { code: plan.code, name: plan.name, roomTypeCodes, status: 'ACTIVE' });
      deltas.push({ op: 'UPSERT', entity: 'RATE_PLAN', code: plan.code, value: { name: plan.name, roomTypeCodes } });
    }
  }
  const state: HotelMapping = {
    hotelCode: base.hotelCode,
    hotelName: change.hotelName || base.hotelName,
    deleted: false,
    version: base.version + 1,
    roomTypes: roomTypes.sort(byCode),
    ratePlans: ratePlans.sort(byCode),
  };
  return { state, deltas };
}
