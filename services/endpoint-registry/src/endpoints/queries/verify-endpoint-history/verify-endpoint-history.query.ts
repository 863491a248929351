import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError } from '@bakuun/errors';
import { ChainVerification, EventStore, StreamScope, verifyChain } from '@bakuun/event-store';
import { EVENT_STORE } from '../../endpoints.di-tokens';

export interface HistoryVerification {
  valid: boolean;
  streams: ChainVerification[];
}

/** Recomputes the hash chain of one stream, or of every stream in scope, so an auditor can prove nothing was edited. */
@Injectable()
export class VerifyEndpointHistoryQuery {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(scope: StreamScope, endpointId?: string): Promise<HistoryVerification> {
    const streamIds = endpointId ? [endpointId] : await this.store.listStreamIds(scope === 'ALL_TENANTS' ? undefined : scope.tenantId);
    const streams: ChainVerification[] = [];
    for (const streamId of streamIds) {
      const events = await this.store.readStream(streamId, scope);
      if (endpointId && events.length === 0) throw new NotFoundError('ENDPOINT.NOT_FOUND', `Endpoint ${endpointId} does not exist`, { field: 'endpoint_id' });
      streams.push(verifyChain(streamId, events));
    }
    return { valid: streams.every((s) => s.valid), streams };
  }
}
