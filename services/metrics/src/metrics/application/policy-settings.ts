import { AutoSuspendPolicy, CompactionOptions, failureBinWidthFor, HealthThresholds, HOUR_MS, PublishThresholds } from '@bakuun/metrics-domain';
import type { MetricsConfig } from '../../config';

/** The configuration as the domain's policies take it. */
export interface PolicySettings {
  policy: AutoSuspendPolicy;
  thresholds: HealthThresholds;
  publish: PublishThresholds;
  compaction: CompactionOptions;
  failureBinWidthMs: number;
}

export function policySettings(config: MetricsConfig): PolicySettings {
  const periodMs = config.AUTO_SUSPEND_PERIOD_SECONDS * 1000;
  return {
    policy: { enabled: config.AUTO_SUSPEND_ENABLED, periodMs, minFailures: config.AUTO_SUSPEND_MIN_FAILURES },
    thresholds: { minAttempts: config.HEALTH_MIN_ATTEMPTS, degradedRate: config.HEALTH_DEGRADED_RATE },
    publish: { rateDelta: config.HEALTH_RATE_CHANGE_THRESHOLD, refreshMs: config.HEALTH_REFRESH_INTERVAL_MS },
    compaction: { dedupeWindowMs: config.DEDUPE_WINDOW_HOURS * HOUR_MS, maxOpenParts: 20 },
    failureBinWidthMs: failureBinWidthFor(periodMs),
  };
}
