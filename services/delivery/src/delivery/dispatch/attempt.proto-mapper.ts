import { deliveryV1, endpointsV1 } from '@bakuun/contracts';
import type { AttemptRecord } from '../persistence/attempt.repository';

const categories: Record<string, endpointsV1.EndpointCategory> = {
  ARI: endpointsV1.EndpointCategory.ENDPOINT_CATEGORY_ARI,
  MAPPING: endpointsV1.EndpointCategory.ENDPOINT_CATEGORY_MAPPING,
  BOOKING: endpointsV1.EndpointCategory.ENDPOINT_CATEGORY_BOOKING,
};

const outcomes: Record<AttemptRecord['outcome'], deliveryV1.AttemptOutcome> = {
  DELIVERED: deliveryV1.AttemptOutcome.ATTEMPT_OUTCOME_DELIVERED,
  RETRY_SCHEDULED: deliveryV1.AttemptOutcome.ATTEMPT_OUTCOME_RETRY_SCHEDULED,
  EXHAUSTED: deliveryV1.AttemptOutcome.ATTEMPT_OUTCOME_EXHAUSTED,
  GONE: deliveryV1.AttemptOutcome.ATTEMPT_OUTCOME_GONE,
};

function errorClassOf(name: string): deliveryV1.AttemptErrorClass {
  const value = (deliveryV1.AttemptErrorClass as unknown as Record<string, number>)[`ATTEMPT_ERROR_CLASS_${name}`];
  return value ?? deliveryV1.AttemptErrorClass.ATTEMPT_ERROR_CLASS_OTHER;
}

export function toProtoAttempt(r: AttemptRecord): deliveryV1.DeliveryAttempt {
  return {
    attemptId: r.attemptId,
    endpointId: r.endpointId,
    partnerId: r.partnerId,
    category: categories[r.category] ?? endpointsV1.EndpointCategory.ENDPOINT_CATEGORY_UNSPECIFIED,
    messageId: r.messageId,
    deliveryId: r.deliveryId,
    attemptNumber: r.attemptNumber,
    outcome: outcomes[r.outcome],
    statusCode: r.statusCode,
    latencyMs: r.latencyMs,
    errorClass: errorClassOf(r.errorClass),
    endpointStreamVersion: r.endpointStreamVersion,
    apiVersion: r.apiVersion,
    signingKeyIds: [...r.signingKeyIds],
    attemptedAt: r.attemptedAt.toISOString(),
    nextAttemptAt: r.nextAttemptAt ? r.nextAttemptAt.toISOString() : '',
    errorMessage: r.errorMessage,
    direction: endpointsV1.EndpointDirection.ENDPOINT_DIRECTION_OUTBOUND,
  };
}
