import { ValidationError } from '@bakuun/errors';
import { currentApiVersion, findApiVersion, listApiVersions, selectableApiVersion } from './api-version.catalog';
import { ENDPOINT_CATEGORIES } from './endpoint-category';

describe('API version catalog', () => {
  it.each(ENDPOINT_CATEGORIES)('%s has exactly one CURRENT version, the newest, and chronological ids', (category) => {
    const versions = listApiVersions(category);
    expect(versions.filter((v) => v.status === 'CURRENT')).toHaveLength(1);
    expect(versions.at(-1)?.status).toBe('CURRENT');
    expect(versions.map((v) => v.version)).toEqual(versions.map((v) => v.version).sort());
    expect(new Set(versions.map((v) => v.version)).size).toBe(versions.length);
  });

  it.each(ENDPOINT_CATEGORIES)('every %s version has a dated id and a non-empty changelog', (category) => {
    for (const v of listApiVersions(category)) {
      expect(v.version).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(v.releasedOn).toBe(v.version);
      expect(v.category).toBe(category);
      expect(v.changelog.length).toBeGreaterThan(0);
    }
  });

  it('looks versions up per category', () => {
    expect(currentApiVersion('ARI').version).toBe('2025-09-01');
    expect(findApiVersion('ARI', '2025-01-15')?.changelog.map((c) => c.path)).toContain('dateRange');
    expect(findApiVersion('ARI', '2025-06-01')).toBeUndefined();
    expect(findApiVersion('MAPPING', '2025-06-01')?.status).toBe('CURRENT');
  });

  it('selects the CURRENT version by default and a SUPPORTED one on request', () => {
    expect(selectableApiVersion('BOOKING')).toBe('2025-01-15');
    expect(selectableApiVersion('BOOKING', '2024-04-01')).toBe('2024-04-01');
  });

  it('refuses unknown, deprecated and retired versions', () => {
    expect(() => selectableApiVersion('ARI', '2099-01-01')).toThrow(ValidationError);
    expect(() => selectableApiVersion('ARI', '2099-01-01')).toThrow('API version 2099-01-01 does not exist for ARI');
    expect(() => selectableApiVersion('ARI', '2024-04-01')).toThrow('is deprecated and cannot be newly chosen');
    expect(() => selectableApiVersion('ARI', '2023-10-01')).toThrow('is retired and cannot be newly chosen');
  });
});
