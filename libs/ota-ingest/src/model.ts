import type { upstreamV1 } from '@bakuun/contracts';
import type { IngestIssue } from './issues';

export interface IngestOptions {
  /** The partner the document's messages are for; part of every Kafka key. No ':' or white space. */
  readonly partnerId: string;
  /**
   * When the document was received (RFC 3339 instant). Becomes every message's `produced_at`,
   * and the ARI sequence's `source_time` when the document has no time stamp of its own.
   * Time enters as an input so parsing stays pure and repeatable.
   */
  readonly receivedAt: string;
  /**
   * ISO 4217 currency for OTA amounts that state none. Some channels (e.g. Weekendesk:
   * "the currency is not set as it is configured" per hotel) leave CurrencyCode out; without
   * this option such amounts are a MISSING issue.
   * @defaultValue undefined: every amount must state its currency
   */
  readonly defaultCurrencyCode?: string;
}

export type AriBody = Omit<upstreamV1.AriUpdate, 'envelope' | 'sequence'>;
export type MappingBody = Omit<upstreamV1.MappingChange, 'envelope'>;
export type BookingBody = Omit<upstreamV1.BookingEvent, 'envelope'>;

/** One upstream message, tagged with its proto message name (the Kafka `type` header). */
export type UpstreamMessage =
  | { readonly type: 'AriUpdate'; readonly message: upstreamV1.AriUpdate }
  | { readonly type: 'MappingChange'; readonly message: upstreamV1.MappingChange }
  | { readonly type: 'BookingEvent'; readonly message: upstreamV1.BookingEvent };

export type UpstreamMessageType = UpstreamMessage['type'];

export type DocumentFormat = 'ota-xml' | 'json';

export interface IngestedDocument {
  readonly format: DocumentFormat;
  /** OTA root element or `json:<type>`. */
  readonly documentType: string;
  readonly sha256: string;
  /** In document order; positions 1..n. */
  readonly messages: readonly UpstreamMessage[];
}

/** All messages of a document, or every issue found in it (then nothing is to be produced). */
export type IngestResult =
  | { readonly ok: true; readonly document: IngestedDocument }
  | { readonly ok: false; readonly format?: DocumentFormat; readonly documentType?: string; readonly sha256: string; readonly issues: readonly IngestIssue[] };

/** What a format parser extracts before envelopes, ids and positions are assigned. */
export interface DocumentHeader {
  readonly documentType: string;
  /** RFC 3339 UTC, or undefined when the document has no time stamp. */
  readonly timestamp?: string | undefined;
  readonly echoToken?: string | undefined;
  readonly uniqueId?: upstreamV1.OtaUniqueId | undefined;
}

export interface ItemOrigin {
  readonly path: string;
  readonly locatorId?: string | undefined;
  readonly uniqueId?: upstreamV1.OtaUniqueId | undefined;
}

export type Draft =
  | { readonly type: 'AriUpdate'; readonly origin: ItemOrigin; readonly body: AriBody }
  | { readonly type: 'MappingChange'; readonly origin: ItemOrigin; readonly body: MappingBody }
  | { readonly type: 'BookingEvent'; readonly origin: ItemOrigin; readonly body: BookingBody };

export interface ParsedDrafts {
  readonly header: DocumentHeader;
  readonly drafts: readonly Draft[];
}
