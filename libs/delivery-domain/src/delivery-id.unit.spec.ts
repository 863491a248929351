import { deliveryIdFor } from './delivery-id';
import { laneKeyOf, nextOrdinal } from './ordinal';

describe('ids and ordinals', () => {
  it('a delivery id depends only on message and endpoint', () => {
    const id = deliveryIdFor('msg_01jbz7m3q4x8k2n5p6r9s0t1v2', 'ep_01jbz7m3q4x8k2n5p6r9s0t1v2');
    expect(id).toMatch(/^dlv_[0-9a-hjkmnp-tv-z]{26}$/);
    expect(deliveryIdFor('msg_01jbz7m3q4x8k2n5p6r9s0t1v2', 'ep_01jbz7m3q4x8k2n5p6r9s0t1v2')).toBe(id);
    expect(deliveryIdFor('msg_01jbz7m3q4x8k2n5p6r9s0t1v2', 'ep_01jbz7m3q4x8k2n5p6r9s0t1v3')).not.toBe(id);
  });

  it('ordinals follow the clock but always increase, even when the clock goes back', () => {
    expect(nextOrdinal(0, 1_700_000_000_000_000)).toBe(1_700_000_000_000_000);
    expect(nextOrdinal(1_700_000_000_000_500, 1_700_000_000_000_000)).toBe(1_700_000_000_000_501);
    expect(Number.isSafeInteger(nextOrdinal(0, Date.parse('2100-01-01') * 1000))).toBe(true);
    expect(laneKeyOf('ep_1', 'H1')).toBe('ep_1|H1');
  });
});
