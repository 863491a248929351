import type { Issues } from '../issues';

const MAX = 2_147_483_647;

/**
 * A whole number. `signed` allows a leading "-" (relative changes such as OTA AdjustLimit);
 * otherwise a negative value is a NEGATIVE_COUNT issue: inventories and stays cannot be < 0.
 */
export function parseWholeNumber(raw: string | undefined, path: string, issues: Issues, options: { signed?: boolean; what?: string } = {}): number | undefined {
  const what = options.what ?? 'count';
  if (raw === undefined || raw === '') {
    issues.add(path, 'INGEST.MISSING', `a ${what} is required`);
    return undefined;
  }
  if (!/^[-+]?\d+$/.test(raw)) {
    issues.add(path, 'INGEST.BAD_VALUE', `"${raw}" is not a whole number`);
    return undefined;
  }
  const value = Number(raw);
  if (value < 0 && !options.signed) {
    issues.add(path, 'INGEST.NEGATIVE_COUNT', `${what} ${raw} is negative`);
    return undefined;
  }
  if (Math.abs(value) > MAX) {
    issues.add(path, 'INGEST.BAD_VALUE', `${what} ${raw} is out of range`);
    return undefined;
  }
  return value === 0 ? 0 : value;
}
