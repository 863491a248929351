import { endpointsV1 } from '@bakuun/contracts';
import { loadDemoSettings, RecordingNarrator, runDemo, type DemoReport } from '@bakuun/platform-demo';
import { testNamespace } from '@bakuun/testing';
import { startPlatformProcesses, type PlatformProcesses } from './support/platform-processes';

const { EndpointStatus: Status } = endpointsV1;

/**
 * The product end to end: every service as its own process, driven by the same flow as
 * `npm run demo` (operator CLI, registry, the ingest CLI on the real OTA samples, sample
 * receivers verifying with the public standardwebhooks package, key roll, suspension and replay,
 * deletion, metrics, the auditor's view), then the console showing what the demo did.
 */
describe('the platform, end to end', () => {
  const ns = testNamespace(__filename);
  let platform: PlatformProcesses;
  const narrator = new RecordingNarrator();
  let report: DemoReport;

  beforeAll(async () => {
    platform = await startPlatformProcesses(ns);
    const settings = loadDemoSettings({
      REGISTRY_URL: platform.addresses.registry,
      KEY_MANAGEMENT_URL: platform.addresses.keyManagement,
      DELIVERY_URL: platform.addresses.delivery,
      METRICS_URL: platform.addresses.metrics,
      CONSOLE_URL: platform.addresses.consoleUrl,
      KAFKA_BROKERS: ns.kafkaBrokers.join(','),
      MONGODB_URI: ns.mongoUri,
      KEYS_DATABASE: platform.keysDatabase,
      DEMO_TOPIC_PREFIX: platform.topicPrefix,
      DEMO_WAIT_MS: '45000',
    });
    try {
      report = await runDemo(settings, narrator);
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- demo transcript ---\n${narrator.lines.join('\n')}`);
    }
  }, 300_000);

  afterAll(async () => {
    await platform?.stop();
  }, 60_000);

  it('adds the five endpoints, sets the outbound URLs and activates them all', () => {
    expect(Object.keys(report.endpoints).sort()).toEqual(['ARI/PUSH', 'BOOKING/PUSH', 'BOOKING/READ', 'MAPPING/PUSH', 'MAPPING/READ']);
    for (const endpoint of Object.values(report.endpoints)) expect(endpoint.status).toBe(Status.ENDPOINT_STATUS_ACTIVE);
    // Inbound endpoints got a platform URL; outbound ones the partner's receiver.
    expect(report.endpoints['MAPPING/READ']!.url).toBe(`${platform.addresses.inboundBaseUrl}/v1/inbound/mapping/${report.endpoints['MAPPING/READ']!.endpointId}`);
    expect(report.endpoints['ARI/PUSH']!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhooks$/);
  });

  it('delivers every message of the real OTA samples, verified by the partner with standardwebhooks', () => {
    const { produced, received } = report.firstIngest;
    expect(produced.ari.length).toBeGreaterThan(0);
    expect(produced.mapping.length).toBeGreaterThan(0);
    expect(produced.booking.length).toBeGreaterThan(0);
    expect(received['ARI/PUSH']).toEqual(expect.arrayContaining(produced.ari));
    expect(received['MAPPING/PUSH']).toEqual(expect.arrayContaining(produced.mapping));
    expect(received['BOOKING/READ']).toEqual(expect.arrayContaining(produced.booking));
    // Each endpoint gets its own category only.
    expect(received['ARI/PUSH']).not.toEqual(expect.arrayContaining(produced.booking));
  });

  it('lets the partner read its mapping and push a booking with the API keys, once per idempotency key', () => {
    const { inbound } = report;
    expect(inbound.mappingHotels).toEqual(['AL_TEST']);
    expect(inbound.etag).not.toBe('');
    expect(inbound.notModifiedStatus).toBe(304);
    expect(inbound.bookingStatus).toBe(202);
    expect(inbound.bookingMessageIds).toHaveLength(2);
    expect(inbound).toMatchObject({ replayStatus: 202, replayed: true, sameAnswer: true, wrongKeyStatus: 401 });
    expect(inbound.wrongKeyProblem).toMatch(/^INBOUND\./);
  });

  it('signs with both keys during the 1-hour overlap after a roll, and the new key alone verifies afterwards', () => {
    const { rotation } = report;
    expect(rotation.newKeyId).not.toBe(rotation.oldKeyId);
    const overlap = Date.parse(rotation.oldKeyExpiresAt) - Date.now();
    expect(overlap).toBeGreaterThan(50 * 60_000);
    expect(overlap).toBeLessThanOrEqual(60 * 60_000);
    expect(rotation.signaturesDuringOverlap.length).toBeGreaterThan(0);
    expect(new Set(rotation.signaturesDuringOverlap)).toEqual(new Set([2]));
    expect(rotation.verifiedWithOldSecret).toBe(true);
    expect(rotation.verifiedWithNewSecret).toBe(true);
  });

  it('sends nothing to a suspended endpoint, and replays what it missed once activated', () => {
    const { suspension } = report;
    expect(suspension.missedIds.length).toBeGreaterThan(0);
    expect(suspension.receivedWhileSuspended).toEqual([]);
    // Created by the replay: delivery had the updates and had sent them nowhere.
    expect(suspension.replay.created).toBe(suspension.missedIds.length);
    expect(suspension.receivedAfterReplay).toEqual(suspension.missedIds);
  });

  it('deletes an endpoint and shows error rates from the delivery attempts', () => {
    expect(report.deleted.status).toBe(Status.ENDPOINT_STATUS_DELETED);
    const ari = report.errorRates.find((r) => r.label === 'ARI/PUSH')!;
    expect(ari.attemptsLastHour).toBeGreaterThan(0);
    expect(ari.errorRateLastHour).toBe(0);
    // Inbound: two accepted pushes (the first and its replay) and one with a wrong key, the partner's failure.
    const bookingPush = report.errorRates.find((r) => r.label === 'BOOKING/PUSH')!;
    expect(bookingPush.attemptsLastHour).toBe(3);
    expect(bookingPush.errorRateLastHour).toBeCloseTo(1 / 3, 5);
  });

  it("gives the auditor the ARI endpoint's history, its state before the suspension and valid hash chains", () => {
    expect(report.history.types).toEqual(['EndpointAdded', 'EndpointUrlConfigured', 'EndpointActivated', 'EndpointKeyRolled', 'EndpointSuspended', 'EndpointActivated']);
    expect(report.history.actors.some((a) => a.endsWith(`:${report.operatorId}`))).toBe(true);
    expect(report.asOf.status).toBe(Status.ENDPOINT_STATUS_ACTIVE);
    expect(report.asOf.eventsApplied).toBe(4);
    expect(report.verification).toMatchObject({ valid: true, streams: 5 });
    expect(report.verification.eventsChecked).toBeGreaterThanOrEqual(report.history.types.length);
  });

  it('exposes what operators watch on every service\'s Prometheus endpoint', async () => {
    const scrape = async (service: keyof PlatformProcesses['http']) => (await fetch(`${platform.http[service]}/metrics`)).text();
    const [registry, keys, delivery, metrics, edge] = await Promise.all([scrape('endpoint-registry'), scrape('key-management'), scrape('delivery'), scrape('metrics'), scrape('inbound-edge')]);
    expect(edge).toMatch(/^kafka_consumer_lag\{/m);
    for (const text of [registry, keys, delivery, metrics]) expect(text).toMatch(/^grpc_server_handling_seconds_count\{[^}]*code="OK"[^}]*\} [1-9]/m);
    expect(registry).toMatch(/^event_store_append_seconds_count\{[^}]*\} [1-9]/m);
    expect(delivery).toMatch(/^webhook_deliveries_total\{outcome="DELIVERED"[^}]*\} [1-9]/m);
    expect(delivery).toMatch(/^webhook_attempts_total\{outcome="DELIVERED",error_class="NONE"[^}]*\} [1-9]/m);
    expect(delivery).toMatch(/^webhook_retry_backlog\{[^}]*\} 0$/m);
    expect(delivery).toMatch(/^kafka_consumer_lag\{group="[^"]+\.delivery",topic="[^"]+bakuun\.ari\.v1",partition="\d"[^}]*\} \d+$/m);
    expect(metrics).toMatch(/^metrics_attempts_total\{outcome="succeeded"[^}]*\} [1-9]/m);
    expect(metrics).toMatch(/^kafka_consumer_lag\{[^}]*webhooks\.delivery-attempts\.v1[^}]*\} \d+$/m);
  });

  it("shows what the demo did in the console, to the demo's operator", async () => {
    const base = platform.addresses.consoleUrl;
    const session = await fetch(`${base}/api/session`);
    const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await session.json()) as { csrfToken: string };
    const signIn = await fetch(`${base}/api/session`, {
      method: 'POST',
      headers: { cookie, origin: base, 'content-type': 'application/json', 'x-csrf-token': csrfToken },
      body: JSON.stringify({ partnerId: report.partnerId, operatorId: report.operatorId, password: report.operatorPassword }),
    });
    expect(signIn.status).toBe(200);
    const signedInCookie = signIn.headers.get('set-cookie')?.split(';')[0] ?? cookie;
    const ari = (await (await fetch(`${base}/api/endpoints?category=ARI`, { headers: { cookie: signedInCookie } })).json()) as { endpoints: { id: string; status: string }[] };
    expect(ari.endpoints.map((e) => e.id)).toEqual([report.endpoints['ARI/PUSH']!.endpointId]);
  });
});
