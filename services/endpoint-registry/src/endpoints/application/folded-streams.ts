import type { StoredEvent } from '@bakuun/event-store';
import { EndpointStream, extendEndpointStream, foldEndpointStream } from './endpoint-stream';

/** How many streams keep their last fold. */
const CAPACITY = 1_000;

/**
 * The last fold of each recently commanded stream, so a command folds only the events it has
 * not folded before: streams grow to hundreds of events, and folding one whole took a tenth of
 * the registry's CPU per command under load. A cached fold is used only when the events read
 * still begin with it (the same event at its last position: streams only grow).
 */
export class FoldedStreams {
  private readonly streams = new Map<string, EndpointStream>();

  constructor(private readonly capacity = CAPACITY) {}

  fold(streamId: string, events: StoredEvent[]): EndpointStream {
    const cached = this.streams.get(streamId);
    const known = cached?.events.length ?? 0;
    const stillPrefix = cached !== undefined && known > 0 && events.length >= known && events[known - 1]!.eventId === cached.events[known - 1]!.eventId;
    const stream = stillPrefix ? (events.length === known ? cached : extendEndpointStream(cached, events.slice(known))) : foldEndpointStream(events);
    this.remember(streamId, stream);
    return stream;
  }

  remember(streamId: string, stream: EndpointStream): void {
    this.streams.delete(streamId);
    this.streams.set(streamId, stream);
    if (this.streams.size > this.capacity) this.streams.delete(this.streams.keys().next().value!);
  }
}
