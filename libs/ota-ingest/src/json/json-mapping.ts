import { upstreamV1 } from '@bakuun/contracts';
import type { Draft } from '../model';
import type { JsonObject, JsonReader } from './json-reader';

const OPERATIONS = ['UPSERT', 'DELETE'] as const;
const Operation = upstreamV1.MappingOperation;

export const MAPPING_DOCUMENT_KEYS = ['type', 'hotelCode', 'timestamp', 'operation', 'hotelName', 'roomTypes', 'ratePlans'] as const;

/**
 * `{ "type": "mapping", "hotelCode", "operation": "UPSERT" | "DELETE", "hotelName"?,
 * "roomTypes"?: [{ code, operation, name? }], "ratePlans"?: [{ code, operation, name?, roomTypeCodes? }] }`:
 * one MappingChange. An upserted item needs a name; a deleted hotel lists nothing.
 */
export function readMappingDocument(doc: JsonObject, hotelCode: string | undefined, json: JsonReader): Draft[] {
  const before = json.issues.count;
  const operation = readOperation(doc, '', json);
  const hotelName = json.string(doc, 'hotelName', '', false) ?? '';
  const roomTypes = readItems(doc, 'roomTypes', json, ['code', 'operation', 'name'], (item, path, op) => ({ code: json.string(item, 'code', path, true) ?? '', operation: op, name: readName(item, path, op, json) }));
  const ratePlans = readItems(doc, 'ratePlans', json, ['code', 'operation', 'name', 'roomTypeCodes'], (item, path, op) => ({
    code: json.string(item, 'code', path, true) ?? '',
    operation: op,
    name: readName(item, path, op, json),
    roomTypeCodes: (json.array(item, 'roomTypeCodes', path, false) ?? []).flatMap((code, i) => (typeof code === 'string' && code !== '' ? [code] : (json.bad(`${path}/roomTypeCodes[${i + 1}]`, 'expected a room type code'), []))),
  }));
  if (operation === Operation.MAPPING_OPERATION_DELETE && (roomTypes.length > 0 || ratePlans.length > 0)) {
    json.issues.add('/operation', 'INGEST.CONFLICT', 'deleting a hotel deletes all its room types and rate plans; list none');
  }
  if (operation === undefined || hotelCode === undefined || json.issues.count > before) return [];
  return [{ type: 'MappingChange', origin: { path: '/' }, body: { hotelCode, operation, hotelName, roomTypes, ratePlans } }];
}

function readItems<T extends { code: string }>(
  doc: JsonObject,
  key: 'roomTypes' | 'ratePlans',
  json: JsonReader,
  keys: string[],
  read: (item: JsonObject, path: string, operation: upstreamV1.MappingOperation) => T,
): T[] {
  const seen = new Set<string>();
  return (json.array(doc, key, '', false) ?? []).flatMap((value, i) => {
    const path = `/${key}[${i + 1}]`;
    const item = json.object(value, path, keys);
    const operation = item && readOperation(item, path, json);
    if (!item || operation === undefined) return [];
    const result = read(item, path, operation);
    if (result.code !== '' && seen.has(result.code)) json.issues.add(`${path}/code`, 'INGEST.CONFLICT', `"${result.code}" appears twice in ${key}`);
    seen.add(result.code);
    return [result];
  });
}

function readOperation(object: JsonObject, path: string, json: JsonReader): upstreamV1.MappingOperation | undefined {
  const name = json.enumName(object, 'operation', path, OPERATIONS, 'MAPPING_OPERATION_');
  return name === undefined ? undefined : Operation[`MAPPING_OPERATION_${name}`];
}

function readName(item: JsonObject, path: string, operation: upstreamV1.MappingOperation, json: JsonReader): string {
  const name = json.string(item, 'name', path, operation === Operation.MAPPING_OPERATION_UPSERT) ?? '';
  if (operation === Operation.MAPPING_OPERATION_DELETE && name !== '') json.issues.add(`${path}/name`, 'INGEST.CONFLICT', 'a deleted item has no name');
  return name;
}
