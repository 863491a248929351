import { metricsV1 } from '@bakuun/contracts';
import { FAILURE_CLASSES, HOUR_MS, reportEndpoint } from '@bakuun/metrics-domain';
import { toEndpointHealth, toEndpointMetrics, toProtoFailureClass } from './metrics.proto-mapper';

const NOW = Date.parse('2025-03-01T10:30:00.000Z');
const empty = reportEndpoint({
  endpointId: 'ep_01h455vb4pex5vsknk084sn02q',
  partnerId: 'p1',
  now: NOW,
  segments: [],
  archive: null,
  directory: null,
  acceptedRequestId: null,
  policy: { enabled: true, periodMs: 5 * 24 * HOUR_MS, minFailures: 50 },
  thresholds: { minAttempts: 10, degradedRate: 0.1 },
});

describe('the metrics proto mapper', () => {
  it('leaves the error rates out when there were no attempts, and says "never" with empty instants', () => {
    const health = toEndpointHealth(empty);
    expect(health).toEqual({
      endpointId: 'ep_01h455vb4pex5vsknk084sn02q',
      partnerId: 'p1',
      computedAt: '2025-03-01T10:30:00.000Z',
      attempts1h: 0,
      attempts24h: 0,
      state: metricsV1.HealthState.HEALTH_STATE_UNSPECIFIED,
      summary: 'no counted attempt in the last 24 hours',
      lastSuccessAt: '',
      lastFailureAt: '',
      lastFailureClass: metricsV1.FailureClass.FAILURE_CLASS_UNSPECIFIED,
      failuresByClass1h: [],
      failuresByClass24h: [],
    });
    expect('errorRate1h' in health).toBe(false);
    expect(metricsV1.EndpointHealth.decode(metricsV1.EndpointHealth.encode(health).finish()).errorRate1h).toBeUndefined();
    expect(toEndpointMetrics(empty).lastHour).toMatchObject({ windowSeconds: 3600, attempts: 0 });
  });

  it('gives every failure class its own proto value', () => {
    const values = FAILURE_CLASSES.map(toProtoFailureClass);
    expect(new Set(values).size).toBe(FAILURE_CLASSES.length);
    expect(values).not.toContain(metricsV1.FailureClass.FAILURE_CLASS_UNSPECIFIED);
  });
});
