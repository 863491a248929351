import { randomBytes } from 'node:crypto';
import { Kafka, Producer } from 'kafkajs';
import { lastValueFrom, Observable } from 'rxjs';
import { deliveryV1, endpointsV1, metricsServiceV1, TopicKeys } from '@bakuun/contracts';
import { callMetadata, createGrpcClient, createKafka } from '@bakuun/platform';
import { freePort, TestNamespace } from '@bakuun/testing';
import type { Provider } from '@nestjs/common';
import { loadMetricsConfig, MetricsConfig } from '../config';
import { METRICS_PROTO_FILE, RunningMetrics, startMetrics } from '../metrics.app';
import { CLOCK } from '../metrics/metrics.di-tokens';
import type { Clock } from '../metrics/ports/clock.port';

export type MetricsClient = metricsServiceV1.EndpointMetricsServiceClient;

/** A clock a test moves by hand; it follows real time until told otherwise. */
export class TestClock implements Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';
const suffix = (first = CROCKFORD[Math.floor(Math.random() * 8)]!) => first + Array.from(randomBytes(25), (b) => CROCKFORD[b % 32]).join('');
export const newEndpointId = () => `ep_${suffix()}`;
export const newAttemptId = () => `atmpt_${suffix()}`;

export interface AttemptSpec {
  endpointId: string;
  partnerId: string;
  attemptedAt: Date;
  statusCode: number;
  errorClass?: deliveryV1.AttemptErrorClass;
  latencyMs?: number;
  attemptId?: string;
  category?: endpointsV1.EndpointCategory;
  /** Left out unless given, as producers older than the field do. */
  direction?: endpointsV1.EndpointDirection;
}

/** A DeliveryAttempt as delivery publishes it on `webhooks.delivery-attempts.v1`. */
export function deliveryAttempt(spec: AttemptSpec): deliveryV1.DeliveryAttempt {
  const ok = spec.statusCode >= 200 && spec.statusCode < 300;
  const E = deliveryV1.AttemptErrorClass;
  return {
    attemptId: spec.attemptId ?? newAttemptId(),
    endpointId: spec.endpointId,
    partnerId: spec.partnerId,
    category: spec.category ?? endpointsV1.EndpointCategory.ENDPOINT_CATEGORY_ARI,
    messageId: `msg_${suffix()}`,
    deliveryId: `dlv_${suffix()}`,
    attemptNumber: 1,
    outcome: ok ? deliveryV1.AttemptOutcome.ATTEMPT_OUTCOME_DELIVERED : deliveryV1.AttemptOutcome.ATTEMPT_OUTCOME_RETRY_SCHEDULED,
    statusCode: spec.statusCode,
    latencyMs: spec.latencyMs ?? 120,
    errorClass: spec.errorClass ?? (ok ? E.ATTEMPT_ERROR_CLASS_NONE : spec.statusCode >= 500 ? E.ATTEMPT_ERROR_CLASS_HTTP_5XX : spec.statusCode === 0 ? E.ATTEMPT_ERROR_CLASS_CONNECTION_REFUSED : E.ATTEMPT_ERROR_CLASS_HTTP_4XX),
    endpointStreamVersion: 2,
    apiVersion: '2025-01-15',
    signingKeyIds: ['key_1'],
    attemptedAt: spec.attemptedAt.toISOString(),
    nextAttemptAt: '',
    errorMessage: '',
    ...(spec.direction === undefined ? {} : { direction: spec.direction }),
  };
}

/** Produces attempts keyed by endpoint id, as delivery does. */
export class AttemptProducer {
  private producer: Producer | null = null;
  readonly kafka: Kafka;

  constructor(
    brokers: string[],
    private readonly topic: string,
  ) {
    this.kafka = createKafka({ clientId: 'metrics-test-producer', brokers });
  }

  async send(attempts: readonly deliveryV1.DeliveryAttempt[]): Promise<void> {
    if (!this.producer) {
      this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: true });
      await this.producer.connect();
    }
    for (let i = 0; i < attempts.length; i += 1000) {
      await this.producer.send({
        topic: this.topic,
        acks: -1,
        messages: attempts.slice(i, i + 1000).map((a) => ({ key: TopicKeys.byEndpoint(a.endpointId), value: Buffer.from(deliveryV1.DeliveryAttempt.encode(a).finish()) })),
      });
    }
  }

  async close(): Promise<void> {
    await this.producer?.disconnect();
  }
}

export interface MetricsTopics {
  attempts: string;
  health: string;
  endpointEvents: string;
}

export function metricsTopics(ns: TestNamespace): MetricsTopics {
  return { attempts: ns.topic('attempts'), health: ns.topic('health'), endpointEvents: ns.topic('endpoint-events') };
}

export interface InProcessMetrics {
  metrics: RunningMetrics;
  config: MetricsConfig;
  client: MetricsClient;
  clock: TestClock;
  as(partnerId: string): ReturnType<typeof callMetadata>;
  call<T>(observable: Observable<T>): Promise<T>;
  close(): Promise<void>;
}

/** The metrics service in this process (so a test can reach its parts and its clock), on the test file's database and topics. */
export async function startMetricsInProcess(ns: TestNamespace, env: Record<string, string> = {}, providers: Provider[] = []): Promise<InProcessMetrics> {
  const topics = metricsTopics(ns);
  const clock = new TestClock();
  const config = loadMetricsConfig({
    MONGODB_URI: ns.mongoUri,
    METRICS_DATABASE: `${ns.databaseName}_metrics`,
    KAFKA_BROKERS: ns.kafkaBrokers.join(','),
    METRICS_GRPC_PORT: String(await freePort()),
    METRICS_HTTP_PORT: '0',
    METRICS_CONSUMER_GROUP: ns.group('metrics'),
    DELIVERY_ATTEMPTS_TOPIC: topics.attempts,
    ENDPOINT_HEALTH_TOPIC: topics.health,
    ENDPOINT_EVENTS_TOPIC: topics.endpointEvents,
    EVALUATION_INTERVAL_MS: '200',
    LOG_LEVEL: 'warn',
    ...env,
  });
  const metrics = await startMetrics(config, [{ provide: CLOCK, useValue: clock }, ...providers]);
  const { service: client, close } = createGrpcClient<MetricsClient>(metrics.grpcUrl, metricsServiceV1.BAKUUN_WEBHOOKS_METRICS_V1_PACKAGE_NAME, METRICS_PROTO_FILE, metricsServiceV1.ENDPOINT_METRICS_SERVICE_NAME);
  return {
    metrics,
    config,
    client,
    clock,
    as: (partnerId) => callMetadata(partnerId, { kind: 'USER', id: 'operator-1' }),
    call: (o) => lastValueFrom(o),
    close: async () => {
      close();
      await metrics.close();
    },
  };
}

/** Polls `probe` until it returns a value (not undefined) or `timeoutMs` passes. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
