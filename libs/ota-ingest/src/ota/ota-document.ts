import type { Issues } from '../issues';
import type { Draft, ParsedDrafts } from '../model';
import type { XmlElement } from '../xml-tree';
import { parseAvailNotif } from './avail-notif';
import { parseInvCountNotif } from './inv-count-notif';
import { readHeader } from './ota-common';
import { parseRateAmountNotif } from './rate-amount-notif';
import { parseResNotif } from './res-notif';

const PARSERS: Readonly<Record<string, (root: XmlElement, issues: Issues, defaultCurrencyCode: string | undefined) => Draft[]>> = {
  OTA_HotelAvailNotifRQ: (root, issues) => parseAvailNotif(root, issues),
  OTA_HotelRateAmountNotifRQ: parseRateAmountNotif,
  OTA_HotelInvCountNotifRQ: (root, issues) => parseInvCountNotif(root, issues),
  OTA_HotelResNotifRQ: parseResNotif,
};

export const OTA_DOCUMENT_TYPES = Object.keys(PARSERS);

export function parseOtaDocument(root: XmlElement, issues: Issues, defaultCurrencyCode: string | undefined): ParsedDrafts | undefined {
  const parse = PARSERS[root.name];
  if (!parse) {
    issues.add(root.path, 'INGEST.UNKNOWN_DOCUMENT', `root element ${root.name} is not one of ${OTA_DOCUMENT_TYPES.join(', ')}`);
    return undefined;
  }
  return { header: readHeader(root, issues), drafts: parse(root, issues, defaultCurrencyCode) };
}
