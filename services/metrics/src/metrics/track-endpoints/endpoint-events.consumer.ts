import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Consumer, EachMessagePayload, Kafka } from 'kafkajs';
import { endpointEventsV1 } from '@bakuun/contracts';
import { observeConsumerLag, ServiceMetrics } from '@bakuun/platform';
import type { MetricsConfig } from '../../config';
import { toDirectoryEvent } from '../adapters/endpoint-event.decoder';
import { ensureTopic } from '../application/ensure-topic';
import { KAFKA, METRICS_CONFIG } from '../metrics.di-tokens';
import { EndpointDirectoryRepository } from '../persistence/endpoint-directory.repository';

/**
 * Keeps the directory of endpoints (partner, category, direction, status, last activation)
 * from `webhooks.endpoint-events.v1`: the auto-suspend policy never acts on an endpoint it does
 * not know, and an activation moves its floor. At least once; the directory ignores stream
 * versions it has applied.
 */
@Injectable()
export class EndpointEventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EndpointEventsConsumer.name);
  private consumer: Consumer | null = null;
  private readonly listeners: ((endpointId: string) => void)[] = [];

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(METRICS_CONFIG) private readonly config: MetricsConfig,
    private readonly directory: EndpointDirectoryRepository,
    private readonly metrics: ServiceMetrics,
  ) {}

  /** Called with the endpoint of each event applied. */
  onApplied(listener: (endpointId: string) => void): void {
    this.listeners.push(listener);
  }

  async onApplicationBootstrap(): Promise<void> {
    await ensureTopic(this.kafka, this.config.ENDPOINT_EVENTS_TOPIC);
    const groupId = `${this.config.METRICS_CONSUMER_GROUP}.endpoint-events`;
    const consumer = this.kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 250 });
    this.consumer = consumer;
    observeConsumerLag(consumer, this.metrics, groupId);
    consumer.on(consumer.events.CRASH, (event) => this.logger.error(`endpoint events consumer crashed: ${String(event.payload.error)}; restart: ${event.payload.restart}`));
    await consumer.connect();
    await consumer.subscribe({ topic: this.config.ENDPOINT_EVENTS_TOPIC, fromBeginning: true });
    await consumer.run({ autoCommit: true, eachMessage: (payload) => this.handle(payload) });
  }

  async onApplicationShutdown(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = null;
    await consumer?.disconnect();
  }

  private async handle({ message, partition }: EachMessagePayload): Promise<void> {
    if (!message.value) return;
    let envelope: endpointEventsV1.EndpointEventEnvelope;
    try {
      envelope = endpointEventsV1.EndpointEventEnvelope.decode(message.value);
    } catch (error) {
      this.logger.warn(`skipping an undecodable endpoint event at partition ${partition} offset ${message.offset}: ${String(error)}`);
      return;
    }
    const event = toDirectoryEvent(envelope);
    if (!event) return;
    await this.directory.apply(event);
    for (const listener of this.listeners) listener(event.endpointId);
  }
}
