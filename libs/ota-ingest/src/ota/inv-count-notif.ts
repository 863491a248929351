import { upstreamV1 } from '@bakuun/contracts';
import { attributePath, type Issues } from '../issues';
import type { Draft } from '../model';
import { parseWholeNumber } from '../values/counts';
import { attribute, childElement, childElements, type XmlElement } from '../xml-tree';
import { readApplicationControl, readHotelContainer, requireChild } from './ota-common';

const Kind = upstreamV1.AvailabilityKind;

/**
 * OTA_HotelInvCountNotifRQ: absolute counts, one AriUpdate per Inventory.
 * - InvCount ActionType="Allocation" (OpenTravel): rooms allocated to the channel.
 * - InvCount CountType="2" (AlpineBits FreeRooms): bookable rooms. CountType 6 (out of order)
 *   and 9 (free but not bookable) are recognised and carry nothing we publish; AlpineBits says
 *   an omitted InvCount means Count=0, so an Inventory without a CountType 2 sets 0 bookable rooms.
 * - An Inventory without InvCounts: AlpineBits "the room category is considered fully booked",
 *   so 0 bookable rooms; with AllInvCode="true" it is a closing season: the whole hotel is
 *   closed (stop-sell for every room type).
 * A document-level UniqueID Instance="CompleteSet" is carried in each message's source.
 */
export function parseInvCountNotif(root: XmlElement, issues: Issues): Draft[] {
  const hotel = readHotelContainer(root, 'Inventories', issues);
  if (!hotel) return [];
  const inventories = childElements(hotel.container, 'Inventory');
  if (inventories.length === 0) issues.add(`${hotel.container.path}/Inventory`, 'INGEST.MISSING', 'at least one Inventory is required');
  const drafts: Draft[] = [];
  for (const inventory of inventories) {
    const before = issues.count;
    const sac = requireChild(inventory, 'StatusApplicationControl', issues);
    const control = sac && readApplicationControl(sac, issues);
    const counts = childElement(inventory, 'InvCounts');
    const availability = counts ? readInvCounts(counts, issues) : undefined;
    if (!control || hotel.hotelCode === undefined || issues.count > before) continue;
    const closingSeason = !counts && control.allRoomTypes;
    drafts.push({
      type: 'AriUpdate',
      origin: { path: inventory.path },
      body: {
        hotelCode: hotel.hotelCode,
        ...control,
        availability: closingSeason ? undefined : (availability ?? { kind: Kind.AVAILABILITY_KIND_AVAILABLE_ROOMS, setTo: 0 }),
        rates: [],
        restrictions: closingSeason ? { closed: true } : undefined,
      },
    });
  }
  return drafts;
}

function readInvCounts(counts: XmlElement, issues: Issues): upstreamV1.Availability | undefined {
  let result: upstreamV1.Availability | undefined;
  const entries = childElements(counts, 'InvCount');
  for (const entry of entries) {
    const kind = countKind(entry, issues);
    const count = parseWholeNumber(attribute(entry, 'Count'), attributePath(entry.path, 'Count'), issues, { what: 'Count' });
    if (kind === undefined || kind === 'ignored' || count === undefined) continue;
    if (result) {
      issues.add(entry.path, 'INGEST.CONFLICT', 'a second bookable or allocated count in the same Inventory');
      continue;
    }
    result = { kind, setTo: count };
  }
  return result ?? { kind: Kind.AVAILABILITY_KIND_AVAILABLE_ROOMS, setTo: 0 };
}

function countKind(entry: XmlElement, issues: Issues): upstreamV1.AvailabilityKind | 'ignored' | undefined {
  const action = attribute(entry, 'ActionType');
  if (action !== undefined) {
    if (action === 'Allocation') return Kind.AVAILABILITY_KIND_ALLOCATION;
    issues.add(attributePath(entry.path, 'ActionType'), 'INGEST.UNSUPPORTED', `ActionType "${action}" is not supported (Allocation)`);
    return undefined;
  }
  const type = attribute(entry, 'CountType');
  if (type === '2') return Kind.AVAILABILITY_KIND_AVAILABLE_ROOMS;
  if (type === '6' || type === '9') return 'ignored';
  issues.add(attributePath(entry.path, 'CountType'), type === undefined ? 'INGEST.MISSING' : 'INGEST.UNSUPPORTED', type === undefined ? 'CountType or ActionType is required' : `CountType "${type}" is not supported (2, 6, 9)`);
  return undefined;
}
