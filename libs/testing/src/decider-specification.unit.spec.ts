import { DeciderSpecification, type Decider } from './decider-specification';

type CounterEvent = { type: 'Incremented'; by: number };
type CounterCommand = { type: 'Increment'; by: number } | { type: 'Mutate' };
class TooLargeError extends Error {
  readonly code = 'COUNTER.TOO_LARGE';
}

/** A counter capped at 10; `Increment` by 0 does nothing; `Mutate` is a deliberately impure command. */
const counter: Decider<CounterCommand, CounterEvent, { total: number }> = {
  initialState: () => ({ total: 0 }),
  evolve: (state, event) => ({ total: state.total + event.by }),
  decide: (command, state) => {
    if (command.type === 'Mutate') {
      (state as { total: number }).total = 99;
      return [];
    }
    if (state.total + command.by > 10) throw new TooLargeError(`total would exceed 10`);
    return command.by === 0 ? [] : [{ type: 'Incremented', by: command.by }];
  },
};
const spec = DeciderSpecification.for(counter);

describe('DeciderSpecification', () => {
  it('passes when decide returns the expected events, from state rebuilt out of the given events', () => {
    spec.given([{ type: 'Incremented', by: 4 }]).when({ type: 'Increment', by: 2 }).then([{ type: 'Incremented', by: 2 }]);
  });

  it('fails when the events differ', () => {
    expect(() => spec.given([]).when({ type: 'Increment', by: 2 }).then([{ type: 'Incremented', by: 3 }])).toThrow();
  });

  it('thenThrows passes on the expected class and a passing check', () => {
    spec
      .given([{ type: 'Incremented', by: 9 }])
      .when({ type: 'Increment', by: 2 })
      .thenThrows(TooLargeError, (error) => {
        expect(error.code).toBe('COUNTER.TOO_LARGE');
      });
  });

  it('thenThrows fails when nothing is thrown, naming the produced events', () => {
    expect(() => spec.given([]).when({ type: 'Increment', by: 1 }).thenThrows(TooLargeError)).toThrow(
      /Expected TooLargeError but decide returned .*Incremented/,
    );
  });

  it('thenThrows fails on another error class', () => {
    class OtherError extends Error {}
    expect(() => spec.given([{ type: 'Incremented', by: 10 }]).when({ type: 'Increment', by: 1 }).thenThrows(OtherError)).toThrow(
      /Expected OtherError but decide threw Error.*total would exceed 10/,
    );
  });

  it('thenThrows fails when the check fails, by assertion or by returning false', () => {
    const when = spec.given([{ type: 'Incremented', by: 10 }]).when({ type: 'Increment', by: 1 });
    expect(() => when.thenThrows(TooLargeError, (e) => expect(e.code).toBe('COUNTER.OTHER'))).toThrow();
    expect(() => when.thenThrows(TooLargeError, () => false)).toThrow(/failed the check/);
  });

  it('thenNothingHappened passes on no events and fails otherwise', () => {
    spec.given([]).when({ type: 'Increment', by: 0 }).thenNothingHappened();
    expect(() => spec.given([]).when({ type: 'Increment', by: 1 }).thenNothingHappened()).toThrow();
  });

  it('a decider that mutates its state fails', () => {
    expect(() => spec.given([]).when({ type: 'Mutate' }).thenNothingHappened()).toThrow(TypeError);
  });
});
