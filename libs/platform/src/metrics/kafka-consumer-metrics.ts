import type { Consumer } from 'kafkajs';
import type { ServiceMetrics } from './service-metrics';

/**
 * Keeps `kafka_consumer_lag{group,topic,partition}` and `kafka_consumer_messages_total{group,topic}`
 * of one consumer, from kafkajs' END_BATCH_PROCESS instrumentation event: the lag is the number
 * of messages after the last batch handled (high watermark − 1 − its last offset), so a
 * consumer that keeps up shows 0. Call before `consumer.run`; works for `eachMessage` and
 * `eachBatch` consumers alike. A partition is only updated when a batch arrives from it.
 */
export function observeConsumerLag(consumer: Consumer, metrics: ServiceMetrics, group: string): void {
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    metrics.kafkaConsumerLag.set({ group, topic: payload.topic, partition: String(payload.partition) }, Math.max(0, Number(payload.offsetLag)));
    metrics.kafkaConsumerMessages.inc({ group, topic: payload.topic }, payload.batchSize);
  });
}
