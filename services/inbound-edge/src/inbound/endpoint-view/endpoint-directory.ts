import { Injectable } from '@nestjs/common';
import type { EndpointView } from '@bakuun/endpoint-domain';

type Listener = (before: EndpointView | undefined, after: EndpointView) => void;

/** Inbound endpoints in memory for the request path, loaded from MongoDB and kept current by the endpoint-events consumer. */
@Injectable()
export class EndpointDirectory {
  private readonly byId = new Map<string, EndpointView>();
  private readonly listeners: Listener[] = [];

  get(endpointId: string): EndpointView | undefined {
    return this.byId.get(endpointId);
  }

  onChange(listener: Listener): void {
    this.listeners.push(listener);
  }

  apply(view: EndpointView): void {
    const before = this.byId.get(view.endpointId);
    if (before && before.streamVersion >= view.streamVersion) return;
    this.byId.set(view.endpointId, view);
    for (const listener of this.listeners) listener(before, view);
  }
}
