import type { Issues } from '../issues';
import type { Draft, ParsedDrafts } from '../model';
import { parseInstant } from '../values/dates';
import { ARI_DOCUMENT_KEYS, readAriDocument } from './json-ari';
import { BOOKING_DOCUMENT_KEYS, readBookingDocument } from './json-booking';
import { MAPPING_DOCUMENT_KEYS, readMappingDocument } from './json-mapping';
import { JsonReader, type JsonObject } from './json-reader';

const READERS: Readonly<Record<string, { keys: readonly string[]; read: (doc: JsonObject, hotelCode: string | undefined, json: JsonReader) => Draft[] }>> = {
  ari: { keys: ARI_DOCUMENT_KEYS, read: readAriDocument },
  mapping: { keys: MAPPING_DOCUMENT_KEYS, read: readMappingDocument },
  booking: { keys: BOOKING_DOCUMENT_KEYS, read: readBookingDocument },
};

/** Our JSON equivalent of the OTA messages: `{ "type": "ari" | "mapping" | "booking", "hotelCode", "timestamp"?, ... }`. */
export function parseJsonDocument(text: string, issues: Issues): ParsedDrafts | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    issues.add('/', 'INGEST.UNREADABLE', `not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  const json = new JsonReader(issues);
  const type = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject).type : undefined;
  const reader = typeof type === 'string' ? READERS[type] : undefined;
  if (!reader) {
    issues.add('/type', 'INGEST.UNKNOWN_DOCUMENT', `expected an object whose "type" is one of ${Object.keys(READERS).join(', ')}, found ${JSON.stringify(type ?? null)}`);
    return undefined;
  }
  const doc = json.object(value, '', reader.keys);
  if (!doc) return undefined;
  const hotelCode = json.string(doc, 'hotelCode', '', true);
  const timestamp = parseInstant(json.string(doc, 'timestamp', '', false), '/timestamp', issues);
  return { header: { documentType: `json:${String(type)}`, timestamp }, drafts: reader.read(doc, hotelCode, json) };
}
