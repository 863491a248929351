import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** One Prometheus registry per process, with the metrics every service shares. */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly grpcLatency: Histogram<'method' | 'code'>;
  /** Set by `observeConsumerLag` for each consumer of the service. */
  readonly kafkaConsumerLag: Gauge<'group' | 'topic' | 'partition'>;
  readonly kafkaConsumerMessages: Counter<'group' | 'topic'>;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.grpcLatency = new Histogram({
      name: 'grpc_server_handling_seconds',
      help: 'gRPC call latency by method and status code',
      labelNames: ['method', 'code'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [this.registry],
    });
    this.kafkaConsumerLag = new Gauge({
      name: 'kafka_consumer_lag',
      help: 'Messages of the partition after the last batch the consumer handled',
      labelNames: ['group', 'topic', 'partition'],
      registers: [this.registry],
    });
    this.kafkaConsumerMessages = new Counter({ name: 'kafka_consumer_messages_total', help: 'Messages handed to the consumer', labelNames: ['group', 'topic'], registers: [this.registry] });
  }
}
