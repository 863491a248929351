import { canonicalJson, hashEvent, verifyChain } from './hash-chain';
import type { StoredEvent } from './stored-event';

function chain(length: number): StoredEvent[] {
  const events: StoredEvent[] = [];
  let previousHash = '';
  for (let version = 1; version <= length; version++) {
    const unhashed = {
      eventId: `evt-${version}`,
      streamId: 'ep_1',
      tenantId: 'partner-a',
      streamVersion: version,
      type: version === 1 ? 'EndpointAdded' : 'EndpointSuspended',
      schemaVersion: 1,
      data: { endpointId: 'ep_1', n: version, nested: { b: 1, a: [1, 2] } },
      metadata: { actor: { kind: 'USER' as const, id: 'op-1' }, correlationId: 'c', causationId: 'c', requestId: `r-${version}` },
      occurredAt: `2026-01-0${version}T00:00:00.000Z`,
      previousHash,
    };
    const hash = hashEvent(unhashed);
    events.push({ ...unhashed, globalPosition: version * 10, hash });
    previousHash = hash;
  }
  return events;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined fields', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('gives the same text whatever order the keys were written in', () => {
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });
});

describe('verifyChain', () => {
  it('accepts an untouched stream', () => {
    expect(verifyChain('ep_1', chain(4))).toEqual({ streamId: 'ep_1', valid: true, eventsChecked: 4, firstBrokenVersion: 0, problem: '' });
  });

  it('reports the first event whose content was edited', () => {
    const events = chain(4);
    events[2] = { ...events[2]!, data: { ...events[2]!.data, n: 99 } };
    const result = verifyChain('ep_1', events);
    expect(result).toMatchObject({ valid: false, firstBrokenVersion: 3 });
    expect(result.problem).toContain('content was changed');
  });

  it('reports an edit even when the editor recomputed that event\'s own hash (the next link breaks)', () => {
    const events = chain(4);
    const edited = { ...events[1]!, metadata: { ...events[1]!.metadata, actor: { kind: 'SYSTEM' as const, id: 'someone-else' } } };
    events[1] = { ...edited, hash: hashEvent(edited) };
    expect(verifyChain('ep_1', events)).toMatchObject({ valid: false, firstBrokenVersion: 3 });
  });

  it('reports a removed event', () => {
    const events = chain(4);
    events.splice(1, 1);
    expect(verifyChain('ep_1', events)).toMatchObject({ valid: false, firstBrokenVersion: 3 });
  });

  it('does not cover the global position, which the log assigns', () => {
    const events = chain(2).map((e) => ({ ...e, globalPosition: e.globalPosition + 1000 }));
    expect(verifyChain('ep_1', events).valid).toBe(true);
  });
});
