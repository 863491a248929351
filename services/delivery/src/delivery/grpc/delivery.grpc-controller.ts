import { Controller, UseFilters, UseInterceptors } from '@nestjs/common';
import type { Metadata } from '@grpc/grpc-js';
import { deliveryV1 } from '@bakuun/contracts';
import { parseEndpointId } from '@bakuun/endpoint-domain';
import { ValidationError } from '@bakuun/errors';
import { callContextFrom, DomainErrorGrpcFilter, GrpcMetricsInterceptor } from '@bakuun/platform';
import { RedeliverHandler } from '../commands/redeliver/redeliver.handler';
import { ReplaySinceHandler } from '../commands/replay-since/replay-since.handler';
import { toProtoAttempt } from '../dispatch/attempt.proto-mapper';
import { ListAttemptsQuery } from '../queries/list-attempts/list-attempts.query';

const MESSAGE_ID = /^msg_[0-7][0-9a-hjkmnp-tv-z]{25}$/;

function partnerOf(metadata: Metadata): string {
  return callContextFrom(metadata, '').partnerId;
}

function requestIdOf(requestId: string): string {
  if (!requestId) throw new ValidationError('REQUEST.ID_REQUIRED', 'request_id is required: it makes retries safe', { field: 'request_id' });
  if (requestId.length > 128) throw new ValidationError('REQUEST.ID_TOO_LONG', 'request_id is limited to 128 characters', { field: 'request_id' });
  return requestId;
}

function messageIdOf(messageId: string): string {
  if (!MESSAGE_ID.test(messageId)) throw new ValidationError('DELIVERY.MESSAGE_ID_INVALID', 'message_id must be "msg_" followed by 26 base32 characters', { field: 'message_id' });
  return messageId;
}

/** Thin adapter: proto → use case → proto. */
@Controller()
@UseFilters(DomainErrorGrpcFilter)
@UseInterceptors(GrpcMetricsInterceptor)
@deliveryV1.DeliveryServiceControllerMethods()
export class DeliveryGrpcController implements deliveryV1.DeliveryServiceController {
  constructor(
    private readonly listAttemptsQuery: ListAttemptsQuery,
    private readonly redeliverHandler: RedeliverHandler,
    private readonly replaySinceHandler: ReplaySinceHandler,
  ) {}

  async listAttempts(request: deliveryV1.ListAttemptsRequest, metadata: Metadata): Promise<deliveryV1.ListAttemptsResponse> {
    const page = await this.listAttemptsQuery.execute({
      partnerId: partnerOf(metadata),
      endpointId: parseEndpointId(request.endpointId, 'endpoint_id'),
      pageSize: request.pageSize,
      ...(request.pageToken ? { pageToken: request.pageToken } : {}),
      ...(request.messageId ? { messageId: messageIdOf(request.messageId) } : {}),
    });
    return { attempts: page.attempts.map(toProtoAttempt), nextPageToken: page.nextPageToken };
  }

  async redeliver(request: deliveryV1.RedeliverRequest, metadata: Metadata): Promise<deliveryV1.RedeliverResponse> {
    return this.redeliverHandler.execute({
      partnerId: partnerOf(metadata),
      requestId: requestIdOf(request.requestId),
      messageId: messageIdOf(request.messageId),
      ...(request.endpointId ? { endpointId: parseEndpointId(request.endpointId, 'endpoint_id') } : {}),
    });
  }

  async replaySince(request: deliveryV1.ReplaySinceRequest, metadata: Metadata): Promise<deliveryV1.ReplaySinceResponse> {
    const since = new Date(request.since);
    if (!request.since || Number.isNaN(since.getTime())) throw new ValidationError('DELIVERY.SINCE_INVALID', 'since must be an RFC 3339 instant', { field: 'since' });
    return this.replaySinceHandler.execute({ partnerId: partnerOf(metadata), requestId: requestIdOf(request.requestId), endpointId: parseEndpointId(request.endpointId, 'endpoint_id'), since });
  }
}
