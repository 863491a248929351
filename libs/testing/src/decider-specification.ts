import { deepFreeze } from './deep-freeze';

/** A pure aggregate: `decide` returns the new events or throws a typed domain error. */
export interface Decider<Command, Event, State> {
  initialState(): State;
  evolve(state: State, event: Event): State;
  decide(command: Command, state: State): Event[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- error classes have arbitrary constructor parameters
type ErrorClass<E extends Error> = abstract new (...args: any[]) => E;

export interface DeciderThen<Event> {
  then(expectedEvents: Event[]): void;
  /** `check` may assert with `expect` or return false to fail. */
  thenThrows<E extends Error>(errorClass: ErrorClass<E>, check?: (error: E) => void | boolean): void;
  thenNothingHappened(): void;
}

/**
 * Given/when/then for deciders: state is rebuilt from the given events with `evolve`, then
 * `decide` runs once. Inputs are deep-frozen so an impure decider fails loudly.
 */
export const DeciderSpecification = {
  for<Command, Event, State>(decider: Decider<Command, Event, State>) {
    return {
      given(events: Event[]) {
        return {
          when(command: Command): DeciderThen<Event> {
            const run = (): Event[] => {
              const state = events.reduce((s, e) => decider.evolve(s, deepFreeze(e)), decider.initialState());
              return decider.decide(deepFreeze(command), deepFreeze(state));
            };
            return {
              then(expectedEvents) {
                // Guards against `await spec.when(...)`, which would call then(resolve, reject).
                if (!Array.isArray(expectedEvents)) throw new TypeError('then() expects an array of events');
                expect(run()).toStrictEqual(expectedEvents);
              },
              thenThrows(errorClass, check) {
                let produced: Event[];
                try {
                  produced = run();
                } catch (error) {
                  if (!(error instanceof errorClass)) {
                    throw new Error(`Expected ${errorClass.name} but decide threw ${describeError(error)}`, { cause: error });
                  }
                  if (check?.(error) === false) throw new Error(`Thrown ${errorClass.name} failed the check: ${describeError(error)}`);
                  return;
                }
                throw new Error(`Expected ${errorClass.name} but decide returned ${JSON.stringify(produced)}`);
              },
              thenNothingHappened() {
                expect(run()).toStrictEqual([]);
              },
            };
          },
        };
      },
    };
  },
};

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return `${error.name}${typeof code === 'string' ? ` [${code}]` : ''}: ${error.message}`;
}
