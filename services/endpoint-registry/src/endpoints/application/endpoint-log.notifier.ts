import { Injectable } from '@nestjs/common';

type Listener = () => void;

/**
 * How long a reader woken by an append waits for more appends before its pass: at 200
 * commands/s this turns ~100 checkpoint writes and Kafka requests per second per reader into
 * at most 50, for at most this much more delay before an event is projected and published.
 */
export const APPENDS_SETTLE_MS = 20;

/** Wakes the projector and the relay right after an append instead of waiting for their next poll. */
@Injectable()
export class EndpointLogNotifier {
  private readonly listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  appended(): void {
    for (const listener of this.listeners) listener();
  }
}
