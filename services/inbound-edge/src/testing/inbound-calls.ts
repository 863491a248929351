import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { upstreamV1 } from '@bakuun/contracts';
import { findRepoRoot } from '@bakuun/testing';
import { MappingRepository } from '../inbound/mapping/mapping.repository';
import type { InboundEndpoint, InboundFixture } from './inbound-fixture';

/** The JSON booking sample: two bookings of hotel AL_TEST (rooms RO_TEST, RO_TEST2; rate plans 001, 003). */
export const JSON_BOOKING = readFileSync(join(findRepoRoot(__dirname), 'libs/ota-ingest/testdata/bakuun_booking.json'));

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
}

/** One HTTP call as a partner makes it; the body is kept as text and, when it is JSON, parsed. */
export async function call(url: string, init: RequestInit & { key?: string } = {}): Promise<Answer> {
  const headers = new Headers(init.headers);
  if (init.key !== undefined) headers.set('X-Api-Key', init.key);
  const res = await fetch(url, { ...init, headers });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    json = {};
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** A booking push to the endpoint's URL, with its own key unless another is given. */
export const push = (e: InboundEndpoint, body: Uint8Array | string, opts: { key?: string; type?: string; idem?: string } = {}) =>
  call(e.url, { method: 'POST', key: opts.key ?? e.apiKey, body, headers: { 'Content-Type': opts.type ?? 'application/json', ...(opts.idem ? { 'Idempotency-Key': opts.idem } : {}) } });

/** Publishes the mapping JSON_BOOKING refers to and waits until the edge's read model has it. */
export async function publishSampleMapping(f: InboundFixture, partnerId: string): Promise<void> {
  const { MAPPING_OPERATION_UPSERT: UPSERT } = upstreamV1.MappingOperation;
  await f.publishMapping(partnerId, { hotelCode: 'AL_TEST', operation: UPSERT, hotelName: 'Alpine Test', roomTypes: ['RO_TEST', 'RO_TEST2'].map((code) => ({ code, operation: UPSERT, name: code })), ratePlans: ['001', '003'].map((code) => ({ code, operation: UPSERT, name: code, roomTypeCodes: [] })) });
  while (!(await f.edge.app.get(MappingRepository).get(partnerId, 'AL_TEST'))) await new Promise((r) => setTimeout(r, 50));
}
