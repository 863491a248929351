import { ENDPOINT_CATEGORIES, listApiVersions } from '@bakuun/endpoint-domain';
import { RENDERERS } from './index';

describe('renderers cover the API-version catalog', () => {
  it('one renderer per category and non-retired version, none for a retired one', () => {
    const expected = ENDPOINT_CATEGORIES.flatMap((c) => listApiVersions(c).filter((v) => v.status !== 'RETIRED').map((v) => `${c}@${v.version}`)).sort();
    expect(RENDERERS.map((r) => `${r.category}@${r.version}`).sort()).toEqual(expected);
  });
});
