import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Consumer, Kafka } from 'kafkajs';
import { metricsV1 } from '@bakuun/contracts';
import { ensureTopics, observeConsumerLag, ServiceMetrics } from '@bakuun/platform';
import { KAFKA, REGISTRY_CONFIG } from '../endpoints.di-tokens';
import type { RegistryConfig } from '../../config';
import { EndpointHealthRepository } from './endpoint-health.repository';

/** Takes the metrics service's health figures into the registry's read side, so ListEndpoints shows the error rate. */
@Injectable()
export class EndpointHealthConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EndpointHealthConsumer.name);
  private consumer: Consumer | null = null;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig,
    private readonly health: EndpointHealthRepository,
    private readonly metrics: ServiceMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await ensureTopics(this.kafka, [{ topic: this.config.ENDPOINT_HEALTH_TOPIC }]);
    const consumer = this.kafka.consumer({ groupId: this.config.REGISTRY_CONSUMER_GROUP });
    this.consumer = consumer;
    observeConsumerLag(consumer, this.metrics, this.config.REGISTRY_CONSUMER_GROUP);
    await consumer.connect();
    await consumer.subscribe({ topic: this.config.ENDPOINT_HEALTH_TOPIC, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (!message.value) return;
        let figures: metricsV1.EndpointHealth;
        try {
          figures = metricsV1.EndpointHealth.decode(message.value);
        } catch (error) {
          this.logger.warn(`skipping an undecodable health message at offset ${message.offset}: ${String(error)}`);
          return;
        }
        if (!figures.endpointId || !figures.partnerId || !figures.computedAt) return;
        await this.health.save({
          endpointId: figures.endpointId,
          partnerId: figures.partnerId,
          computedAt: figures.computedAt,
          errorRate1h: figures.errorRate1h ?? null,
          errorRate24h: figures.errorRate24h ?? null,
        });
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = null;
  }
}
