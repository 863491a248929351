import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { endpointsV1, registryV1 } from '@bakuun/contracts';
import type { DemoSettings } from './demo-settings';
import type { Narrator } from './narrator';
import { PlatformClients } from './platform-clients';
import { ReceiverProcess } from './receiver-process';
import { repoRoot, runRepoCli } from './repo-cli';

const { EndpointCategory: Category, EndpointMethod: Method, EndpointStatus: Status } = endpointsV1;
type Endpoint = registryV1.Endpoint;

/** The real OpenTravel (and JSON) samples, copied from ../shared/samples into the ingest library's fixtures. */
const SAMPLES = join(repoRoot, 'libs', 'ota-ingest', 'testdata');
const sample = (name: string) => join(SAMPLES, name);
const FIRST_FILES = [
  'opentravel-2011b_OTA_HotelAvailNotifRQ_set-booking-limit.xml',
  'weekendesk_OTA_HotelRateAmountNotifRQ_decimalplaces-zero.xml',
  'opentravel-2011b_OTA_HotelInvCountNotifRQ_allocation-per-rateplan.xml',
  'bakuun_mapping.json',
  'opentravel-2011b_OTA_HotelResNotifRQ_commit_anonymized.xml',
];
const DURING_OVERLAP = 'opentravel-2011b_OTA_HotelAvailNotifRQ_adjust-limit-deltas.xml';
const AFTER_SECRET_SWAP = 'weekendesk_OTA_HotelAvailNotifRQ_multi-restrictions-booking-limit.xml';
const WHILE_SUSPENDED = 'alpinebits-2020-10_OTA_HotelInvCountNotifRQ_freerooms-closing-season.xml';

/** What the demo saw, for a person (printed) and for the end-to-end test (asserted). */
export interface DemoReport {
  partnerId: string;
  operatorId: string;
  operatorPassword: string;
  endpoints: Record<string, Endpoint>;
  /** Message ids produced per category by the first ingest, and what each receiver verified. */
  firstIngest: { produced: { ari: string[]; mapping: string[]; booking: string[] }; received: Record<'ARI/PUSH' | 'MAPPING/PUSH' | 'BOOKING/READ', string[]> };
  inbound: { mappingHotels: string[]; etag: string; notModifiedStatus: number; bookingStatus: number; bookingMessageIds: string[]; replayStatus: number; replayed: boolean; sameAnswer: boolean; wrongKeyStatus: number; wrongKeyProblem: string };
  rotation: { oldKeyId: string; newKeyId: string; oldKeyExpiresAt: string; signaturesDuringOverlap: number[]; verifiedWithOldSecret: boolean; verifiedWithNewSecret: boolean };
  suspension: { missedIds: string[]; receivedWhileSuspended: string[]; replay: { created: number; rescheduled: number }; receivedAfterReplay: string[] };
  deleted: Endpoint;
  errorRates: { endpointId: string; label: string; attemptsLastHour: number; errorRateLastHour: number | undefined }[];
  history: { types: string[]; actors: string[] };
  asOf: { instant: string; status: number; eventsApplied: number };
  verification: { valid: boolean; streams: number; eventsChecked: number };
}

/**
 * The whole product on real input, as a partner's operator and a partner's receiver would use
 * it, against a running platform (`npm start`). Each step says what it does and what it saw.
 */
export async function runDemo(settings: DemoSettings, narrator: Narrator): Promise<DemoReport> {
  const clients = new PlatformClients(settings);
  const receivers: ReceiverProcess[] = [];
  try {
    return await demo(settings, narrator, clients, receivers);
  } finally {
    await Promise.all(receivers.map((r) => r.stop()));
    clients.close();
  }
}

async function demo(settings: DemoSettings, say: Narrator, clients: PlatformClients, receivers: ReceiverProcess[]): Promise<DemoReport> {
  const partner = settings.partnerId;
  const label = (e: Endpoint) => `${Category[e.category]!.replace('ENDPOINT_CATEGORY_', '')}/${Method[e.method]!.replace('ENDPOINT_METHOD_', '')}`;

  say.step(`An operator account for partner ${partner}`);
  const operatorPassword = `demo-${randomBytes(12).toString('base64url')}`;
  const created = await runRepoCli('services/key-management/src/cli/keys-cli.js', ['operator', 'create', partner, settings.operatorId, '--password-stdin'], {
    env: { MONGODB_URI: settings.mongodbUri, KEYS_DATABASE: settings.keysDatabase },
    stdin: `${operatorPassword}\n`,
  });
  if (created.code !== 0) throw new Error(`keys CLI refused to create the operator: ${created.stderr || created.stdout}`);
  say.line(`npm run keys -- operator create ${partner} ${settings.operatorId} --password-stdin  →  ${created.stdout.trim()}`);

  say.step('Endpoints: MAPPING (push and read), ARI (push), BOOKING (push and read)');
  const added: { endpoint: Endpoint; key: string }[] = [];
  for (const [category, methods] of [
    [Category.ENDPOINT_CATEGORY_MAPPING, [Method.ENDPOINT_METHOD_PUSH, Method.ENDPOINT_METHOD_READ]],
    [Category.ENDPOINT_CATEGORY_ARI, [Method.ENDPOINT_METHOD_PUSH]],
    [Category.ENDPOINT_CATEGORY_BOOKING, [Method.ENDPOINT_METHOD_PUSH, Method.ENDPOINT_METHOD_READ]],
  ] as const) {
    const response = await clients.one((md) => clients.registry.addEndpoints({ requestId: randomUUID(), category, methods: [...methods], url: '', apiVersion: '' }, md));
    for (const { endpoint, key } of response.endpoints) {
      added.push({ endpoint: endpoint!, key });
      say.line(`${label(endpoint!).padEnd(13)} ${endpoint!.endpointId}  ${Status[endpoint!.status]!.replace('ENDPOINT_STATUS_', '')}  API ${endpoint!.apiVersion}  key ${endpoint!.maskedKey} (shown once)${endpoint!.url ? `  URL ${endpoint!.url}` : ''}`);
    }
  }
  const find = (category: number, method: number) => added.find((a) => a.endpoint.category === category && a.endpoint.method === method)!;
  const ari = find(Category.ENDPOINT_CATEGORY_ARI, Method.ENDPOINT_METHOD_PUSH);
  const mappingPush = find(Category.ENDPOINT_CATEGORY_MAPPING, Method.ENDPOINT_METHOD_PUSH);
  const bookingRead = find(Category.ENDPOINT_CATEGORY_BOOKING, Method.ENDPOINT_METHOD_READ);
  const outbound = [mappingPush, ari, bookingRead];

  say.step("The partner's receivers: the sample receiver (standardwebhooks package), one per outbound endpoint");
  const receiverOf = new Map<string, ReceiverProcess>();
  for (const a of outbound) {
    const receiver = new ReceiverProcess(label(a.endpoint), (r, line) => say.line(`  ← ${r.name.padEnd(13)} ${line.type.padEnd(22)} ${line.id}  verified (${line.signatures} signature${line.signatures === 1 ? '' : 's'})`));
    await receiver.start(a.key);
    receivers.push(receiver);
    receiverOf.set(a.endpoint.endpointId, receiver);
    say.line(`${receiver.name.padEnd(13)} listening on ${receiver.url}`);
  }

  say.step('URLs set on the outbound endpoints, then every endpoint activated');
  const endpoints: Record<string, Endpoint> = {};
  for (const a of added) {
    let endpoint = a.endpoint;
    if (endpoint.direction === endpointsV1.EndpointDirection.ENDPOINT_DIRECTION_OUTBOUND) {
      const url = receiverOf.get(endpoint.endpointId)!.url;
      endpoint = (await clients.one((md) => clients.registry.configureEndpointUrl({ requestId: randomUUID(), endpointId: endpoint.endpointId, url, expectedVersion: 0 }, md))).endpoint!;
    }
    endpoint = (await clients.one((md) => clients.registry.activateEndpoint({ requestId: randomUUID(), endpointId: endpoint.endpointId, expectedVersion: 0 }, md))).endpoint!;
    endpoints[label(endpoint)] = endpoint;
    say.line(`${label(endpoint).padEnd(13)} ${Status[endpoint.status]!.replace('ENDPOINT_STATUS_', '')}  ${endpoint.url}`);
  }

  say.step('Ingest the real OTA samples (npm run ingest), and watch the webhooks arrive');
  const produced = await ingest(settings, say, FIRST_FILES);
  const expected: Record<string, { receiver: ReceiverProcess; ids: string[] }> = {
    'ARI/PUSH': { receiver: receiverOf.get(ari.endpoint.endpointId)!, ids: produced.ari },
    'MAPPING/PUSH': { receiver: receiverOf.get(mappingPush.endpoint.endpointId)!, ids: produced.mapping },
    'BOOKING/READ': { receiver: receiverOf.get(bookingRead.endpoint.endpointId)!, ids: produced.booking },
  };
  for (const [name, { receiver, ids }] of Object.entries(expected)) await waitUntil(() => ids.every((id) => receiver.idsReceived().has(id)), settings.waitMs, `${name} to receive ${ids.length} webhook(s)`);
  const firstIngest = {
    produced: { ari: produced.ari, mapping: produced.mapping, booking: produced.booking },
    received: {
      'ARI/PUSH': [...expected['ARI/PUSH']!.receiver.idsReceived()],
      'MAPPING/PUSH': [...expected['MAPPING/PUSH']!.receiver.idsReceived()],
      'BOOKING/READ': [...expected['BOOKING/READ']!.receiver.idsReceived()],
    },
  };
  say.line(`every message arrived and verified: ${Object.entries(expected).map(([n, { ids }]) => `${n} ${ids.length}`).join(', ')}`);

  say.step('The partner calls in with its API keys: reads its mapping, pushes a booking');
  const inbound = await callInbound(say, find(Category.ENDPOINT_CATEGORY_MAPPING, Method.ENDPOINT_METHOD_READ), find(Category.ENDPOINT_CATEGORY_BOOKING, Method.ENDPOINT_METHOD_PUSH), settings.waitMs);

  say.step('Roll the ARI signing key, the old one expiring in 1 hour (password confirmed)');
  const choices = (await clients.one((md) => clients.keys.listKeyExpiryChoices({}, md))).choices;
  const oneHour = choices.find((c) => c.seconds === 3600);
  if (!oneHour) throw new Error(`key management offers no 1-hour expiry: ${choices.map((c) => c.code).join(', ')}`);
  say.line(`expiry choices from key management: ${choices.map((c) => c.label).join(', ')}`);
  const rolled = await clients.one((md) => clients.keys.rollKey({ requestId: randomUUID(), endpointId: ari.endpoint.endpointId, oldKeyExpiry: oneHour.code, operatorId: settings.operatorId, password: operatorPassword }, md));
  say.line(`new key ${rolled.maskedKey} (${rolled.keyId}); old key ${rolled.oldKeyId} valid until ${rolled.oldKeyExpiresAt}`);
  const ariReceiver = receiverOf.get(ari.endpoint.endpointId)!;
  const overlapIds = (await ingest(settings, say, [DURING_OVERLAP])).ari;
  await waitUntil(() => overlapIds.every((id) => ariReceiver.idsReceived().has(id)), settings.waitMs, 'the ARI receiver (old secret) to verify the updates sent during the overlap');
  const signaturesDuringOverlap = ariReceiver.received.filter((r) => overlapIds.includes(r.id)).map((r) => r.signatures);
  say.line(`the receiver still holding the OLD secret verified them; each carried ${[...new Set(signaturesDuringOverlap)].join('/')} signatures`);
  await ariReceiver.stop();
  await ariReceiver.start(rolled.plaintext, ariReceiver.port);
  say.line('the partner now configures the NEW secret in its receiver (same URL)');
  const afterSwapIds = (await ingest(settings, say, [AFTER_SECRET_SWAP])).ari;
  await waitUntil(() => afterSwapIds.every((id) => ariReceiver.idsReceived().has(id)), settings.waitMs, 'the ARI receiver (new secret) to verify the next updates');
  const rotation = {
    oldKeyId: rolled.oldKeyId,
    newKeyId: rolled.keyId,
    oldKeyExpiresAt: rolled.oldKeyExpiresAt,
    signaturesDuringOverlap,
    verifiedWithOldSecret: overlapIds.length > 0,
    verifiedWithNewSecret: afterSwapIds.length > 0 && ariReceiver.rejected === 0,
  };

  say.step('Suspend the ARI endpoint: it receives nothing; activate it and replay what it missed');
  const suspendedAt = new Date().toISOString();
  await clients.one((md) => clients.registry.suspendEndpoint({ requestId: randomUUID(), endpointId: ari.endpoint.endpointId, reason: { manual: { note: 'demo: receiver maintenance' } }, expectedVersion: 0 }, md));
  say.line(`suspended at ${suspendedAt} (reason: manual, "demo: receiver maintenance")`);
  const missedIds = (await ingest(settings, say, [WHILE_SUSPENDED])).ari;
  // The update must have reached delivery before we look for it: its attempts list says so once the
  // endpoint is active again and the replay created them; until then, nothing may arrive.
  await pause(3_000);
  const receivedWhileSuspended = missedIds.filter((id) => ariReceiver.idsReceived().has(id));
  say.line(`${missedIds.length} update(s) produced while suspended; the receiver got ${receivedWhileSuspended.length}`);
  await clients.one((md) => clients.registry.activateEndpoint({ requestId: randomUUID(), endpointId: ari.endpoint.endpointId, expectedVersion: 0 }, md));
  const replay = await replayWhenSeen(clients, ari.endpoint.endpointId, suspendedAt, settings.waitMs);
  say.line(`activated; ReplaySince(${suspendedAt}) created ${replay.created} delivery(ies), rescheduled ${replay.rescheduled}`);
  await waitUntil(() => missedIds.every((id) => ariReceiver.idsReceived().has(id)), settings.waitMs, 'the replayed updates to arrive');
  const suspension = { missedIds, receivedWhileSuspended, replay: { created: replay.created, rescheduled: replay.rescheduled }, receivedAfterReplay: missedIds.filter((id) => ariReceiver.idsReceived().has(id)) };

  say.step('Delete the MAPPING/PUSH endpoint (its key is destroyed; its history stays)');
  const deleted = (await clients.one((md) => clients.registry.deleteEndpoint({ requestId: randomUUID(), endpointId: mappingPush.endpoint.endpointId, expectedVersion: 0 }, md))).endpoint!;
  say.line(`${deleted.endpointId} ${Status[deleted.status]!.replace('ENDPOINT_STATUS_', '')}`);

  say.step("Each endpoint's error rate (metrics service, from every delivery attempt)");
  const bookingPush = find(Category.ENDPOINT_CATEGORY_BOOKING, Method.ENDPOINT_METHOD_PUSH);
  const errorRates = await errorRatesWhenCounted(clients, [ari.endpoint.endpointId, bookingRead.endpoint.endpointId, bookingPush.endpoint.endpointId], settings.waitMs);
  // The list is a read model: it shows the deletion once its projector has caught up.
  const listed = await listedOnceDeleted(clients, deleted.endpointId, settings.waitMs);
  const rates = listed.map((e) => {
    const figures = errorRates.find((r) => r.endpointId === e.endpointId);
    const rate = figures?.errorRateLastHour;
    say.line(`${label(e).padEnd(13)} ${Status[e.status]!.replace('ENDPOINT_STATUS_', '').padEnd(9)} attempts (1 h) ${String(figures?.attemptsLastHour ?? 0).padStart(3)}  error rate ${rate === undefined || rate === null ? '—' : `${(rate * 100).toFixed(1)} %`}`);
    return { endpointId: e.endpointId, label: label(e), attemptsLastHour: figures?.attemptsLastHour ?? 0, errorRateLastHour: rate ?? undefined };
  });

  say.step("The auditor's view of the ARI endpoint: history, state as of an earlier instant, hash-chain verification");
  const events = await clients.all((md) => clients.registry.getEndpointHistory({ endpointId: ari.endpoint.endpointId }, md));
  for (const { event } of events) say.line(`v${event!.streamVersion} ${event!.occurredAt}  ${event!.type.padEnd(28)} by ${endpointsV1.ActorKind[event!.actor!.kind]!.replace('ACTOR_KIND_', '').toLowerCase()}:${event!.actor!.id}`);
  const asOf = await clients.one((md) => clients.registry.getEndpointAsOf({ endpointId: ari.endpoint.endpointId, asOf: suspendedAt }, md));
  say.line(`as of ${suspendedAt}: ${Status[asOf.endpoint!.status]!.replace('ENDPOINT_STATUS_', '')} after ${asOf.eventsApplied} event(s)`);
  const verification = await clients.one((md) => clients.registry.verifyEndpointHistory({ endpointId: '' }, md));
  const checked = verification.streams.reduce((n, s) => n + s.eventsChecked, 0);
  say.line(`hash chains: ${verification.valid ? 'VALID' : 'BROKEN'} (${verification.streams.length} streams, ${checked} events checked)`);

  say.step('See it all in the console');
  say.line(`${settings.consoleUrl}  partner ${partner}, operator ${settings.operatorId}, password ${operatorPassword}`);

  return {
    partnerId: partner,
    operatorId: settings.operatorId,
    operatorPassword,
    endpoints,
    firstIngest,
    inbound,
    rotation,
    suspension,
    deleted,
    errorRates: rates,
    history: { types: events.map((e) => e.event!.type), actors: events.map((e) => `${e.event!.actor!.kind}:${e.event!.actor!.id}`) },
    asOf: { instant: suspendedAt, status: asOf.endpoint!.status, eventsApplied: asOf.eventsApplied },
    verification: { valid: verification.valid, streams: verification.streams.length, eventsChecked: checked },
  };
}

/**
 * MAPPING/READ and BOOKING/PUSH, as the partner's system calls them: the URL the registry
 * generated, the key shown once at creation in `X-Api-Key`.
 */
async function callInbound(say: Narrator, mappingRead: { endpoint: Endpoint; key: string }, bookingPush: { endpoint: Endpoint; key: string }, waitMs: number): Promise<DemoReport['inbound']> {
  type Page = { data: { hotelCode: string; roomTypes: unknown[]; ratePlans: unknown[] }[] };
  const read = async () => {
    const response = await fetch(mappingRead.endpoint.url, { headers: { 'X-Api-Key': mappingRead.key } });
    return { response, page: (await response.json()) as Page };
  };
  // The mapping the ingest just produced reaches the edge's read model through Kafka.
  const { response: mapping, page } = await latestWhen(read, ({ response, page }) => response.status === 200 && page.data.length > 0, waitMs, 200);
  if (mapping.status !== 200) throw new Error(`mapping read answered ${mapping.status}: ${JSON.stringify(page)}`);
  const etag = mapping.headers.get('etag') ?? '';
  for (const hotel of page.data) say.line(`GET ${new URL(mappingRead.endpoint.url).pathname} → 200  hotel ${hotel.hotelCode}: ${hotel.roomTypes.length} room types, ${hotel.ratePlans.length} rate plans  ETag ${etag}`);
  const again = await fetch(mappingRead.endpoint.url, { headers: { 'X-Api-Key': mappingRead.key, 'If-None-Match': etag } });
  say.line(`GET again with If-None-Match → ${again.status}`);

  const body = readFileSync(sample('bakuun_booking.json'));
  const idempotencyKey = `demo-${randomUUID()}`;
  const push = () => fetch(bookingPush.endpoint.url, { method: 'POST', body, headers: { 'Content-Type': 'application/json', 'X-Api-Key': bookingPush.key, 'Idempotency-Key': idempotencyKey } });
  const first = await push();
  const firstText = await first.text();
  const accepted = JSON.parse(firstText) as { bookings?: { messageId: string; reservationId: string }[] };
  say.line(`POST ${new URL(bookingPush.endpoint.url).pathname} bakuun_booking.json (Idempotency-Key ${idempotencyKey}) → ${first.status}  ${(accepted.bookings ?? []).map((b) => `${b.reservationId} as ${b.messageId}`).join(', ')}`);
  const retried = await push();
  const retriedText = await retried.text();
  say.line(`the same request retried → ${retried.status}, Idempotent-Replayed: ${retried.headers.get('idempotent-replayed')}, ${retriedText === firstText ? 'the first answer byte for byte' : 'A DIFFERENT ANSWER'}`);
  const wrong = await fetch(bookingPush.endpoint.url, { method: 'POST', body, headers: { 'Content-Type': 'application/json', 'X-Api-Key': `${bookingPush.key.slice(0, -4)}XXXX` } });
  const problem = (await wrong.json()) as { code?: string; title?: string };
  say.line(`with a wrong key → ${wrong.status} ${problem.code} (${problem.title})`);
  return {
    mappingHotels: page.data.map((h) => h.hotelCode),
    etag,
    notModifiedStatus: again.status,
    bookingStatus: first.status,
    bookingMessageIds: (accepted.bookings ?? []).map((b) => b.messageId),
    replayStatus: retried.status,
    replayed: retried.headers.get('idempotent-replayed') === 'true',
    sameAnswer: retriedText === firstText,
    wrongKeyStatus: wrong.status,
    wrongKeyProblem: problem.code ?? '',
  };
}

interface IngestedIds {
  ari: string[];
  mapping: string[];
  booking: string[];
}

async function ingest(settings: DemoSettings, say: Narrator, files: string[]): Promise<IngestedIds> {
  const result = await runRepoCli('services/ingest/src/cli/ingest-cli.js', ['--partner', settings.partnerId, '--currency', 'EUR', '--json', '--topic-prefix', settings.topicPrefix, ...files.map(sample)], { env: { KAFKA_BROKERS: settings.kafkaBrokers } });
  if (result.code !== 0) throw new Error(`ingest failed (${result.code}): ${result.stderr || result.stdout}`);
  const report = JSON.parse(result.stdout) as { files: { file: string; documentType: string; messageIds: string[] }[]; topics: Record<keyof IngestedIds, string> };
  const ids: IngestedIds = { ari: [], mapping: [], booking: [] };
  for (const file of report.files) {
    const kind: keyof IngestedIds = /Res|booking/i.test(file.documentType) ? 'booking' : /mapping/i.test(file.documentType) ? 'mapping' : 'ari';
    ids[kind].push(...file.messageIds);
    say.line(`npm run ingest -- --partner ${settings.partnerId} --currency EUR ${file.file.split('/').pop()}  →  ${file.messageIds.length} ${kind} message(s)`);
  }
  return ids;
}

/** ReplaySince refuses until delivery has seen the activation (its endpoint view follows the event topic). */
async function replayWhenSeen(clients: PlatformClients, endpointId: string, since: string, waitMs: number) {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return await clients.one((md) => clients.delivery.replaySince({ requestId: randomUUID(), endpointId, since }, md));
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await pause(250);
    }
  }
}

/** Reads until `done` holds or `waitMs` passed, and gives the last reading either way (the caller shows what it saw). */
async function latestWhen<T>(read: () => Promise<T>, done: (value: T) => boolean, waitMs: number, everyMs: number): Promise<T> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await pause(everyMs);
  }
}

function listedOnceDeleted(clients: PlatformClients, deletedId: string, waitMs: number): Promise<Endpoint[]> {
  const list = async () => (await clients.one((md) => clients.registry.listEndpoints({ category: 0, status: 0, method: 0, pageSize: 50, pageToken: '', includeDeleted: true }, md))).endpoints;
  return latestWhen(list, (listed) => listed.some((e) => e.endpointId === deletedId && e.status === Status.ENDPOINT_STATUS_DELETED), waitMs, 100);
}

async function errorRatesWhenCounted(clients: PlatformClients, mustHave: string[], waitMs: number) {
  const list = async () => (await clients.one((md) => clients.metrics.listErrorRates({ pageSize: 100, pageToken: '' }, md))).endpoints;
  const rates = await latestWhen(list, (listed) => mustHave.every((id) => listed.some((r) => r.endpointId === id && r.attemptsLastHour > 0)), waitMs, 500);
  return rates.map((r) => ({ endpointId: r.endpointId, attemptsLastHour: r.attemptsLastHour, errorRateLastHour: r.errorRateLastHour }));
}

async function waitUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${timeoutMs / 1000} s`);
    await pause(100);
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
