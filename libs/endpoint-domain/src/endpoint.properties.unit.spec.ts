import { isDomainError } from '@bakuun/errors';
import fc from 'fast-check';
import type { EndpointCommand } from './endpoint.commands';
import { decide, evolve, initialState } from './endpoint.decider';
import { upcastEndpointEvent } from './endpoint.events';
import { ENDPOINT_ID, meta, PARTNER_URL, T0 } from './endpoint.fixtures';
import { applyToEndpointView, projectEndpointView, viewFromState, type StoredEndpointEvent } from './endpoint-view.projection';

type MakeCommand = (now: Date) => EndpointCommand;
const endpointId = ENDPOINT_ID;

/** Commands depend on the time of their turn; the label keeps counterexamples readable. */
const labelled = (label: string, input: unknown, make: MakeCommand): MakeCommand =>
  Object.assign(make, { [fc.toStringMethod]: () => `${label}(${fc.stringify(input)})` });

const url = fc.constantFrom(PARTNER_URL, 'https://b.partner.com/x', 'HTTPS://B.partner.com/x', 'http://localhost:4000/h', 'https://10.0.0.1/', 'nope');
const apiVersion = fc.constantFrom('2023-10-01', '2024-04-01', '2025-01-15', '2025-06-01', '2025-09-01', '1999-01-01');
const urlPolicy = fc.record({ allowInsecureLoopback: fc.boolean() });
const keyId = fc.constantFrom('key_1', 'key_2', 'key_3');
const reason = fc.oneof(
  fc.constant({ kind: 'MANUAL' } as const),
  fc.record({ kind: fc.constant('MANUAL' as const), note: fc.string({ maxLength: 20 }) }),
  fc.record({
    kind: fc.constant('AUTOMATIC' as const),
    figure: fc.record({
      metric: fc.constant('error_rate'),
      value: fc.integer({ min: 0, max: 100 }).map((n) => n / 100),
      windowSeconds: fc.integer({ min: 60, max: 86_400 }),
      attempts: fc.nat(1000),
    }),
  }),
  fc.constant({ kind: 'RECEIVER_GONE', statusCode: 410 } as const),
);

const addEndpoint: fc.Arbitrary<MakeCommand> = fc
  .record({
    category: fc.constantFrom('MAPPING', 'ARI', 'BOOKING'),
    method: fc.constantFrom('PUSH', 'READ'),
    url: fc.option(url, { nil: undefined }),
    apiVersion: fc.option(apiVersion, { nil: undefined }),
    existingEndpointCount: fc.integer({ min: 0, max: 11 }),
    urlPolicy,
  })
  .map((data) =>
    labelled('AddEndpoint', data, (now) => ({
      type: 'AddEndpoint',
      data: { ...data, endpointId, partnerId: 'prt_7', keyId: 'key_1', maskedKey: 'whsec_…a1b2', generatedUrl: 'https://in.bakuun.com/v1/x' },
      metadata: meta(now),
    })),
  );

const laterCommand: fc.Arbitrary<MakeCommand> = fc.oneof(
  addEndpoint,
  fc.record({ url, urlPolicy }).map((d) => labelled('ConfigureEndpointUrl', d, (now) => ({ type: 'ConfigureEndpointUrl', data: { endpointId, ...d }, metadata: meta(now) }))),
  apiVersion.map((v) => labelled('UpdateApiVersion', v, (now) => ({ type: 'UpdateApiVersion', data: { endpointId, apiVersion: v }, metadata: meta(now) }))),
  reason.map((r) => labelled('SuspendEndpoint', r, (now) => ({ type: 'SuspendEndpoint', data: { endpointId, reason: r }, metadata: meta(now) }))),
  urlPolicy.map((p) => labelled('ActivateEndpoint', p, (now) => ({ type: 'ActivateEndpoint', data: { endpointId, urlPolicy: p }, metadata: meta(now) }))),
  fc.record({ newKeyId: keyId, oldKeyId: keyId, expiresInMinutes: fc.integer({ min: -60, max: 2880 }) }).map((roll) =>
    labelled('RecordKeyRolled', roll, (now) => ({
      type: 'RecordKeyRolled',
      data: {
        endpointId,
        newKeyId: roll.newKeyId,
        oldKeyId: roll.oldKeyId,
        maskedKey: `whsec_…${roll.newKeyId}`,
        oldKeyExpiresAt: new Date(now.getTime() + roll.expiresInMinutes * 60_000),
      },
      metadata: meta(now),
    })),
  ),
  fc.constant(labelled('DeleteEndpoint', {}, (now) => ({ type: 'DeleteEndpoint', data: { endpointId }, metadata: meta(now) }))),
);

const commandSequence = fc.tuple(addEndpoint, fc.array(laterCommand, { maxLength: 30 })).map(([first, rest]) => [first, ...rest]);

/** What the registry does: decide, append with the next version, evolve; domain errors leave the stream as it is. */
function runCommands(commands: MakeCommand[]) {
  let state = initialState();
  const log: StoredEndpointEvent[] = [];
  commands.forEach((make, i) => {
    const now = new Date(T0.getTime() + i * 60_000);
    let events;
    try {
      events = decide(make(now), state);
    } catch (error) {
      if (isDomainError(error)) return;
      throw error;
    }
    for (const event of events) {
      log.push({ streamVersion: log.length + 1, occurredAt: now.toISOString(), event });
      state = evolve(state, event);
    }
  });
  return { state, log };
}

const throughStorage = (log: StoredEndpointEvent[]): StoredEndpointEvent[] =>
  (JSON.parse(JSON.stringify(log)) as StoredEndpointEvent[]).map((stored) => ({ ...stored, event: upcastEndpointEvent(stored.event) }));

describe('endpoint decider and view projection agree', () => {
  it('the projection of the produced log equals the view of the final state', () => {
    fc.assert(
      fc.property(commandSequence, (commands) => {
        const { state, log } = runCommands(commands);
        const position = { streamVersion: log.length, createdAt: log[0]?.occurredAt ?? '', updatedAt: log.at(-1)?.occurredAt ?? '' };
        expect(projectEndpointView(log)).toStrictEqual(viewFromState(state, position));
      }),
      { numRuns: 500 },
    );
  });

  it('the log survives storage: replaying and projecting it again gives equal state and identical bytes', () => {
    fc.assert(
      fc.property(commandSequence, (commands) => {
        const { state, log } = runCommands(commands);
        const stored = throughStorage(log);
        expect(stored).toStrictEqual(log);
        expect(stored.map((s) => s.event).reduce(evolve, initialState())).toStrictEqual(state);
        expect(JSON.stringify(projectEndpointView(stored))).toBe(JSON.stringify(projectEndpointView(log)));
      }),
      { numRuns: 300 },
    );
  });

  it('projecting the same log twice (full redelivery) changes nothing', () => {
    fc.assert(
      fc.property(commandSequence, (commands) => {
        const { log } = runCommands(commands);
        const once = projectEndpointView(log);
        expect(log.reduce(applyToEndpointView, once)).toStrictEqual(once);
        expect(projectEndpointView(log)).toStrictEqual(once);
      }),
      { numRuns: 300 },
    );
  });
});
