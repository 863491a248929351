import { upstreamV1 } from '@bakuun/contracts';
import { applyMappingChange } from '../mapping-state';
import { renderPayload, renderVersionFor } from './index';
import { mappingMessage } from './fixtures';

const { MAPPING_OPERATION_UPSERT: UPSERT, MAPPING_OPERATION_DELETE: DELETE } = upstreamV1.MappingOperation;

const first = { hotelCode: 'HTL1', operation: UPSERT, hotelName: 'Hotel One', roomTypes: [{ code: 'DBL', operation: UPSERT, name: 'Double' }, { code: 'SGL', operation: UPSERT, name: 'Single' }], ratePlans: [{ code: 'BAR', operation: UPSERT, name: 'Best rate', roomTypeCodes: ['DBL', 'SGL'] }] };
const second = { hotelCode: 'HTL1', operation: UPSERT, hotelName: 'Hotel One', roomTypes: [{ code: 'SGL', operation: DELETE, name: '' }], ratePlans: [] };

function render(version: string) {
  const applied1 = applyMappingChange(null, first as upstreamV1.MappingChange);
  const applied2 = applyMappingChange(applied1.state, second as upstreamV1.MappingChange);
  return JSON.parse(renderPayload({ message: mappingMessage(second, 'msg_01jbz7m3q4x8k2n5p6r9s0t1m2'), ordinal: 1, mapping: applied2 }, version).body) as { type: string; data: unknown };
}

describe('MAPPING renderers, one per catalog version', () => {
  it('every mapping version is renderable (none is retired)', () => {
    expect(['2024-04-01', '2025-01-15', '2025-06-01'].map((v) => renderVersionFor('MAPPING', v))).toEqual(['2024-04-01', '2025-01-15', '2025-06-01']);
  });

  it('2024-04-01: a full snapshot; a removed room type disappears', () => {
    expect(render('2024-04-01')).toEqual({
      type: 'mapping.changed',
      timestamp: '2025-03-01T10:00:00.000Z',
      data: { hotel: { code: 'HTL1', name: 'Hotel One' }, roomTypes: [{ code: 'DBL', name: 'Double' }], ratePlans: [{ code: 'BAR', name: 'Best rate', roomTypeCodes: ['DBL', 'SGL'] }] },
    });
  });

  it('2025-01-15: the snapshot keeps removed entities as INACTIVE, with occupancy and meal plan (not stated upstream: null)', () => {
    expect(render('2025-01-15').data).toEqual({
      hotel: { code: 'HTL1', name: 'Hotel One' },
      roomTypes: [{ code: 'DBL', name: 'Double', occupancy: null, status: 'ACTIVE' }, { code: 'SGL', name: 'Single', occupancy: null, status: 'INACTIVE' }],
      ratePlans: [{ code: 'BAR', name: 'Best rate', roomTypeCodes: ['DBL', 'SGL'], mealPlan: null, status: 'ACTIVE' }],
    });
  });

  it('2025-06-01: only the changes, with a snapshotVersion that grows by one per change', () => {
    expect(render('2025-06-01').data).toEqual({ hotel: { code: 'HTL1', name: 'Hotel One' }, snapshotVersion: 2, changes: [{ op: 'DELETE', entity: 'ROOM_TYPE', code: 'SGL', value: null }] });
  });

  it('a hotel DELETE removes everything that was active', () => {
    const applied = applyMappingChange(applyMappingChange(null, first as upstreamV1.MappingChange).state, { hotelCode: 'HTL1', operation: DELETE, hotelName: '', roomTypes: [], ratePlans: [] } as unknown as upstreamV1.MappingChange);
    expect(applied.state.deleted).toBe(true);
    expect(applied.deltas.map((d) => `${d.op} ${d.entity} ${d.code}`)).toEqual(['DELETE ROOM_TYPE DBL', 'DELETE ROOM_TYPE SGL', 'DELETE RATE_PLAN BAR']);
    expect(applied.state.roomTypes.every((r) => r.status === 'INACTIVE')).toBe(true);
  });

  it('applying the same change to the same state twice gives equal states (a fold, not a counter of calls)', () => {
    const a = applyMappingChange(null, first as upstreamV1.MappingChange);
    expect(applyMappingChange(null, first as upstreamV1.MappingChange)).toEqual(a);
  });
});
