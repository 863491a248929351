import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseUpstreamDocument } from './ingest';
import type { IngestIssue } from './issues';
import type { IngestOptions, IngestResult, UpstreamMessage } from './model';

export const PARTNER = 'prt_7';
export const RECEIVED_AT = '2025-01-01T00:00:00.000Z';
export const OPTIONS: IngestOptions = { partnerId: PARTNER, receivedAt: RECEIVED_AT };

export const SAMPLES = {
  availSetLimit: 'opentravel-2011b_OTA_HotelAvailNotifRQ_set-booking-limit.xml',
  availAdjustLimit: 'opentravel-2011b_OTA_HotelAvailNotifRQ_adjust-limit-deltas.xml',
  availRestrictions: 'weekendesk_OTA_HotelAvailNotifRQ_multi-restrictions-booking-limit.xml',
  rateAmount: 'weekendesk_OTA_HotelRateAmountNotifRQ_decimalplaces-zero.xml',
  invCountAllocation: 'opentravel-2011b_OTA_HotelInvCountNotifRQ_allocation-per-rateplan.xml',
  invCountClosingSeason: 'alpinebits-2020-10_OTA_HotelInvCountNotifRQ_freerooms-closing-season.xml',
  resNotif: 'opentravel-2011b_OTA_HotelResNotifRQ_commit_anonymized.xml',
  jsonAri: 'bakuun_ari.json',
  jsonMapping: 'bakuun_mapping.json',
  jsonBooking: 'bakuun_booking.json',
  invalidRateAmount: 'invalid_OTA_HotelRateAmountNotifRQ_end-before-start.xml',
} as const;

export const TESTDATA = join(__dirname, '..', 'testdata');

export function sample(name: string): string {
  return readFileSync(join(TESTDATA, name), 'utf8');
}

/** A sample with one exact, unique piece of text replaced: the defect under test stays visible in the test. */
export function mutate(name: string, from: string, to: string): string {
  const text = sample(name);
  if (text.split(from).length !== 2) throw new Error(`"${from}" does not occur exactly once in ${name}`);
  return text.replace(from, to);
}

export function ingest(content: string | Uint8Array, options: Partial<IngestOptions> = {}): IngestResult {
  return parseUpstreamDocument(content, { ...OPTIONS, ...options });
}

export function messagesOf(content: string | Uint8Array, options: Partial<IngestOptions> = {}): UpstreamMessage[] {
  const result = ingest(content, options);
  if (!result.ok) throw new Error(`expected no issues, got ${JSON.stringify(result.issues, null, 2)}`);
  return [...result.document.messages];
}

export function issuesOf(content: string | Uint8Array, options: Partial<IngestOptions> = {}): readonly IngestIssue[] {
  const result = ingest(content, options);
  if (result.ok) throw new Error(`expected issues, got ${result.document.messages.length} message(s)`);
  return result.issues;
}

/** The messages without their envelopes, to compare bodies. */
export function bodies(messages: readonly UpstreamMessage[]): unknown[] {
  return messages.map(({ message }) => {
    const { envelope: _envelope, ...body } = message;
    return body;
  });
}
