import { IllegalStateError } from '@bakuun/errors';
import { upcastEndpointEvent } from './endpoint.events';
import { endpointAdded, suspended } from './endpoint.fixtures';

describe('upcastEndpointEvent', () => {
  it('returns schema-version-1 events unchanged, after a JSON round trip', () => {
    for (const event of [endpointAdded(), suspended({ kind: 'AUTOMATIC', figure: { metric: 'error_rate', value: 0.93, windowSeconds: 3600, attempts: 212 } })]) {
      const stored = JSON.parse(JSON.stringify(event)) as { type: string; schemaVersion: number; data: unknown };
      expect(upcastEndpointEvent(stored)).toStrictEqual(event);
    }
  });

  it('refuses an unknown type, naming it', () => {
    expect(() => upcastEndpointEvent({ type: 'EndpointRenamed', schemaVersion: 1, data: { endpointId: 'ep_x' } })).toThrow(
      expect.objectContaining({ code: 'ENDPOINT.EVENT_TYPE_UNKNOWN', message: 'Unknown endpoint event type "EndpointRenamed"' }),
    );
  });

  it('refuses an unknown schema version, naming type and version', () => {
    const run = () => upcastEndpointEvent({ type: 'EndpointAdded', schemaVersion: 2, data: endpointAdded().data });
    expect(run).toThrow(IllegalStateError);
    expect(run).toThrow(
      expect.objectContaining({ code: 'ENDPOINT.EVENT_SCHEMA_UNSUPPORTED', message: 'EndpointAdded schema version 2 is not supported (known: 1)' }),
    );
  });

  it('refuses data without an endpoint id', () => {
    expect(() => upcastEndpointEvent({ type: 'EndpointDeleted', schemaVersion: 1, data: null })).toThrow('EndpointDeleted has no data.endpointId');
  });

  it('does not treat inherited property names as event types', () => {
    expect(() => upcastEndpointEvent({ type: 'toString', schemaVersion: 1, data: { endpointId: 'ep_x' } })).toThrow(IllegalStateError);
  });
});
