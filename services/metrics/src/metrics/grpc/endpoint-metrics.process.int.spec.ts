import { Metadata, status } from '@grpc/grpc-js';
import { lastValueFrom, Observable } from 'rxjs';
import { endpointsV1, metricsServiceV1, metricsV1 } from '@bakuun/contracts';
import { callMetadata, createGrpcClient } from '@bakuun/platform';
import { freePort, ServiceProcess, startServiceProcess, testNamespace } from '@bakuun/testing';
import { METRICS_PROTO_FILE } from '../../metrics.app';
import { AttemptProducer, deliveryAttempt, eventually, MetricsClient, metricsTopics, newEndpointId } from '../../testing/metrics-fixture';

const D = endpointsV1.EndpointDirection;
const FC = metricsV1.FailureClass;
const MINUTE = 60_000;

interface GrpcFailure {
  code: number;
  details: string;
  metadata: Metadata;
}

/** The call's gRPC error (the test fails if the call succeeds). */
async function failure(observable: Observable<unknown>): Promise<GrpcFailure> {
  try {
    await lastValueFrom(observable);
  } catch (error) {
    return error as GrpcFailure;
  }
  throw new Error('the call succeeded');
}

describe('the metrics service as a process, over gRPC and HTTP', () => {
  const ns = testNamespace(__filename);
  const topics = metricsTopics(ns);
  const partner = 'partner-proc';
  const inbound = newEndpointId();
  const outbound = newEndpointId();
  let service: ServiceProcess;
  let client: MetricsClient;
  let closeClient: () => void;
  let httpUrl: string;
  let producer: AttemptProducer;
  const as = (partnerId: string) => callMetadata(partnerId, { kind: 'USER', id: 'operator-1' });
  const metricsOf = async (endpointId: string) => (await lastValueFrom(client.getEndpointMetrics({ endpointId }, as(partner)))).metrics!;

  beforeAll(async () => {
    const [grpcPort, httpPort] = await Promise.all([freePort(), freePort()]);
    service = await startServiceProcess('metrics', {
      MONGODB_URI: ns.mongoUri,
      METRICS_DATABASE: `${ns.databaseName}_metrics`,
      KAFKA_BROKERS: ns.kafkaBrokers.join(','),
      METRICS_GRPC_PORT: String(grpcPort),
      METRICS_HTTP_PORT: String(httpPort),
      METRICS_CONSUMER_GROUP: ns.group('metrics'),
      DELIVERY_ATTEMPTS_TOPIC: topics.attempts,
      ENDPOINT_HEALTH_TOPIC: topics.health,
      ENDPOINT_EVENTS_TOPIC: topics.endpointEvents,
      REGISTRY_URL: `127.0.0.1:${await freePort()}`,
      EVALUATION_INTERVAL_MS: '200',
      LOG_LEVEL: 'warn',
    });
    httpUrl = `http://127.0.0.1:${httpPort}`;
    ({ service: client, close: closeClient } = createGrpcClient<MetricsClient>(`127.0.0.1:${grpcPort}`, metricsServiceV1.BAKUUN_WEBHOOKS_METRICS_V1_PACKAGE_NAME, METRICS_PROTO_FILE, metricsServiceV1.ENDPOINT_METRICS_SERVICE_NAME));
    producer = new AttemptProducer(ns.kafkaBrokers, topics.attempts);
    const at = (i: number) => new Date(Date.now() - (20 - i) * MINUTE);
    const request = (i: number, statusCode: number) => deliveryAttempt({ endpointId: inbound, partnerId: partner, attemptedAt: at(i), statusCode, direction: D.ENDPOINT_DIRECTION_INBOUND, category: endpointsV1.EndpointCategory.ENDPOINT_CATEGORY_BOOKING });
    await producer.send([
      // Inbound: 2xx and 304 succeed; 400 and 401 are the partner's fault; 500 is ours; 408 and 0 (hung up) are no verdict.
      ...[200, 201, 304, 400, 401, 500, 408, 0].map((code, i) => request(i, code)),
      // The same statuses outbound: every non-2xx fails.
      ...[200, 304, 408].map((code, i) => deliveryAttempt({ endpointId: outbound, partnerId: partner, attemptedAt: at(i), statusCode: code, direction: D.ENDPOINT_DIRECTION_OUTBOUND })),
    ]);
  });

  afterAll(async () => {
    closeClient?.();
    await producer?.close();
    await service?.stop();
  });

  it('classifies inbound requests with the inbound rules and outbound attempts with the outbound ones', async () => {
    const figures = await eventually(async () => {
      const m = await metricsOf(inbound);
      return m.lastHour?.attempts === 6 && m.lastHour.notCounted === 2 ? m : undefined;
    }, 60_000, 'the inbound requests to be counted');
    expect(figures.lastHour).toMatchObject({ attempts: 6, failures: 3, notCounted: 2, errorRate: 0.5 });
    expect(figures.lastHour!.failuresByClass).toEqual([
      { failureClass: FC.FAILURE_CLASS_HTTP_4XX, failures: 1 },
      { failureClass: FC.FAILURE_CLASS_HTTP_5XX, failures: 1 },
      { failureClass: FC.FAILURE_CLASS_AUTH, failures: 1 },
    ]);
    expect(figures.autoSuspension?.eligible).toBe(false);
    const out = await eventually(async () => {
      const m = await metricsOf(outbound);
      return m.lastHour?.attempts === 3 ? m : undefined;
    }, 60_000, 'the outbound attempts to be counted');
    expect(out.lastHour).toMatchObject({ attempts: 3, failures: 2, notCounted: 0 });
  });

  it('lists the partner\'s error rates, and nothing for another partner', async () => {
    const page = await eventually(async () => {
      const res = await lastValueFrom(client.listErrorRates({ pageSize: 0, pageToken: '' }, as(partner)));
      return res.endpoints.length === 2 ? res : undefined;
    }, 30_000, 'both endpoints to be listed');
    const byId = new Map(page.endpoints.map((e) => [e.endpointId, e]));
    expect(byId.get(inbound)).toMatchObject({ errorRateLastHour: 0.5, attemptsLastHour: 6 });
    expect(byId.get(outbound)?.attemptsLastHour).toBe(3);
    expect(byId.get(outbound)?.errorRateLastHour).toBeCloseTo(2 / 3, 10);
    const first = await lastValueFrom(client.listErrorRates({ pageSize: 1, pageToken: '' }, as(partner)));
    const second = await lastValueFrom(client.listErrorRates({ pageSize: 1, pageToken: first.nextPageToken }, as(partner)));
    expect([first.endpoints[0]?.endpointId, second.endpoints[0]?.endpointId].sort()).toEqual([inbound, outbound].sort());
    expect(second.nextPageToken).toBe('');
    expect((await lastValueFrom(client.listErrorRates({ pageSize: 0, pageToken: '' }, as('someone-else')))).endpoints).toEqual([]);
  });

  it('answers bad input with INVALID_ARGUMENT naming the field, and an unknown endpoint (or another partner\'s) with NOT_FOUND', async () => {
    const badId = await failure(client.getEndpointMetrics({ endpointId: 'ep_nope' }, as(partner)));
    expect(badId).toMatchObject({ code: status.INVALID_ARGUMENT, details: 'endpoint_id must be "ep_" followed by 26 base32 characters' });
    expect(badId.metadata.get('x-error-code')).toEqual(['ENDPOINT.ID_INVALID']);
    expect(badId.metadata.get('x-error-field')).toEqual(['endpoint_id']);

    const bigPage = await failure(client.listErrorRates({ pageSize: 500, pageToken: '' }, as(partner)));
    expect(bigPage).toMatchObject({ code: status.INVALID_ARGUMENT, details: 'page_size must be 0 (default 50) to 200' });
    const badToken = await failure(client.listErrorRates({ pageSize: 0, pageToken: 'not-ours' }, as(partner)));
    expect(badToken).toMatchObject({ code: status.INVALID_ARGUMENT, details: 'page_token is not one this service issued' });

    const unknown = await failure(client.getEndpointMetrics({ endpointId: newEndpointId() }, as(partner)));
    expect(unknown.code).toBe(status.NOT_FOUND);
    expect(unknown.metadata.get('x-error-code')).toEqual(['ENDPOINT.NOT_FOUND']);
    expect((await failure(client.getEndpointMetrics({ endpointId: inbound }, as('someone-else')))).code).toBe(status.NOT_FOUND);

    const anonymous = await failure(client.getEndpointMetrics({ endpointId: inbound }, new Metadata()));
    expect(anonymous).toMatchObject({ code: status.UNAUTHENTICATED, details: expect.stringContaining('x-partner-id') });
  });

  it('serves health and Prometheus series: attempts by outcome, consumer lag, gRPC latency by method and code', async () => {
    expect((await fetch(`${httpUrl}/healthz`)).status).toBe(200);
    await eventually(async () => ((await fetch(`${httpUrl}/readyz`)).status === 200 ? true : undefined), 30_000, 'readiness');
    const text = await (await fetch(`${httpUrl}/metrics`)).text();
    expect(text).toMatch(/^metrics_attempts_total\{outcome="failed",failure_class="AUTH",service="metrics"\} 1$/m);
    expect(text).toMatch(/^metrics_attempts_total\{outcome="not_counted",failure_class="",service="metrics"\} 2$/m);
    expect(text).toMatch(new RegExp(`^kafka_consumer_lag\\{group="[^"]+",topic="${topics.attempts.replace(/\./g, '\\.')}",partition="\\d+",service="metrics"\\} 0$`, 'm'));
    expect(text).toMatch(/^grpc_server_handling_seconds_count\{service="metrics",method="EndpointMetricsGrpcController.getEndpointMetrics",code="INVALID_ARGUMENT"\} [1-9]\d*$/m);
    expect(text).toMatch(/^grpc_server_handling_seconds_count\{service="metrics",method="EndpointMetricsGrpcController.listErrorRates",code="OK"\} [1-9]\d*$/m);
  });
});
