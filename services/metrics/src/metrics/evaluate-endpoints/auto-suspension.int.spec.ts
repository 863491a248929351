import { endpointsV1, metricsV1 } from '@bakuun/contracts';
import { testNamespace } from '@bakuun/testing';
import { AttemptProducer, deliveryAttempt, eventually, InProcessMetrics, metricsTopics, startMetricsInProcess } from '../../testing/metrics-fixture';
import { RegistryProcesses, startRegistryProcesses } from '../../testing/registry-processes';
import { EndpointDirectoryRepository } from '../persistence/endpoint-directory.repository';
import { EndpointEvaluator } from './endpoint-evaluator';

const { EndpointCategory: C, EndpointMethod: M, EndpointStatus: S } = endpointsV1;
const PARTNER = 'partner-auto';
const PERIOD_MS = 3000;
const MIN_FAILURES = 20;

describe('automatic suspension against the real registry', () => {
  const ns = testNamespace(__filename);
  const topics = metricsTopics(ns);
  let platform: RegistryProcesses;
  let m: InProcessMetrics;
  let producer: AttemptProducer;
  const ids: Record<'dead' | 'sparse' | 'booking' | 'mixed', string> = { dead: '', sparse: '', booking: '', mixed: '' };
  const activatedAt: Record<string, number> = {};

  const add = async (category: endpointsV1.EndpointCategory, method: endpointsV1.EndpointMethod, name: string) => {
    const md = platform.as(PARTNER);
    const res = await platform.call(platform.client.addEndpoints({ requestId: `add-${name}`, category, methods: [method], url: `http://127.0.0.1:9/${name}`, apiVersion: '' }, md));
    const endpointId = res.endpoints[0]!.endpoint!.endpointId;
    await platform.call(platform.client.activateEndpoint({ requestId: `activate-${name}`, endpointId, expectedVersion: 0 }, md));
    activatedAt[endpointId] = Date.now();
    return endpointId;
  };

  /** `count` attempts of one endpoint spread evenly over `spanMs` after its activation, produced once they are all in the past. */
  const attempts = async (endpointId: string, count: number, spanMs: number, statusOf: (i: number) => number, from = activatedAt[endpointId]! + 100) => {
    const list = Array.from({ length: count }, (_, i) => deliveryAttempt({ endpointId, partnerId: PARTNER, attemptedAt: new Date(from + (count === 1 ? 0 : (i * spanMs) / (count - 1))), statusCode: statusOf(i) }));
    const wait = from + spanMs + 50 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    await producer.send(list);
  };

  const endpoint = async (endpointId: string) => (await platform.call(platform.client.getEndpoint({ endpointId }, platform.as(PARTNER)))).endpoint!;
  const history = async (endpointId: string) => (await platform.all(platform.client.getEndpointHistory({ endpointId }, platform.as(PARTNER)))).map((h) => h.event!);
  const suspensions = async (endpointId: string) => (await history(endpointId)).filter((e) => e.type === 'EndpointSuspended');
  const passes = async (n: number) => {
    for (let i = 0; i < n; i++) await m.metrics.app.get(EndpointEvaluator).runNow();
  };

  beforeAll(async () => {
    platform = await startRegistryProcesses(ns, topics);
    m = await startMetricsInProcess(ns, {
      REGISTRY_URL: platform.grpcUrl,
      AUTO_SUSPEND_PERIOD_SECONDS: String(PERIOD_MS / 1000),
      AUTO_SUSPEND_MIN_FAILURES: String(MIN_FAILURES),
      HEALTH_MIN_ATTEMPTS: '5',
    });
    producer = new AttemptProducer(ns.kafkaBrokers, topics.attempts);
    ids.dead = await add(C.ENDPOINT_CATEGORY_ARI, M.ENDPOINT_METHOD_PUSH, 'dead');
    ids.sparse = await add(C.ENDPOINT_CATEGORY_ARI, M.ENDPOINT_METHOD_PUSH, 'sparse');
    ids.booking = await add(C.ENDPOINT_CATEGORY_BOOKING, M.ENDPOINT_METHOD_READ, 'booking');
    ids.mixed = await add(C.ENDPOINT_CATEGORY_MAPPING, M.ENDPOINT_METHOD_PUSH, 'mixed');
    await Promise.all([
      attempts(ids.dead, 30, 4000, () => 503),
      attempts(ids.sparse, 3, 4000, () => 503),
      attempts(ids.booking, 30, 4000, () => 500, activatedAt[ids.booking]! + 100),
      attempts(ids.mixed, 10, 1000, (i) => (i < 4 ? 502 : 200)),
    ]);
  }, 120_000);

  afterAll(async () => {
    await producer?.close();
    await m?.close();
    await platform?.close();
  });

  it('suspends an endpoint whose every attempt failed for the whole period, through SuspendEndpoint with the figure', async () => {
    const suspended = await eventually(async () => {
      const e = await endpoint(ids.dead);
      return e.status === S.ENDPOINT_STATUS_SUSPENDED ? e : undefined;
    }, 60_000, 'the dead endpoint to be suspended');
    expect(suspended.suspensionReason?.automatic).toEqual({ metric: 'error_rate', value: 1, windowSeconds: 4, attempts: 30 });
    const events = await history(ids.dead);
    const suspension = events.find((e) => e.type === 'EndpointSuspended')!;
    const activation = events.find((e) => e.type === 'EndpointActivated')!;
    expect(suspension.actor).toEqual({ kind: endpointsV1.ActorKind.ACTOR_KIND_SERVICE, id: 'metrics' });
    // The audit trail says why: reason automatic, with the figure that triggered it.
    expect(suspension.endpointSuspended?.reason?.automatic).toEqual({ metric: 'error_rate', value: 1, windowSeconds: 4, attempts: 30 });
    expect(suspension.endpointSuspended?.reason?.manual).toBeUndefined();
    // Derived from the failing run's floor (here the activation), so a retried call suspends once.
    expect(suspension.requestId).toBe(`metrics.auto-suspend:${ids.dead}:${Date.parse(activation.occurredAt)}`);
  });

  it('does not suspend an endpoint with too few attempts, nor a BOOKING one (which gets a warning instead)', async () => {
    await passes(3);
    expect((await endpoint(ids.sparse)).status).toBe(S.ENDPOINT_STATUS_ACTIVE);
    expect((await endpoint(ids.booking)).status).toBe(S.ENDPOINT_STATUS_ACTIVE);
    const sparse = (await m.call(m.client.getEndpointMetrics({ endpointId: ids.sparse }, m.as(PARTNER)))).metrics!;
    expect(sparse.autoSuspension).toMatchObject({ eligible: true, failures: 3, explanation: expect.stringContaining(`needs 3 s and ${MIN_FAILURES} failures`) });
    const booking = (await m.call(m.client.getEndpointMetrics({ endpointId: ids.booking }, m.as(PARTNER)))).metrics!;
    expect(booking.state).toBe(metricsV1.HealthState.HEALTH_STATE_WARNING);
    expect(booking.autoSuspension).toMatchObject({ eligible: false, failures: 30, explanation: expect.stringContaining('a person must decide') });
  });

  it('shows the error rates in the registry\'s ListEndpoints (through the health topic)', async () => {
    const rates = await eventually(async () => {
      const page = await platform.call(platform.client.listEndpoints({ category: 0, status: 0, method: 0, pageSize: 50, pageToken: '', includeDeleted: false }, platform.as(PARTNER)));
      const byId = new Map(page.endpoints.map((e) => [e.endpointId, e.errorRate]));
      return Object.values(ids).every((id) => byId.get(id) !== undefined) ? byId : undefined;
    }, 30_000, 'error rates in ListEndpoints');
    expect(rates.get(ids.dead)).toBe(1);
    expect(rates.get(ids.sparse)).toBe(1);
    expect(rates.get(ids.booking)).toBe(1);
    expect(rates.get(ids.mixed)).toBeCloseTo(0.4, 10);
  });

  it('leaves Prometheus series on every process: registry append latency, gRPC by method and code, consumer lag', async () => {
    const scrape = async (p: { listening: Record<string, string> }) => (await fetch(`${p.listening.http!.replace(/\/$/, '')}/metrics`)).text();
    const lag = (group: string, topic: string, service: string) => new RegExp(`^kafka_consumer_lag\\{group="${escape(group)}",topic="${escape(topic)}",partition="\\d+",service="${service}"\\} 0$`, 'm');
    const registry = await eventually(async () => {
      const text = await scrape(platform.registry);
      return lag(ns.group('registry'), topics.health, 'endpoint-registry').test(text) ? text : undefined;
    }, 30_000, "the registry's health consumer to report its lag");
    expect(registry).toMatch(/^event_store_append_seconds_count\{service="endpoint-registry",outcome="ok"\} [1-9]\d*$/m);
    expect(registry).toMatch(/^grpc_server_handling_seconds_count\{service="endpoint-registry",method="EndpointRegistryGrpcController.addEndpoints",code="OK"\} 4$/m);
    expect(registry).toMatch(/^grpc_server_handling_seconds_count\{service="endpoint-registry",method="EndpointRegistryGrpcController.suspendEndpoint",code="OK"\} [1-9]\d*$/m);
    const keys = await eventually(async () => {
      const text = await scrape(platform.keyManagement);
      return lag(ns.group('key-management'), topics.endpointEvents, 'key-management').test(text) ? text : undefined;
    }, 30_000, "key management's endpoint-events consumer to report its lag");
    expect(keys).toMatch(/^grpc_server_handling_seconds_count\{service="key-management",method="KeyManagementGrpcController.issueKey",code="OK"\} [1-9]\d*$/m);
    expect(keys).toMatch(/^kafka_consumer_messages_total\{group="[^"]+",topic="[^"]+",service="key-management"\} [1-9]\d*$/m);
  });

  it('does not flap: nothing more while suspended, a whole new period after reactivation', async () => {
    await attempts(ids.dead, 30, 4000, () => 503, Date.now());
    await passes(3);
    expect(await suspensions(ids.dead)).toHaveLength(1);

    await platform.call(platform.client.activateEndpoint({ requestId: 'reactivate-dead', endpointId: ids.dead, expectedVersion: 0 }, platform.as(PARTNER)));
    const reactivated = Date.now();
    await eventually(async () => {
      const entry = (await m.metrics.app.get(EndpointDirectoryRepository).get([ids.dead])).get(ids.dead);
      return entry?.status === 'ACTIVE' ? entry : undefined;
    }, 30_000, 'the reactivation to reach the metrics service');
    await attempts(ids.dead, 25, 1500, () => 503, reactivated + 100);
    await passes(5);
    expect((await endpoint(ids.dead)).status).toBe(S.ENDPOINT_STATUS_ACTIVE);

    // Past the period by more than one failure bin (1 s here): the bin holding the floor may not count.
    await attempts(ids.dead, 25, 3500, () => 503, reactivated + 1700);
    await eventually(async () => ((await endpoint(ids.dead)).status === S.ENDPOINT_STATUS_SUSPENDED ? true : undefined), 30_000, 'the second suspension').catch(async (error: unknown) => {
      const metrics = (await m.call(m.client.getEndpointMetrics({ endpointId: ids.dead }, m.as(PARTNER)))).metrics;
      const entry = (await m.metrics.app.get(EndpointDirectoryRepository).get([ids.dead])).get(ids.dead);
      throw new Error(`${String(error)}; reactivated ${reactivated}; directory ${JSON.stringify(entry)}; metrics ${JSON.stringify(metrics?.autoSuspension)} ${metrics?.lastFailureAt}`);
    });
    expect(await suspensions(ids.dead)).toHaveLength(2);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
