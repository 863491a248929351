import { mappingOf, MAPPING_EVENT_TYPE } from './mapping.common';
import type { Renderer } from './renderer';

/** MAPPING 2024-04-01 (DEPRECATED): a full snapshot of the hotel; removed room types and rate plans are left out. */
export const mapping20240401: Renderer = {
  category: 'MAPPING',
  version: '2024-04-01',
  eventType: () => MAPPING_EVENT_TYPE,
  data: (context) => {
    const { state } = mappingOf(context);
    return {
      hotel: { code: state.hotelCode, name: state.hotelName },
      roomTypes: state.roomTypes.filter((r) => r.status === 'ACTIVE').map((r) => ({ code: r.code, name: r.name })),
      ratePlans: state.ratePlans.filter((r) => r.status === 'ACTIVE').map((r) => ({ code: r.code, name: r.name, roomTypeCodes: [...r.roomTypeCodes] })),
    };
  },
};
