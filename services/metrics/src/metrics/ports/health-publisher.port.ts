import type { EndpointReport } from '@bakuun/metrics-domain';

/** Publishes endpoints' figures on `webhooks.endpoint-health.v1` (key = endpoint id), all or nothing. */
export interface HealthPublisher {
  publish(reports: readonly EndpointReport[]): Promise<void>;
}
