import { Kafka, Producer } from 'kafkajs';
import { MessageHeaders, metricsV1, TopicKeys } from '@bakuun/contracts';
import type { EndpointReport } from '@bakuun/metrics-domain';
import { toEndpointHealth } from '../application/metrics.proto-mapper';
import type { HealthPublisher } from '../ports/health-publisher.port';

/** One idempotent producer; key = endpoint id, so one endpoint's figures stay in order on their partition. */
export class KafkaHealthPublisher implements HealthPublisher {
  private producer: Producer | null = null;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
  ) {}

  async publish(reports: readonly EndpointReport[]): Promise<void> {
    if (reports.length === 0) return;
    const producer = await this.connected();
    await producer.send({
      topic: this.topic,
      acks: -1,
      messages: reports.map((report) => ({
        key: TopicKeys.byEndpoint(report.endpointId),
        value: Buffer.from(metricsV1.EndpointHealth.encode(toEndpointHealth(report)).finish()),
        headers: { [MessageHeaders.type]: 'EndpointHealth', [MessageHeaders.eventId]: `${report.endpointId}@${report.computedAt}`, [MessageHeaders.schemaVersion]: '1' },
      })),
    });
  }

  async close(): Promise<void> {
    await this.producer?.disconnect();
    this.producer = null;
  }

  private async connected(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: true });
      await producer.connect();
      this.producer = producer;
    }
    return this.producer;
  }
}
