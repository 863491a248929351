import { Inject, Injectable } from '@nestjs/common';
import { decide, EndpointCommand, EndpointId, EndpointState } from '@bakuun/endpoint-domain';
import { ConcurrencyError, ValidationError } from '@bakuun/errors';
import type { EventStore } from '@bakuun/event-store';
import { CLOCK, EVENT_STORE } from '../endpoints.di-tokens';
import type { Clock } from '../ports/clock.port';
import type { CommandContext } from './command-context';
import { EndpointStream, extendEndpointStream, foldEndpointStream } from './endpoint-stream';
import { continueFold, FoldedStreams } from './folded-streams';
import { EndpointLogNotifier } from './endpoint-log.notifier';

/** Conflicts without a client-side expected version are retried this many times after a reload. */
export const MAX_CONFLICT_RETRIES = 3;

export type CommandFactory = (state: EndpointState, now: Date) => EndpointCommand;

export interface CommandOutcome {
  stream: EndpointStream;
  /** False when the command was a retry of an already applied request, or decided nothing. */
  changed: boolean;
}

/**
 * load → decide → append, the whole of a command handler's work on the log. A request id
 * already present in the stream means the command was applied before: the state right after
 * that first application is returned instead of deciding again.
 */
@Injectable()
export class EndpointCommandRunner {
  private readonly folded = new FoldedStreams();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly notifier: EndpointLogNotifier,
  ) {}

  /** The stream as stored in the log (for answers that must see other processes' writes). */
  async load(endpointId: EndpointId, partnerId: string): Promise<EndpointStream> {
    return foldEndpointStream(await this.store.readStream(endpointId, { tenantId: partnerId }));
  }

  /**
   * Decides on the stream this process knows (see ReadStreamOptions.reuseKnownCommits): an append
   * on a stale head is refused by the store and retried on the stream as stored; a command that
   * decides nothing is decided again on the stream as stored before answering, so a no-op never
   * answers from a stale state, and neither does a refusal. `assumeNew` skips the first read for a stream that should not exist yet.
   */
  async execute(endpointId: EndpointId, context: CommandContext, makeCommand: CommandFactory, options: { assumeNew?: boolean } = {}): Promise<CommandOutcome> {
    if (!context.requestId) throw new ValidationError('REQUEST.ID_REQUIRED', 'request_id is required: it makes retries safe', { field: 'request_id' });
    let fromLog = false;
    for (let attempt = 0; ; attempt++) {
      const stream = attempt === 0 && options.assumeNew ? foldEndpointStream([]) : await this.current(endpointId, context.partnerId, !fromLog);
      const applied = stream.events.findLastIndex((e) => e.metadata.requestId === context.requestId);
      if (applied >= 0) return { stream: foldEndpointStream(stream.events.slice(0, applied + 1)), changed: false };
      if (context.expectedVersion > 0 && context.expectedVersion !== stream.version) {
        if (!fromLog) {
          fromLog = true;
          continue;
        }
        throw new ConcurrencyError({ streamId: endpointId, expected: context.expectedVersion, actual: stream.version });
      }
      const now = this.clock.now();
      let events: ReturnType<typeof decide>;
      try {
        events = decide(makeCommand(stream.state, now), stream.state);
      } catch (refusal) {
        if (fromLog) throw refusal;
        fromLog = true;
        continue;
      }
      if (events.length === 0) {
        if (fromLog) return { stream, changed: false };
        fromLog = true;
        continue;
      }
      try {
        const appended = await this.store.append(endpointId, stream.version, events.map((e) => ({ type: e.type, schemaVersion: e.schemaVersion, data: { ...e.data } })), {
          tenantId: context.partnerId,
          occurredAt: now,
          metadata: { actor: context.actor, correlationId: context.correlationId, causationId: context.requestId, requestId: context.requestId },
        });
        this.notifier.appended();
        const after = extendEndpointStream(stream, appended);
        this.folded.remember(context.partnerId, endpointId, after);
        return { stream: after, changed: true };
      } catch (error) {
        const retry = error instanceof ConcurrencyError && context.expectedVersion === 0 && attempt < MAX_CONFLICT_RETRIES;
        if (!retry) throw error;
      }
    }
  }

  /** The stream folded up to its head: the last fold extended by what was appended since, or a whole read. */
  private async current(endpointId: EndpointId, partnerId: string, reuseKnownCommits: boolean): Promise<EndpointStream> {
    const scope = { tenantId: partnerId };
    const folded = this.folded.get(partnerId, endpointId);
    const continued = folded && continueFold(folded, await this.store.readStream(endpointId, scope, { reuseKnownCommits, afterVersion: folded.version }));
    const stream = continued ?? foldEndpointStream(await this.store.readStream(endpointId, scope, { reuseKnownCommits }));
    this.folded.remember(partnerId, endpointId, stream);
    return stream;
  }
}
