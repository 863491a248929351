import { metricsServiceV1, metricsV1 } from '@bakuun/contracts';
import type { EndpointReport, FailureClass, HealthState, WindowFigures } from '@bakuun/metrics-domain';

const FC = metricsV1.FailureClass;
const failureClasses: Record<FailureClass, metricsV1.FailureClass> = {
  TIMEOUT: FC.FAILURE_CLASS_TIMEOUT,
  CONNECTION_REFUSED: FC.FAILURE_CLASS_CONNECTION_REFUSED,
  CONNECTION_RESET: FC.FAILURE_CLASS_CONNECTION_RESET,
  TLS: FC.FAILURE_CLASS_TLS,
  DNS: FC.FAILURE_CLASS_DNS,
  SSRF_REFUSED: FC.FAILURE_CLASS_SSRF_REFUSED,
  REDIRECT: FC.FAILURE_CLASS_REDIRECT,
  HTTP_4XX: FC.FAILURE_CLASS_HTTP_4XX,
  HTTP_5XX: FC.FAILURE_CLASS_HTTP_5XX,
  AUTH: FC.FAILURE_CLASS_AUTH,
  OTHER: FC.FAILURE_CLASS_OTHER,
};

const HS = metricsV1.HealthState;
const healthStates: Record<HealthState, metricsV1.HealthState> = {
  UNSPECIFIED: HS.HEALTH_STATE_UNSPECIFIED,
  HEALTHY: HS.HEALTH_STATE_HEALTHY,
  DEGRADED: HS.HEALTH_STATE_DEGRADED,
  FAILING: HS.HEALTH_STATE_FAILING,
  WARNING: HS.HEALTH_STATE_WARNING,
};

export const toProtoFailureClass = (c: FailureClass | null): metricsV1.FailureClass => (c ? failureClasses[c] : FC.FAILURE_CLASS_UNSPECIFIED);
export const toProtoHealthState = (s: HealthState): metricsV1.HealthState => healthStates[s];
export const rfc3339 = (ms: number | null): string => (ms === null ? '' : new Date(ms).toISOString());

export function failureClassCounts(counts: readonly { failureClass: FailureClass; failures: number }[]): metricsV1.FailureClassCount[] {
  return counts.map((c) => ({ failureClass: failureClasses[c.failureClass], failures: c.failures }));
}

const byClass = (figures: WindowFigures) => failureClassCounts(figures.failuresByClass);

const optional = <K extends string>(key: K, value: number | null): Partial<Record<K, number>> => (value === null ? {} : ({ [key]: value } as Record<K, number>));

/** The message on `webhooks.endpoint-health.v1`. */
export function toEndpointHealth(report: EndpointReport): metricsV1.EndpointHealth {
  const { lastHour, lastDay } = report.windows;
  return {
    endpointId: report.endpointId,
    partnerId: report.partnerId,
    computedAt: rfc3339(report.computedAt),
    ...optional('errorRate1h', lastHour.errorRate),
    ...optional('errorRate24h', lastDay.errorRate),
    attempts1h: lastHour.attempts,
    attempts24h: lastDay.attempts,
    state: toProtoHealthState(report.health.state),
    summary: report.health.summary,
    lastSuccessAt: rfc3339(report.activity.lastSuccessAt),
    lastFailureAt: rfc3339(report.activity.lastFailureAt),
    lastFailureClass: toProtoFailureClass(report.activity.lastFailureClass),
    failuresByClass1h: byClass(lastHour),
    failuresByClass24h: byClass(lastDay),
  };
}

function toWindow(figures: WindowFigures): metricsServiceV1.WindowFigures {
  return {
    windowSeconds: figures.windowSeconds,
    ...optional('errorRate', figures.errorRate),
    attempts: figures.attempts,
    failures: figures.failures,
    notCounted: figures.notCounted,
    failuresByClass: byClass(figures),
    ...optional('latencyP50Ms', figures.latencyP50Ms),
    ...optional('latencyP95Ms', figures.latencyP95Ms),
  };
}

/** GetEndpointMetrics' answer. */
export function toEndpointMetrics(report: EndpointReport): metricsServiceV1.EndpointMetrics {
  return {
    endpointId: report.endpointId,
    partnerId: report.partnerId,
    computedAt: rfc3339(report.computedAt),
    lastHour: toWindow(report.windows.lastHour),
    lastDay: toWindow(report.windows.lastDay),
    lastSuccessAt: rfc3339(report.activity.lastSuccessAt),
    lastFailureAt: rfc3339(report.activity.lastFailureAt),
    lastFailureClass: toProtoFailureClass(report.activity.lastFailureClass),
    state: toProtoHealthState(report.health.state),
    summary: report.health.summary,
    autoSuspension: {
      eligible: report.exemption === null,
      failingSince: rfc3339(report.run?.since ?? null),
      failures: report.run?.failures ?? 0,
      explanation: report.decision.explanation,
    },
  };
}
