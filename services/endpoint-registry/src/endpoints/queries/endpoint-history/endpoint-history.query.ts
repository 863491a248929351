import { Inject, Injectable } from '@nestjs/common';
import { EndpointId, EndpointView } from '@bakuun/endpoint-domain';
import { NotFoundError, ValidationError } from '@bakuun/errors';
import type { EventStore, StoredEvent } from '@bakuun/event-store';
import { EVENT_STORE } from '../../endpoints.di-tokens';
import { foldEndpointStream } from '../../application/endpoint-stream';

export interface EndpointAsOf {
  view: EndpointView | null;
  eventsApplied: number;
}

/** The auditor's view of one endpoint: every event in order, and the state as of any instant. Deleted endpoints stay visible here. */
@Injectable()
export class EndpointHistoryQuery {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async history(partnerId: string, endpointId: EndpointId): Promise<StoredEvent[]> {
    const events = await this.store.readStream(endpointId, { tenantId: partnerId });
    if (events.length === 0) throw new NotFoundError('ENDPOINT.NOT_FOUND', `Endpoint ${endpointId} does not exist`, { field: 'endpoint_id' });
    return events;
  }

  async asOf(partnerId: string, endpointId: EndpointId, instant: string): Promise<EndpointAsOf> {
    const at = Date.parse(instant);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(instant) || Number.isNaN(at)) {
      throw new ValidationError('AUDIT.INSTANT_INVALID', 'as_of must be an RFC 3339 instant, e.g. 2026-01-31T12:00:00Z', { field: 'as_of' });
    }
    const events = (await this.history(partnerId, endpointId)).filter((e) => Date.parse(e.occurredAt) <= at);
    return { view: foldEndpointStream(events).view, eventsApplied: events.length };
  }
}
