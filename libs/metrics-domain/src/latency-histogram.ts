/**
 * A mergeable latency histogram with logarithmic bins (the DDSketch idea): bin `i >= 1` holds
 * values in (γ^(i-1), γ^i] milliseconds and reports 2·γ^i / (γ + 1), so any percentile read from
 * it is within (γ - 1) / (γ + 1) ≈ 4.8 % of a value actually observed. Bin 0 holds everything up
 * to 1 ms. Sums of histograms are histograms, so minute slots add up to hours and windows.
 */
export type LatencyHistogram = Record<string, number>;

const GAMMA = 1.1;
const LOG_GAMMA = Math.log(GAMMA);
/** Values above about 30 minutes share the last bin. */
const MAX_BIN = 200;

export function latencyBin(ms: number): number {
  if (!(ms > 1)) return 0;
  return Math.min(MAX_BIN, Math.ceil(Math.log(ms) / LOG_GAMMA - 1e-9));
}

export function binValue(bin: number): number {
  if (bin <= 0) return 1;
  return (2 * GAMMA ** bin) / (GAMMA + 1);
}

/** Bin keys, made once: recording is on the ingestion's hot path. */
const BIN_KEYS = Array.from({ length: MAX_BIN + 1 }, (_, i) => String(i));

export function recordLatency(histogram: LatencyHistogram, ms: number): void {
  const key = BIN_KEYS[latencyBin(ms)]!;
  histogram[key] = (histogram[key] ?? 0) + 1;
}

export function mergeHistogramInto(target: LatencyHistogram, source: LatencyHistogram): void {
  for (const [key, count] of Object.entries(source)) target[key] = (target[key] ?? 0) + count;
}

/** Nearest-rank percentile (0 < p <= 1); null for an empty histogram. */
export function latencyPercentile(histogram: LatencyHistogram, p: number): number | null {
  const bins = Object.entries(histogram)
    .map(([key, count]) => [Number(key), count] as const)
    .filter(([, count]) => count > 0)
    .sort((a, b) => a[0] - b[0]);
  const total = bins.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const [bin, count] of bins) {
    seen += count;
    if (seen >= rank) return round3(binValue(bin));
  }
  return round3(binValue(bins.at(-1)![0]));
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
