import { mappingOf, MAPPING_EVENT_TYPE } from './mapping.common';
import type { Renderer } from './renderer';

/**
 * MAPPING 2025-06-01 (CURRENT): deltas, `changes [{op, entity, code, value}]`, and
 * `snapshotVersion`, which grows by one per change to the hotel: a gap tells the receiver it
 * missed one and should READ a full snapshot.
 */
export const mapping20250601: Renderer = {
  category: 'MAPPING',
  version: '2025-06-01',
  eventType: () => MAPPING_EVENT_TYPE,
  data: (context) => {
    const { state, deltas } = mappingOf(context);
    return {
      hotel: { code: state.hotelCode, name: state.hotelName },
      snapshotVersion: state.version,
      changes: deltas.map((d) => ({ op: d.op, entity: d.entity, code: d.code, value: d.value === null ? null : { ...d.value, ...(d.value.roomTypeCodes ? { roomTypeCodes: [...d.value.roomTypeCodes] } : {}) } })),
    };
  },
};
