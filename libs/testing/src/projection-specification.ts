import { deepFreeze } from './deep-freeze';

/** A pure read-model fold. `Doc` includes the "no document yet" value, e.g. `View | null`. */
export interface Projection<Event, Doc> {
  initial(): Doc;
  apply(doc: Doc, event: Event): Doc;
}

export interface ProjectionThen<Doc> {
  then(expectedDoc: Doc): void;
  /**
   * Re-delivering the `when` events (at-least-once) must leave the document unchanged,
   * byte for byte once serialised.
   */
  thenReapplyingChangesNothing(): void;
}

function fold<Event, Doc>(projection: Projection<Event, Doc>, doc: Doc, events: Event[]): Doc {
  return events.reduce((d, e) => projection.apply(deepFreeze(d), deepFreeze(e)), doc);
}

/** Given/when/then for projections: `given` builds the starting document, `when` is folded on top. */
export const ProjectionSpecification = {
  for<Event, Doc>(projection: Projection<Event, Doc>) {
    return {
      given(givenEvents: Event[]) {
        return {
          when(events: Event[]): ProjectionThen<Doc> {
            const run = (): Doc => fold(projection, fold(projection, projection.initial(), givenEvents), events);
            return {
              then(expectedDoc) {
                expect(run()).toStrictEqual(expectedDoc);
              },
              thenReapplyingChangesNothing() {
                const once = run();
                const twice = fold(projection, once, events);
                expect(twice).toStrictEqual(once);
                expect(JSON.stringify(twice)).toBe(JSON.stringify(once));
              },
            };
          },
        };
      },
    };
  },
};
