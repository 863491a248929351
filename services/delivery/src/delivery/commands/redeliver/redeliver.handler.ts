import { Inject, Injectable } from '@nestjs/common';
import { deliveryIdFor, type UpstreamCategory } from '@bakuun/delivery-domain';
import { NotFoundError } from '@bakuun/errors';
import { CLOCK } from '../../delivery.di-tokens';
import { Dispatcher } from '../../dispatch/dispatcher';
import { EndpointDirectory } from '../../endpoint-view/endpoint-directory';
import { AttemptRepository } from '../../persistence/attempt.repository';
import { Delivery, DeliveryRepository } from '../../persistence/delivery.repository';
import { MessageRepository } from '../../persistence/message.repository';
import { OperatorRequestRepository } from '../../persistence/operator-request.repository';
import type { Clock } from '../../ports/clock.port';
import { renderStored } from '../render-stored';
import type { Redeliver, RedeliverResult } from './redeliver.command';

/**
 * Sends a retained message again to the endpoints that had it (or one of them): a new retry
 * round with the same webhook-id and ordinal, rendered for the endpoint's API version now, its
 * attempt numbers continuing. Deliveries still open are already on their way and are left as
 * they are; deleted endpoints get nothing. For ARI, the ordinal keeps the lane order and
 * 2025-09-01 receivers see the original `sequence`, dropping it if they applied something newer.
 */
@Injectable()
export class RedeliverHandler {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly messages: MessageRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly attempts: AttemptRepository,
    private readonly directory: EndpointDirectory,
    private readonly dispatcher: Dispatcher,
    private readonly requests: OperatorRequestRepository,
  ) {}

  async execute(command: Redeliver): Promise<RedeliverResult> {
    const answered = await this.requests.answered<RedeliverResult>(command.partnerId, command.requestId);
    if (answered) return answered;
    const message = await this.messages.get(command.partnerId, command.messageId);
    const stillStored = (await this.deliveries.openOfMessage(command.partnerId, command.messageId)).filter((d) => !command.endpointId || d.endpointId === command.endpointId);
    const ended = await this.attempts.endedRounds(stillStored);
    await this.deliveries.close([...ended]);
    const open = stillStored.filter((d) => !ended.has(d.deliveryId));
    const lasts = await this.attempts.lastPerEndpoint(command.partnerId, command.messageId, command.endpointId);
    if (!message || (open.length === 0 && lasts.length === 0)) {
      throw new NotFoundError('DELIVERY.MESSAGE_NOT_FOUND', `Message ${command.messageId} was not delivered${command.endpointId ? ` to endpoint ${command.endpointId}` : ''} or is no longer retained`, { field: 'message_id' });
    }
    const now = this.clock.now();
    const openEndpoints = new Set(open.map((d) => d.endpointId));
    const again: Delivery[] = [];
    for (const last of lasts) {
      const view = this.directory.get(last.endpointId);
      if (openEndpoints.has(last.endpointId) || !view || view.status === 'DELETED') continue;
      const payload = renderStored(message, view.apiVersion);
      again.push({
        deliveryId: deliveryIdFor(message.messageId, view.endpointId), messageId: message.messageId, endpointId: view.endpointId, partnerId: message.partnerId, category: message.category as UpstreamCategory,
        hotelCode: message.hotelCode, ordinal: message.ordinal, apiVersion: payload.apiVersion, body: payload.body, attemptCount: last.attemptNumber, roundFailures: 0, nextAttemptAt: now, loadedBy: null, createdAt: now,
      });
    }
    const inserted = await this.deliveries.insertMany(again);
    const result: RedeliverResult = { deliveryIds: [...open.map((d) => d.deliveryId), ...inserted] };
    await this.dispatcher.storedWaiting(new Set([...openEndpoints, ...again.map((d) => d.endpointId)]));
    await this.requests.remember(command.partnerId, command.requestId, result, now);
    return result;
  }
}
