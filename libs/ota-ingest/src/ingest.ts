import { upstreamV1 } from '@bakuun/contracts';
import { ValidationError } from '@bakuun/errors';
import { Issues } from './issues';
import { parseJsonDocument } from './json/json-document';
import { deterministicMessageId, sha256Hex } from './message-id';
import type { DocumentFormat, Draft, IngestOptions, IngestResult, ParsedDrafts, UpstreamMessage } from './model';
import { parseOtaDocument } from './ota/ota-document';
import { currencyMinorUnit } from './values/currencies';
import { parseInstant } from './values/dates';
import { parseXml } from './xml-tree';

/**
 * Turns one OTA XML or JSON document into the upstream messages for a partner, or into every
 * issue found in it. All or nothing: a document with any issue yields no message, so callers
 * parse every file first and produce afterwards.
 *
 * Deterministic: the same bytes, partner and options give the same messages (ids included;
 * `produced_at` is `options.receivedAt`).
 */
export function parseUpstreamDocument(content: Uint8Array | string, options: IngestOptions): IngestResult {
  const receivedAt = checkOptions(options);
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  const sha256 = sha256Hex(bytes);
  const issues = new Issues();
  const text = decode(bytes, issues);
  const format: DocumentFormat | undefined = text === undefined ? undefined : text.trimStart().startsWith('<') ? 'ota-xml' : text.trimStart().startsWith('{') ? 'json' : undefined;
  if (text !== undefined && format === undefined) issues.add('/', 'INGEST.UNREADABLE', 'neither XML (starting with "<") nor a JSON object (starting with "{")');
  let parsed: ParsedDrafts | undefined;
  if (format === 'json') parsed = parseJsonDocument(text!, issues);
  if (format === 'ota-xml') {
    const xml = parseXml(text!);
    if (xml.ok) parsed = parseOtaDocument(xml.root, issues, options.defaultCurrencyCode);
    else issues.add(xml.issue.path, xml.issue.code, xml.issue.message);
  }
  if (parsed && issues.count === 0 && parsed.drafts.length === 0) issues.add('/', 'INGEST.MISSING', 'the document holds no update, change or booking');
  if (!parsed || issues.count > 0) {
    return { ok: false, ...(format ? { format } : {}), ...(parsed ? { documentType: parsed.header.documentType } : {}), sha256, issues: issues.list };
  }
  const { header } = parsed;
  const sourceFormat = format === 'json' ? upstreamV1.SourceFormat.SOURCE_FORMAT_JSON : upstreamV1.SourceFormat.SOURCE_FORMAT_OTA_XML;
  const messages = parsed.drafts.map((draft, index): UpstreamMessage => {
    const position = index + 1;
    const envelope: upstreamV1.UpstreamEnvelope = {
      messageId: deterministicMessageId(options.partnerId, sha256, position),
      partnerId: options.partnerId,
      producedAt: receivedAt,
      source: {
        format: sourceFormat,
        documentType: header.documentType,
        documentSha256: sha256,
        path: draft.origin.path,
        position,
        documentTimestamp: header.timestamp ?? '',
        echoToken: header.echoToken ?? '',
        locatorId: draft.origin.locatorId ?? '',
        uniqueId: draft.origin.uniqueId ?? header.uniqueId,
      },
    };
    return withEnvelope(draft, envelope, { sourceTime: header.timestamp ?? receivedAt, position });
  });
  return { ok: true, document: { format: format!, documentType: header.documentType, sha256, messages } };
}

function withEnvelope(draft: Draft, envelope: upstreamV1.UpstreamEnvelope, sequence: upstreamV1.AriSequence): UpstreamMessage {
  switch (draft.type) {
    case 'AriUpdate':
      return { type: draft.type, message: { envelope, ...draft.body, sequence } };
    case 'MappingChange':
      return { type: draft.type, message: { envelope, ...draft.body } };
    case 'BookingEvent':
      return { type: draft.type, message: { envelope, ...draft.body } };
    default:
      return assertNever(draft);
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected draft ${JSON.stringify(value)}`);
}

/** UTF-8 (a BOM is dropped); an XML declaration naming ISO-8859-1 or windows-1252 is honoured. */
function decode(bytes: Uint8Array, issues: Issues): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const declared = /^\s*<\?xml[^>]*encoding=["']([^"']+)["']/i.exec(head)?.[1]?.toLowerCase();
  const encoding = declared === undefined || declared === 'utf-8' || declared === 'utf8' ? 'utf-8' : declared;
  if (!['utf-8', 'iso-8859-1', 'latin1', 'windows-1252'].includes(encoding)) {
    issues.add('/', 'INGEST.UNREADABLE', `encoding "${declared}" is not supported (UTF-8, ISO-8859-1, windows-1252)`);
    return undefined;
  }
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    issues.add('/', 'INGEST.UNREADABLE', `the bytes are not valid ${encoding}`);
    return undefined;
  }
}

/** Bad options are the caller's mistake, not the document's: they throw. Returns receivedAt normalised. */
function checkOptions(options: IngestOptions): string {
  if (!/^[^\s:]+$/.test(options.partnerId)) {
    throw new ValidationError('INGEST.PARTNER_ID_INVALID', 'partnerId must be non-empty without ":" or white space (it is part of the Kafka key "<partner>:<hotel>")', { field: 'partnerId' });
  }
  if (options.defaultCurrencyCode !== undefined && currencyMinorUnit(options.defaultCurrencyCode) === undefined) {
    throw new ValidationError('INGEST.CURRENCY_INVALID', `defaultCurrencyCode "${options.defaultCurrencyCode}" is not an active ISO 4217 code`, { field: 'defaultCurrencyCode' });
  }
  const issues = new Issues();
  const receivedAt = parseInstant(options.receivedAt, 'receivedAt', issues);
  if (receivedAt === undefined) throw new ValidationError('INGEST.RECEIVED_AT_INVALID', 'receivedAt must be an RFC 3339 instant', { field: 'receivedAt' });
  return receivedAt;
}
