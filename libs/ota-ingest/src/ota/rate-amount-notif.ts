import type { upstreamV1 } from '@bakuun/contracts';
import { attributePath, type Issues } from '../issues';
import type { Draft } from '../model';
import { parseWholeNumber } from '../values/counts';
import { attribute, childElement, childElements, type XmlElement } from '../xml-tree';
import { readAmountPair } from './ota-amounts';
import { nonEmpty, readApplicationControl, readHotelContainer, readUniqueId, requireChild } from './ota-common';

/**
 * OTA_HotelRateAmountNotifRQ: one AriUpdate per Rate of each RateAmountMessage, with one
 * OccupancyRate per BaseByGuestAmt (price per night for NumberOfGuests / AgeQualifyingCode).
 * Currency: BaseByGuestAmt@CurrencyCode, else Rate@CurrencyCode, else the ingest's
 * defaultCurrencyCode. AdditionalGuestAmounts (extra-guest prices) have no place in the
 * contract yet and are refused rather than silently dropped.
 */
export function parseRateAmountNotif(root: XmlElement, issues: Issues, defaultCurrencyCode: string | undefined): Draft[] {
  const hotel = readHotelContainer(root, 'RateAmountMessages', issues);
  if (!hotel) return [];
  const messages = childElements(hotel.container, 'RateAmountMessage');
  if (messages.length === 0) issues.add(`${hotel.container.path}/RateAmountMessage`, 'INGEST.MISSING', 'at least one RateAmountMessage is required');
  const drafts: Draft[] = [];
  for (const message of messages) {
    const before = issues.count;
    const sac = requireChild(message, 'StatusApplicationControl', issues);
    const control = sac && readApplicationControl(sac, issues);
    const ratesElement = childElement(message, 'Rates');
    const rates = ratesElement ? childElements(ratesElement, 'Rate') : [];
    if (rates.length === 0) issues.add(`${message.path}/Rates/Rate`, 'INGEST.MISSING', 'at least one Rate is required');
    const perRate = rates.map((rate) => readRate(rate, issues, defaultCurrencyCode));
    if (!control || hotel.hotelCode === undefined || issues.count > before) continue;
    for (const occupancies of perRate) {
      drafts.push({
        type: 'AriUpdate',
        origin: { path: message.path, locatorId: nonEmpty(attribute(message, 'LocatorID')), uniqueId: readUniqueId(message) },
        body: { hotelCode: hotel.hotelCode, ...control, availability: undefined, rates: occupancies, restrictions: undefined },
      });
    }
  }
  return drafts;
}

function readRate(rate: XmlElement, issues: Issues, defaultCurrencyCode: string | undefined): upstreamV1.OccupancyRate[] {
  for (const name of ['Start', 'End']) {
    if (attribute(rate, name) !== undefined) issues.add(attributePath(rate.path, name), 'INGEST.UNSUPPORTED', 'dates on a Rate are not supported; StatusApplicationControl gives the dates');
  }
  if (childElement(rate, 'AdditionalGuestAmounts')) {
    issues.add(`${rate.path}/AdditionalGuestAmounts`, 'INGEST.UNSUPPORTED', 'extra-guest amounts are not supported yet');
  }
  const container = requireChild(rate, 'BaseByGuestAmts', issues);
  const amounts = container ? childElements(container, 'BaseByGuestAmt') : [];
  if (container && amounts.length === 0) issues.add(`${container.path}/BaseByGuestAmt`, 'INGEST.MISSING', 'at least one BaseByGuestAmt is required');
  const seen = new Set<string>();
  const result: upstreamV1.OccupancyRate[] = [];
  for (const amount of amounts) {
    const occupancy = readOccupancyRate(amount, rate, issues, defaultCurrencyCode);
    if (!occupancy) continue;
    const key = `${occupancy.numberOfGuests}/${occupancy.ageQualifyingCode}`;
    if (seen.has(key)) issues.add(amount.path, 'INGEST.CONFLICT', `a second price for ${occupancy.numberOfGuests || 'any number of'} guest(s)${occupancy.ageQualifyingCode ? ` (AgeQualifyingCode ${occupancy.ageQualifyingCode})` : ''} in the same Rate`);
    seen.add(key);
    result.push(occupancy);
  }
  return result;
}

function readOccupancyRate(amount: XmlElement, rate: XmlElement, issues: Issues, defaultCurrencyCode: string | undefined): upstreamV1.OccupancyRate | undefined {
  const before = issues.count;
  const guestsRaw = attribute(amount, 'NumberOfGuests');
  const numberOfGuests = guestsRaw === undefined ? 0 : parseWholeNumber(guestsRaw, attributePath(amount.path, 'NumberOfGuests'), issues, { what: 'NumberOfGuests' });
  if (numberOfGuests === 0 && guestsRaw !== undefined) issues.add(attributePath(amount.path, 'NumberOfGuests'), 'INGEST.BAD_VALUE', 'NumberOfGuests must be at least 1');
  const amounts = readAmountPair(amount, rate, issues, defaultCurrencyCode);
  if (!amounts || numberOfGuests === undefined || issues.count > before) return undefined;
  return { numberOfGuests, ageQualifyingCode: attribute(amount, 'AgeQualifyingCode') ?? '', amountAfterTax: amounts.amountAfterTax, amountBeforeTax: amounts.amountBeforeTax };
}
