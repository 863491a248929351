/**
 * What is wrong with an input document, and where. A document with any issue produces nothing.
 * `path` is XPath-like with 1-based indexes, e.g.
 * `/OTA_HotelRateAmountNotifRQ/RateAmountMessages/RateAmountMessage[2]/StatusApplicationControl/@End`,
 * or for JSON documents `/updates[2]/dates/end`.
 */
export interface IngestIssue {
  readonly path: string;
  readonly code: IngestIssueCode;
  readonly message: string;
}

export type IngestIssueCode =
  | 'INGEST.UNREADABLE'
  | 'INGEST.UNKNOWN_DOCUMENT'
  | 'INGEST.MISSING'
  | 'INGEST.UNKNOWN_FIELD'
  | 'INGEST.BAD_VALUE'
  | 'INGEST.BAD_DATE'
  | 'INGEST.DATE_RANGE_REVERSED'
  | 'INGEST.UNKNOWN_CURRENCY'
  | 'INGEST.BAD_AMOUNT'
  | 'INGEST.TOO_MANY_DECIMALS'
  | 'INGEST.NEGATIVE_COUNT'
  | 'INGEST.UNSUPPORTED'
  | 'INGEST.CONFLICT';

/** Collects every issue of a document, so one run reports them all. */
export class Issues {
  private readonly items: IngestIssue[] = [];

  add(path: string, code: IngestIssueCode, message: string): void {
    this.items.push({ path, code, message });
  }

  get count(): number {
    return this.items.length;
  }

  get list(): readonly IngestIssue[] {
    return this.items;
  }
}

/** The path of an attribute of the element at `elementPath`. */
export const attributePath = (elementPath: string, name: string): string => `${elementPath}/@${name}`;
