import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Consumer, Kafka } from 'kafkajs';
import { observeConsumerLag, ServiceMetrics } from '@bakuun/platform';
import { upstreamV1 } from '@bakuun/contracts';
import { applyMappingChange } from '@bakuun/delivery-domain';
import type { InboundEdgeConfig } from '../../config';
import { INBOUND_CONFIG, KAFKA } from '../inbound.di-tokens';
import { MappingRepository } from './mapping.repository';

/**
 * Folds `bakuun.mapping.v1` into the mapping read model with the shared `applyMappingChange`.
 * Idempotent by position: a hotel's messages share a partition (key partner:hotel), and a
 * message at or before the stored offset is a redelivery and changes nothing. The document is
 * written before the offset commits.
 */
@Injectable()
export class MappingConsumer implements OnApplicationShutdown {
  private consumer: Consumer | null = null;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(INBOUND_CONFIG) private readonly config: InboundEdgeConfig,
    private readonly metrics: ServiceMetrics,
    private readonly mappings: MappingRepository,
  ) {}

  async start(): Promise<void> {
    const consumer = this.kafka.consumer({ groupId: this.config.MAPPING_CONSUMER_GROUP, maxWaitTimeInMs: 100 });
    observeConsumerLag(consumer, this.metrics, this.config.MAPPING_CONSUMER_GROUP);
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topic: this.config.MAPPING_TOPIC, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        if (!message.value) return;
        await this.apply(upstreamV1.MappingChange.decode(message.value), partition, Number(message.offset));
      },
    });
  }

  async apply(change: upstreamV1.MappingChange, partition: number, offset: number): Promise<void> {
    const partnerId = change.envelope?.partnerId;
    if (!partnerId || !change.hotelCode) return;
    const stored = await this.mappings.get(partnerId, change.hotelCode);
    if (stored && stored.position.partition === partition && stored.position.offset >= offset) return;
    const { state } = applyMappingChange(stored?.mapping ?? null, change);
    await this.mappings.save({ partnerId, mapping: state, position: { partition, offset } });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = null;
  }
}
