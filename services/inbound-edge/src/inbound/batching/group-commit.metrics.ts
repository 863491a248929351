import { Injectable } from '@nestjs/common';
import { Histogram } from 'prom-client';
import { ServiceMetrics } from '@bakuun/platform';

export type GroupCommitStore = 'idempotency' | 'kafka';

/** Size and duration of every group-commit flush, by store, on /metrics. */
@Injectable()
export class GroupCommitMetrics {
  private readonly seconds: Histogram<'store'>;
  private readonly items: Histogram<'store'>;

  constructor(metrics: ServiceMetrics) {
    this.seconds = new Histogram({ name: 'inbound_group_commit_flush_seconds', help: 'Duration of one group-commit flush (one insertMany or one sendBatch)', labelNames: ['store'], buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [metrics.registry] });
    this.items = new Histogram({ name: 'inbound_group_commit_flush_items', help: 'Writes (claims and answers, or pushes) in one group-commit flush', labelNames: ['store'], buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024], registers: [metrics.registry] });
  }

  observer(store: GroupCommitStore): (items: number, seconds: number) => void {
    return (items, seconds) => {
      this.items.observe({ store }, items);
      this.seconds.observe({ store }, seconds);
    };
  }
}
