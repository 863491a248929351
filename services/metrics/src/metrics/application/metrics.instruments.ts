import { Counter, Gauge, Histogram } from 'prom-client';
import { ServiceMetrics } from '@bakuun/platform';

export type IngestOutcome = 'succeeded' | 'failed' | 'not_counted' | 'duplicate' | 'replayed' | 'too_old' | 'undecodable';

/** This service's own Prometheus series, beside the shared ones of `ServiceMetrics`. */
export class MetricsInstruments {
  readonly attempts: Counter<'outcome' | 'failure_class'>;
  readonly ingestionRate: Gauge;
  readonly flushSeconds: Histogram;
  readonly segmentsWritten: Counter;
  readonly evaluationSeconds: Histogram;
  readonly endpointsEvaluated: Counter;
  readonly healthEvents: Counter;
  readonly autoSuspensions: Counter<'outcome'>;
  private readonly rate = new RateMeter(10_000);

  constructor(metrics: ServiceMetrics) {
    const registers = [metrics.registry];
    this.attempts = new Counter({ name: 'metrics_attempts_total', help: 'Attempt messages consumed, by outcome (succeeded, failed, not_counted, duplicate, replayed, too_old, undecodable) and failure class', labelNames: ['outcome', 'failure_class'], registers });
    this.ingestionRate = new Gauge({ name: 'metrics_ingestion_rate_per_second', help: 'Attempt messages consumed per second over the last 10 seconds', registers, collect: () => this.ingestionRate.set(this.rate.perSecond(Date.now())) });
    this.flushSeconds = new Histogram({ name: 'metrics_ingest_flush_seconds', help: 'Time to store one flush of segments', buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers });
    this.segmentsWritten = new Counter({ name: 'metrics_segments_written_total', help: 'Segments stored by the ingestion', registers });
    this.evaluationSeconds = new Histogram({ name: 'metrics_evaluation_seconds', help: 'Time of one evaluation pass', buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers });
    this.endpointsEvaluated = new Counter({ name: 'metrics_endpoints_evaluated_total', help: 'Endpoint evaluations', registers });
    this.healthEvents = new Counter({ name: 'metrics_health_events_published_total', help: 'EndpointHealth messages published', registers });
    this.autoSuspensions = new Counter({ name: 'metrics_auto_suspensions_total', help: 'SuspendEndpoint calls by outcome (suspended, gone, error)', labelNames: ['outcome'], registers });
  }

  countIngested(n: number, now: number): void {
    this.rate.add(n, now);
  }
}

/** Events per second over a sliding window of one-second buckets. */
class RateMeter {
  private readonly buckets = new Map<number, number>();

  constructor(private readonly windowMs: number) {}

  add(n: number, now: number): void {
    const second = Math.floor(now / 1000);
    this.buckets.set(second, (this.buckets.get(second) ?? 0) + n);
    for (const key of this.buckets.keys()) if (key <= second - this.windowMs / 1000) this.buckets.delete(key);
  }

  perSecond(now: number): number {
    const from = Math.floor(now / 1000) - this.windowMs / 1000;
    let total = 0;
    for (const [second, n] of this.buckets) if (second > from) total += n;
    return total / (this.windowMs / 1000);
  }
}
