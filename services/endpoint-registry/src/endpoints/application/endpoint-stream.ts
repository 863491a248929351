import {
  applyToEndpointView,
  EndpointState,
  EndpointView,
  evolve,
  initialState,
  StoredEndpointEvent,
  upcastEndpointEvent,
} from '@bakuun/endpoint-domain';
import type { StoredEvent } from '@bakuun/event-store';

/** One endpoint's stream, folded: the decider's state for commands, the view for answers. */
export interface EndpointStream {
  events: StoredEvent[];
  state: EndpointState;
  view: EndpointView | null;
  version: number;
}

export function toStoredEndpointEvent(event: StoredEvent): StoredEndpointEvent {
  return { streamVersion: event.streamVersion, occurredAt: event.occurredAt, event: upcastEndpointEvent(event) };
}

export function foldEndpointStream(events: StoredEvent[]): EndpointStream {
  return extendEndpointStream({ events: [], state: initialState(), view: null, version: 0 }, events);
}

/** `foldEndpointStream([...stream.events, ...more])`, folding only the new events. */
export function extendEndpointStream(stream: EndpointStream, more: StoredEvent[]): EndpointStream {
  const endpointEvents = more.map(toStoredEndpointEvent);
  return {
    events: [...stream.events, ...more],
    state: endpointEvents.reduce((state, stored) => evolve(state, stored.event), stream.state),
    view: endpointEvents.reduce(applyToEndpointView, stream.view),
    version: more.at(-1)?.streamVersion ?? stream.version,
  };
}
