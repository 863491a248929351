import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Kafka, Producer } from 'kafkajs';
import { deliveryV1, endpointsV1, MessageHeaders, TopicKeys } from '@bakuun/contracts';
import type { EndpointView } from '@bakuun/endpoint-domain';
import { newTypeId } from '@bakuun/platform';
import type { InboundEdgeConfig } from '../../config';
import { INBOUND_CONFIG, PRODUCER_KAFKA } from '../inbound.di-tokens';

const { AttemptOutcome: O, AttemptErrorClass: E, EndpointCategory: C } = { ...deliveryV1, ...endpointsV1 };

export interface InboundOutcome {
  readonly endpoint: EndpointView;
  readonly requestId: string;
  /** The first accepted booking's message id, when there is one. */
  readonly messageId: string;
  readonly statusCode: number;
  readonly latencyMs: number;
  readonly startedAt: Date;
  readonly keyId: string;
  /** A short reason for operators (the problem's code), never a body or a key. */
  readonly errorMessage: string;
}

/** A partner's request as the attempts topic carries it: metrics classifies it by status (inbound rules) for the endpoint's error rate. */
export function attemptOf(o: InboundOutcome): deliveryV1.DeliveryAttempt {
  return {
    attemptId: newTypeId('atmpt_', o.startedAt.getTime()),
    endpointId: o.endpoint.endpointId,
    partnerId: o.endpoint.partnerId,
    category: o.endpoint.category === 'BOOKING' ? C.ENDPOINT_CATEGORY_BOOKING : o.endpoint.category === 'MAPPING' ? C.ENDPOINT_CATEGORY_MAPPING : C.ENDPOINT_CATEGORY_ARI,
    messageId: o.messageId,
    deliveryId: o.requestId,
    attemptNumber: 1,
    outcome: o.statusCode < 400 ? O.ATTEMPT_OUTCOME_DELIVERED : O.ATTEMPT_OUTCOME_EXHAUSTED,
    statusCode: o.statusCode,
    latencyMs: o.latencyMs,
    errorClass: errorClassOf(o.statusCode),
    endpointStreamVersion: o.endpoint.streamVersion,
    apiVersion: o.endpoint.apiVersion,
    signingKeyIds: o.keyId ? [o.keyId] : [],
    attemptedAt: o.startedAt.toISOString(),
    nextAttemptAt: '',
    errorMessage: o.errorMessage,
    direction: endpointsV1.EndpointDirection.ENDPOINT_DIRECTION_INBOUND,
  };
}

function errorClassOf(status: number): deliveryV1.AttemptErrorClass {
  if (status < 300) return E.ATTEMPT_ERROR_CLASS_NONE;
  if (status < 400) return E.ATTEMPT_ERROR_CLASS_NONE;
  if (status === 401 || status === 403) return E.ATTEMPT_ERROR_CLASS_HTTP_AUTH;
  if (status === 429) return E.ATTEMPT_ERROR_CLASS_HTTP_RATE_LIMITED;
  if (status < 500) return E.ATTEMPT_ERROR_CLASS_HTTP_4XX;
  return E.ATTEMPT_ERROR_CLASS_HTTP_5XX;
}

/**
 * Publishes every answered request of a known endpoint to `webhooks.delivery-attempts.v1`
 * (key = endpoint id), batched every 100 ms off the request path. Bounded: while Kafka is
 * unreachable at most 50 000 attempts wait; beyond that the oldest are dropped and counted
 * (the error rate is a statistic; bookings are never dropped this way).
 */
@Injectable()
export class AttemptPublisher implements OnApplicationShutdown {
  private readonly logger = new Logger(AttemptPublisher.name);
  private readonly producer: Producer;
  private queue: deliveryV1.DeliveryAttempt[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private connected = false;
  dropped = 0;
  published = 0;
  private readonly maxQueued = 50_000;

  constructor(
    @Inject(PRODUCER_KAFKA) kafka: Kafka,
    @Inject(INBOUND_CONFIG) private readonly config: InboundEdgeConfig,
  ) {
    this.producer = kafka.producer({ allowAutoTopicCreation: true, retry: { retries: 2, initialRetryTime: 100 } });
  }

  start(): void {
    this.timer = setInterval(() => void this.flush(), 100);
    this.timer.unref();
  }

  record(outcome: InboundOutcome): void {
    this.queue.push(attemptOf(outcome));
    if (this.queue.length > this.maxQueued) {
      const excess = this.queue.length - this.maxQueued;
      this.queue.splice(0, excess);
      this.dropped += excess;
    }
  }

  /** Sends what is queued; failures keep the batch queued for the next round. */
  flush(): Promise<void> {
    if (this.flushing || this.queue.length === 0) return this.flushing ?? Promise.resolve();
    const batch = this.queue;
    this.queue = [];
    this.flushing = (async () => {
      try {
        if (!this.connected) {
          await this.producer.connect();
          this.connected = true;
        }
        await this.producer.send({
          topic: this.config.DELIVERY_ATTEMPTS_TOPIC,
          messages: batch.map((a) => ({ key: TopicKeys.byEndpoint(a.endpointId), value: Buffer.from(deliveryV1.DeliveryAttempt.encode(a).finish()), headers: { [MessageHeaders.type]: 'DeliveryAttempt', [MessageHeaders.eventId]: a.attemptId, [MessageHeaders.schemaVersion]: '1' } })),
        });
        this.published += batch.length;
      } catch (error) {
        this.queue = [...batch, ...this.queue];
        this.logger.warn(`attempts not published yet (${batch.length} waiting): ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        this.flushing = null;
      }
    })();
    return this.flushing;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
    await this.producer.disconnect();
  }
}
