import { ProjectionSpecification, type Projection } from './projection-specification';

type Envelope = { version: number; name: string };
type Doc = { names: string[]; version: number } | null;

const idempotent: Projection<Envelope, Doc> = {
  initial: () => null,
  apply: (doc, e) => {
    if (doc !== null && e.version <= doc.version) return doc;
    return { names: [...(doc?.names ?? []), e.name], version: e.version };
  },
};
const notIdempotent: Projection<Envelope, Doc> = {
  initial: () => null,
  apply: (doc, e) => ({ names: [...(doc?.names ?? []), e.name], version: e.version }),
};

describe('ProjectionSpecification', () => {
  const given = [{ version: 1, name: 'a' }];
  const when = [{ version: 2, name: 'b' }];

  it('passes when the folded document matches', () => {
    ProjectionSpecification.for(idempotent).given(given).when(when).then({ names: ['a', 'b'], version: 2 });
  });

  it('fails when the document differs', () => {
    expect(() => ProjectionSpecification.for(idempotent).given(given).when(when).then({ names: ['a'], version: 2 })).toThrow();
  });

  it('thenReapplyingChangesNothing passes for a projection guarded by version', () => {
    ProjectionSpecification.for(idempotent).given(given).when(when).thenReapplyingChangesNothing();
  });

  it('thenReapplyingChangesNothing fails for a projection that applies duplicates', () => {
    expect(() => ProjectionSpecification.for(notIdempotent).given(given).when(when).thenReapplyingChangesNothing()).toThrow();
  });

  it('a projection that mutates the document fails', () => {
    const mutating: Projection<Envelope, Doc> = {
      initial: () => ({ names: [], version: 0 }),
      apply: (doc, e) => {
        doc?.names.push(e.name);
        return doc;
      },
    };
    expect(() => ProjectionSpecification.for(mutating).given([]).when(when).then({ names: ['b'], version: 0 })).toThrow(TypeError);
  });
});
