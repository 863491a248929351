import fc from 'fast-check';
import { binValue, latencyBin, LatencyHistogram, latencyPercentile, mergeHistogramInto, recordLatency } from './latency-histogram';

function exactPercentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1]!;
}

describe('latency histograms', () => {
  it('reads p50 and p95 of a known sequence within 5 %', () => {
    const values = Array.from({ length: 100 }, (_, i) => (i + 1) * 10);
    const histogram: LatencyHistogram = {};
    for (const v of values) recordLatency(histogram, v);
    expect(latencyPercentile(histogram, 0.5)).toBeCloseTo(500, -2);
    expect(Math.abs(latencyPercentile(histogram, 0.5)! - 500) / 500).toBeLessThanOrEqual(0.05);
    expect(Math.abs(latencyPercentile(histogram, 0.95)! - 950) / 950).toBeLessThanOrEqual(0.05);
  });

  it('is empty without values and puts sub-millisecond values in the first bin', () => {
    expect(latencyPercentile({}, 0.5)).toBeNull();
    const histogram: LatencyHistogram = {};
    recordLatency(histogram, 0.2);
    recordLatency(histogram, 0);
    expect(histogram).toEqual({ '0': 2 });
    expect(latencyPercentile(histogram, 0.95)).toBe(1);
  });

  it('stays within 4.8 % of the exact nearest-rank percentile for any values, and merging equals recording together', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1.5, max: 600_000, noNaN: true }), { minLength: 1, maxLength: 200 }), fc.nat(200), fc.constantFrom(0.5, 0.95, 0.99), (values, split, p) => {
        const whole: LatencyHistogram = {};
        const left: LatencyHistogram = {};
        const right: LatencyHistogram = {};
        values.forEach((v, i) => {
          recordLatency(whole, v);
          recordLatency(i < split ? left : right, v);
        });
        mergeHistogramInto(left, right);
        expect(left).toEqual(whole);
        const exact = exactPercentile(values, p);
        const read = latencyPercentile(whole, p)!;
        if (latencyBin(exact) < 200) expect(Math.abs(read - exact) / exact).toBeLessThanOrEqual(0.0477);
      }),
    );
  });

  it('reports a bin by a value inside it', () => {
    for (const bin of [1, 10, 50, 120]) {
      expect(latencyBin(binValue(bin))).toBe(bin);
    }
  });
});
