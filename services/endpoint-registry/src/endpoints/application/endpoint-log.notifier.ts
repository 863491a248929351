import { Injectable } from '@nestjs/common';

type Listener = () => void;

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
