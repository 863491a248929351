import type { upstreamV1 } from '@bakuun/contracts';
import type { Issues } from '../issues';
import { currencyMinorUnit } from './currencies';

export type Money = upstreamV1.Money;

/** Before- and after-tax amounts of one price; at least one is set. */
export interface AmountPair {
  readonly amountBeforeTax?: Money | undefined;
  readonly amountAfterTax?: Money | undefined;
}

interface Located {
  readonly raw: string | undefined;
  readonly path: string;
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** An ISO 4217 code from the list in currencies.ts; codes are case-sensitive (upper case). */
export function parseCurrencyCode(code: Located, issues: Issues): string | undefined {
  if (code.raw === undefined || code.raw === '') {
    issues.add(code.path, 'INGEST.MISSING', 'a currency code is required');
    return undefined;
  }
  if (currencyMinorUnit(code.raw) === undefined) {
    issues.add(code.path, 'INGEST.UNKNOWN_CURRENCY', `"${code.raw}" is not an active ISO 4217 currency code`);
    return undefined;
  }
  return code.raw;
}

/**
 * An exact, non-negative amount in `currencyCode`, formatted with exactly the currency's minor
 * unit of fraction digits ("200" EUR becomes "200.00").
 *
 * OTA `DecimalPlaces` policy: the OTA CurrencyAmountGroup says DecimalPlaces is "typically used
 * when the amount provided includes the minor unit of currency without a decimal point (e.g.,
 * USD 8500 needs DecimalPlaces="2" to represent $85)". So:
 * - an amount written WITHOUT a decimal point has DecimalPlaces implied digits: "8500" with
 *   DecimalPlaces="2" is 85.00;
 * - an amount written WITH a decimal point is taken as written: "200.00" with DecimalPlaces="0"
 *   (Weekendesk's documented sample) is 200. DecimalPlaces then only bounds its precision: a
 *   written amount with more significant fraction digits than DecimalPlaces ("200.50" with "0")
 *   is inconsistent and refused.
 * In both cases, significant fraction digits beyond the currency's ISO 4217 minor unit are
 * refused ("10.505" EUR, "100.5" JPY); trailing zeros are not significant.
 */
export function parseAmount(amount: Located, currencyCode: string, issues: Issues, decimalPlaces?: Located): Money | undefined {
  const exponent = currencyMinorUnit(currencyCode);
  if (exponent === undefined) return undefined;
  const raw = amount.raw;
  if (raw === undefined || raw === '') {
    issues.add(amount.path, 'INGEST.MISSING', 'an amount is required');
    return undefined;
  }
  if (/^-\d/.test(raw)) {
    issues.add(amount.path, 'INGEST.BAD_AMOUNT', `"${raw}" is negative; amounts must not be`);
    return undefined;
  }
  const match = DECIMAL.exec(raw);
  if (!match) {
    issues.add(amount.path, 'INGEST.BAD_AMOUNT', `"${raw}" is not a decimal amount (digits with an optional "." and fraction)`);
    return undefined;
  }
  let places: number | undefined;
  if (decimalPlaces?.raw !== undefined) {
    if (!/^\d$/.test(decimalPlaces.raw)) {
      issues.add(decimalPlaces.path, 'INGEST.BAD_VALUE', `"${decimalPlaces.raw}" is not a number of decimal places (0-9)`);
      return undefined;
    }
    places = Number(decimalPlaces.raw);
  }
  let integer = match[1]!;
  let fraction = match[2] ?? '';
  if (match[2] === undefined && places !== undefined && places > 0) {
    const digits = integer.padStart(places + 1, '0');
    integer = digits.slice(0, -places);
    fraction = digits.slice(-places);
  }
  const significant = fraction.replace(/0+$/, '');
  if (match[2] !== undefined && places !== undefined && significant.length > places) {
    issues.add(amount.path, 'INGEST.TOO_MANY_DECIMALS', `"${raw}" has ${significant.length} significant decimal place(s) but DecimalPlaces is ${places}`);
    return undefined;
  }
  if (significant.length > exponent) {
    issues.add(amount.path, 'INGEST.TOO_MANY_DECIMALS', `"${raw}" has ${significant.length} significant decimal place(s); ${currencyCode} allows ${exponent}`);
    return undefined;
  }
  return { currencyCode, amount: formatMinor(BigInt(integer + significant.padEnd(exponent, '0')), exponent) };
}

/** The amount in minor units (cents for EUR). */
export function toMinor(money: Money): bigint {
  return BigInt(money.amount.replace('.', ''));
}

export function fromMinor(minor: bigint, currencyCode: string): Money {
  return { currencyCode, amount: formatMinor(minor, currencyMinorUnit(currencyCode) ?? 0) };
}

function formatMinor(minor: bigint, exponent: number): string {
  const digits = minor.toString().padStart(exponent + 1, '0');
  return exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}
