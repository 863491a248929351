import { Inject, Injectable } from '@nestjs/common';
import { deliveryIdFor } from '@bakuun/delivery-domain';
import { IllegalStateError, NotFoundError } from '@bakuun/errors';
import type { DeliveryConfig } from '../../../config';
import { CLOCK, DELIVERY_CONFIG } from '../../delivery.di-tokens';
import { Dispatcher } from '../../dispatch/dispatcher';
import { EndpointDirectory } from '../../endpoint-view/endpoint-directory';
import { AttemptRepository } from '../../persistence/attempt.repository';
import { Delivery, DeliveryRepository } from '../../persistence/delivery.repository';
import { MessageRepository } from '../../persistence/message.repository';
import { OperatorRequestRepository } from '../../persistence/operator-request.repository';
import type { Clock } from '../../ports/clock.port';
import { renderStored } from '../render-stored';
import type { ReplaySince, ReplaySinceResult } from './replay-since.command';

const PAGE = 500;

/**
 * What an endpoint missed since an instant: a delivery for every retained message of its
 * partner and category that it never got (it was suspended, or not yet active: `created`) or
 * whose last round ended without success (exhausted, 410: `rescheduled`), rendered for its API
 * version now, with the message's ordinal, so each hotel's messages go out in upstream order.
 * Messages are retained DELIVERY_RETENTION_HOURS.
 */
@Injectable()
export class ReplaySinceHandler {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DELIVERY_CONFIG) private readonly config: DeliveryConfig,
    private readonly messages: MessageRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly attempts: AttemptRepository,
    private readonly directory: EndpointDirectory,
    private readonly dispatcher: Dispatcher,
    private readonly requests: OperatorRequestRepository,
  ) {}

  async execute(command: ReplaySince): Promise<ReplaySinceResult> {
    const answered = await this.requests.answered<ReplaySinceResult>(command.partnerId, command.requestId);
    if (answered) return answered;
    const view = this.directory.get(command.endpointId);
    if (!view || view.partnerId !== command.partnerId || view.status === 'DELETED' || view.direction !== 'OUTBOUND') {
      throw new NotFoundError('DELIVERY.ENDPOINT_NOT_FOUND', `Outbound endpoint ${command.endpointId} not found`, { field: 'endpoint_id' });
    }
    if (view.status !== 'ACTIVE') throw new IllegalStateError('DELIVERY.ENDPOINT_NOT_ACTIVE', `Endpoint ${command.endpointId} is ${view.status}: activate it before replaying`, { field: 'endpoint_id' });
    const now = this.clock.now();
    const retainedSince = new Date(now.getTime() - this.config.DELIVERY_RETENTION_HOURS * 3_600_000);
    if (command.since.getTime() < retainedSince.getTime()) {
      throw new IllegalStateError('DELIVERY.REPLAY_BEYOND_RETENTION', `Messages are retained ${this.config.DELIVERY_RETENTION_HOURS} h: since must be at or after ${retainedSince.toISOString()}`, { field: 'since' });
    }
    let created = 0;
    let rescheduled = 0;
    let after: { ordinal: number; id: string } | null = null;
    for (;;) {
      const page = await this.messages.pageSince(view.partnerId, view.category, command.since, after, PAGE);
      if (page.length === 0) break;
      after = { ordinal: page.at(-1)!.ordinal, id: page.at(-1)!.messageId };
      const ids = page.map((m) => deliveryIdFor(m.messageId, view.endpointId));
      const stored = await this.deliveries.openRounds(ids);
      const ended = await this.attempts.endedRounds(stored);
      await this.deliveries.close([...ended]);
      const open = new Set(stored.map((d) => d.deliveryId).filter((id) => !ended.has(id)));
      const lasts = await this.attempts.lastOutcomes(view.endpointId, page.map((m) => m.messageId));
      const missed: Delivery[] = [];
      for (const [i, stored] of page.entries()) {
        const last = lasts.get(stored.messageId);
        if (open.has(ids[i]!) || last?.outcome === 'DELIVERED') continue;
        if (last) rescheduled++;
        else created++;
        const payload = renderStored(stored, view.apiVersion);
        missed.push({
          deliveryId: ids[i]!, messageId: stored.messageId, endpointId: view.endpointId, partnerId: view.partnerId, category: stored.category, hotelCode: stored.hotelCode,
          ordinal: stored.ordinal, apiVersion: payload.apiVersion, body: payload.body, attemptCount: last?.attemptNumber ?? 0, roundFailures: 0, nextAttemptAt: now, loadedBy: null, createdAt: now,
        });
      }
      await this.deliveries.insertMany(missed);
      if (page.length < PAGE) break;
    }
    await this.dispatcher.storedWaiting([view.endpointId]);
    const result: ReplaySinceResult = { created, rescheduled, retainedSince: retainedSince.toISOString() };
    await this.requests.remember(command.partnerId, command.requestId, result, now);
    return result;
  }
}
