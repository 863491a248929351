import type { StoredEvent } from '@bakuun/event-store';
import { EndpointStream, extendEndpointStream } from './endpoint-stream';

/** How many streams keep their last fold. */
const CAPACITY = 1_000;

/**
 * The last fold of each recently commanded stream, so a command reads and folds only the events
 * it has not folded before: streams grow to hundreds of events, and reading one whole per command
 * allocated each of its events again (the registry's old-space garbage at 200 commands/s), where
 * folding it whole had taken a tenth of its CPU. Folds are kept per tenant: a stream read under
 * another tenant's scope is empty, and must never be answered from this tenant's fold.
 */
export class FoldedStreams {
  private readonly streams = new Map<string, EndpointStream>();

  constructor(private readonly capacity = CAPACITY) {}

  /** The last fold of a stream that exists, as this tenant read it. */
  get(tenantId: string, streamId: string): EndpointStream | undefined {
    const stream = this.streams.get(key(tenantId, streamId));
    return stream && stream.version > 0 ? stream : undefined;
  }

  remember(tenantId: string, streamId: string, stream: EndpointStream): void {
    const k = key(tenantId, streamId);
    this.streams.delete(k);
    this.streams.set(k, stream);
    if (this.streams.size > this.capacity) this.streams.delete(this.streams.keys().next().value!);
  }
}

/**
 * `folded` extended by `newer`, the events read after its version; null when they do not continue
 * it (not the next version, or not chained to its last event's hash), so the caller folds the
 * stream again from the start.
 */
export function continueFold(folded: EndpointStream, newer: StoredEvent[]): EndpointStream | null {
  if (newer.length === 0) return folded;
  const [next] = newer;
  if (next!.streamVersion !== folded.version + 1 || next!.previousHash !== folded.events.at(-1)?.hash) return null;
  return extendEndpointStream(folded, newer);
}

const key = (tenantId: string, streamId: string) => `${tenantId}\u0000${streamId}`;
