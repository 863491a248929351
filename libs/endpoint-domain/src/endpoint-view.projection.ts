import { assertNever } from './assert-never';
import type { EndpointCategory, EndpointDirection, EndpointMethod } from './endpoint-category';
import type { EndpointEvent } from './endpoint.events';
import type { EndpointState } from './endpoint.state';
import type { EndpointId } from './endpoint-id';
import type { SuspensionReason } from './suspension-reason';

/** The read-model document of one endpoint, written whole. */
export interface EndpointView {
  endpointId: EndpointId;
  partnerId: string;
  category: EndpointCategory;
  method: EndpointMethod;
  direction: EndpointDirection;
  url: string | null;
  apiVersion: string;
  status: 'TO_SET' | 'ACTIVE' | 'SUSPENDED' | 'DELETED';
  suspensionReason: SuspensionReason | null;
  keyId: string;
  maskedKey: string;
  createdAt: string;
  updatedAt: string;
  /** Version of the last applied event; the projection's per-document checkpoint. */
  streamVersion: number;
}

/** An event as read back from the store. */
export interface StoredEndpointEvent {
  readonly streamVersion: number;
  readonly occurredAt: string;
  readonly event: EndpointEvent;
}

/**
 * Folds one stored event into the view. An envelope at or below the document's streamVersion
 * was already applied (at-least-once delivery) and leaves the document unchanged. As in `evolve`,
 * events that do not apply change nothing but the checkpoint; events before EndpointAdded are dropped.
 */
export function applyToEndpointView(view: EndpointView | null, stored: StoredEndpointEvent): EndpointView | null {
  const { event, streamVersion, occurredAt } = stored;
  if (view === null) {
    if (event.type !== 'EndpointAdded') return null;
    return toView({ ...event.data, status: 'TO_SET' }, null, { streamVersion, createdAt: occurredAt, updatedAt: occurredAt });
  }
  if (streamVersion <= view.streamVersion) return view;
  const ignored = (): EndpointView => ({ ...view, streamVersion });
  const next = (changes: Partial<EndpointView>): EndpointView => ({ ...view, ...changes, updatedAt: occurredAt, streamVersion });
  if (view.status === 'DELETED') return ignored();
  switch (event.type) {
    case 'EndpointAdded':
      return ignored();
    case 'EndpointUrlConfigured':
      return next({ url: event.data.url });
    case 'EndpointApiVersionChanged':
      return next({ apiVersion: event.data.to });
    case 'EndpointSuspended':
      return next({ status: 'SUSPENDED', suspensionReason: event.data.reason });
    case 'EndpointActivated':
      return next({ status: 'ACTIVE', suspensionReason: null });
    case 'EndpointKeyRolled':
      return next({ keyId: event.data.newKeyId, maskedKey: event.data.maskedKey });
    case 'EndpointDeleted':
      return next({ status: 'DELETED', suspensionReason: null });
    default:
      return assertNever(event);
  }
}

type StreamPosition = Pick<EndpointView, 'streamVersion' | 'createdAt' | 'updatedAt'>;

/** Builds a view with one fixed key order, so equal views serialise to equal bytes. */
function toView(
  s: Omit<EndpointView, 'suspensionReason' | keyof StreamPosition>,
  suspensionReason: SuspensionReason | null,
  position: StreamPosition,
): EndpointView {
  return {
    endpointId: s.endpointId,
    partnerId: s.partnerId,
    category: s.category,
    method: s.method,
    direction: s.direction,
    url: s.url,
    apiVersion: s.apiVersion,
    status: s.status,
    suspensionReason,
    keyId: s.keyId,
    maskedKey: s.maskedKey,
    createdAt: position.createdAt,
    updatedAt: position.updatedAt,
    streamVersion: position.streamVersion,
  };
}

export const endpointViewProjection = {
  initial: (): EndpointView | null => null,
  apply: applyToEndpointView,
};

/** Rebuilds a view from a whole stream, as a projection rebuild or an audit "state as of" does. */
export function projectEndpointView(stream: readonly StoredEndpointEvent[]): EndpointView | null {
  return stream.reduce<EndpointView | null>(applyToEndpointView, null);
}

/**
 * The view implied by a decider state, for cross-checking the projection against `evolve`.
 * Timestamps and version are the store's: first and last occurredAt, last streamVersion.
 */
export function viewFromState(state: EndpointState, position: StreamPosition): EndpointView | null {
  if (state.status === 'NEW') return null;
  return toView(state, state.status === 'SUSPENDED' ? state.suspension : null, position);
}
