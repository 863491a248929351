import { endpointEventsV1, endpointsV1 } from '@bakuun/contracts';
import { IllegalStateError } from '@bakuun/errors';
import type { EndpointCategory, EndpointDirection, EndpointMethod } from './endpoint-category';
import { parseEndpointId } from './endpoint-id';
import type { StoredEndpointEvent } from './endpoint-view.projection';
import { upcastEndpointEvent, type EndpointEvent } from './endpoint.events';
import type { SuspensionReason } from './suspension-reason';

const { EndpointCategory: C, EndpointMethod: M, EndpointDirection: D } = endpointsV1;

const categories = new Map<number, EndpointCategory>([[C.ENDPOINT_CATEGORY_ARI, 'ARI'], [C.ENDPOINT_CATEGORY_MAPPING, 'MAPPING'], [C.ENDPOINT_CATEGORY_BOOKING, 'BOOKING']]);
const methods = new Map<number, EndpointMethod>([[M.ENDPOINT_METHOD_PUSH, 'PUSH'], [M.ENDPOINT_METHOD_READ, 'READ']]);
const directions = new Map<number, EndpointDirection>([[D.ENDPOINT_DIRECTION_OUTBOUND, 'OUTBOUND'], [D.ENDPOINT_DIRECTION_INBOUND, 'INBOUND']]);

function required<T>(map: Map<number, T>, value: number, what: string): T {
  const found = map.get(value);
  if (found === undefined) throw new IllegalStateError('ENDPOINT.EVENT_MALFORMED', `EndpointAdded carries an unknown ${what} (${value})`);
  return found;
}

function reasonOf(reason: endpointsV1.SuspensionReason | undefined): SuspensionReason {
  if (reason?.automatic) return { kind: 'AUTOMATIC', figure: { ...reason.automatic } };
  if (reason?.receiverGone) return { kind: 'RECEIVER_GONE', statusCode: 410 };
  return reason?.manual?.note ? { kind: 'MANUAL', note: reason.manual.note } : { kind: 'MANUAL' };
}

function dataOf(e: endpointEventsV1.EndpointEventEnvelope): unknown {
  if (e.endpointAdded) {
    const d = e.endpointAdded;
    return { ...d, endpointId: parseEndpointId(d.endpointId), category: required(categories, d.category, 'category'), method: required(methods, d.method, 'method'), direction: required(directions, d.direction, 'direction'), url: d.url || null };
  }
  if (e.endpointUrlConfigured) return { ...e.endpointUrlConfigured, previousUrl: e.endpointUrlConfigured.previousUrl || null };
  if (e.endpointApiVersionChanged) return e.endpointApiVersionChanged;
  if (e.endpointSuspended) return { endpointId: e.endpointSuspended.endpointId, reason: reasonOf(e.endpointSuspended.reason), suspendedAt: e.endpointSuspended.suspendedAt };
  if (e.endpointActivated) return e.endpointActivated;
  if (e.endpointKeyRolled) return e.endpointKeyRolled;
  if (e.endpointDeleted) return e.endpointDeleted;
  return null;
}

/**
 * A published envelope (`webhooks.endpoint-events.v1`) as the stored event `applyToEndpointView`
 * folds: what every consumer that keeps its own endpoint view reads (delivery, inbound-edge); unknown types or versions throw (the consumer stops rather than guess). */
export function storedEventOf(envelope: endpointEventsV1.EndpointEventEnvelope): StoredEndpointEvent {
  const event: EndpointEvent = upcastEndpointEvent({ type: envelope.type, schemaVersion: envelope.schemaVersion, data: dataOf(envelope) });
  return { streamVersion: envelope.streamVersion, occurredAt: envelope.occurredAt, event };
}
