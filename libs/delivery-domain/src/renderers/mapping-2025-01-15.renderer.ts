import { mappingOf, MAPPING_EVENT_TYPE } from './mapping.common';
import type { Renderer } from './renderer';

/**
 * MAPPING 2025-01-15 (SUPPORTED): the snapshot with `roomTypes[].occupancy`,
 * `ratePlans[].mealPlan` and `status`, removed entities staying as INACTIVE. The upstream
 * MappingChange carries no occupancy and no meal plan yet, so both are null (not stated).
 */
export const mapping20250115: Renderer = {
  category: 'MAPPING',
  version: '2025-01-15',
  eventType: () => MAPPING_EVENT_TYPE,
  data: (context) => {
    const { state } = mappingOf(context);
    return {
      hotel: { code: state.hotelCode, name: state.hotelName },
      roomTypes: state.roomTypes.map((r) => ({ code: r.code, name: r.name, occupancy: null, status: r.status })),
      ratePlans: state.ratePlans.map((r) => ({ code: r.code, name: r.name, roomTypeCodes: [...r.roomTypeCodes], mealPlan: null, status: r.status })),
    };
  },
};
