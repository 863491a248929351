import { attributePath, type Issues } from '../issues';
import { parseAmount, parseCurrencyCode, type AmountPair } from '../values/money';
import { attribute, type XmlElement } from '../xml-tree';


/**
 * AmountBeforeTax / AmountAfterTax of an OTA amount element (at least one), in the element's
 * CurrencyCode, else its parent's, else the default currency, honouring DecimalPlaces (see
 * parseAmount for the policy).
 */
export function readAmountPair(element: XmlElement, parent: XmlElement | undefined, issues: Issues, defaultCurrencyCode: string | undefined): AmountPair | undefined {
  const before = issues.count;
  const afterRaw = attribute(element, 'AmountAfterTax');
  const beforeRaw = attribute(element, 'AmountBeforeTax');
  if (afterRaw === undefined && beforeRaw === undefined) {
    issues.add(attributePath(element.path, 'AmountAfterTax'), 'INGEST.MISSING', 'AmountAfterTax or AmountBeforeTax is required');
    return undefined;
  }
  const currencyCode = readCurrency(element, parent, issues, defaultCurrencyCode);
  if (currencyCode === undefined) return undefined;
  const decimalPlaces = { raw: attribute(element, 'DecimalPlaces'), path: attributePath(element.path, 'DecimalPlaces') };
  const money = (name: string, raw: string | undefined) =>
    raw === undefined ? undefined : parseAmount({ raw, path: attributePath(element.path, name) }, currencyCode, issues, decimalPlaces);
  const pair = { amountBeforeTax: money('AmountBeforeTax', beforeRaw), amountAfterTax: money('AmountAfterTax', afterRaw) };
  return issues.count > before ? undefined : pair;
}

/** The element's CurrencyCode, else its parent's, else the default; the MISSING issue names the element's attribute. */
function readCurrency(element: XmlElement, parent: XmlElement | undefined, issues: Issues, defaultCurrencyCode: string | undefined): string | undefined {
  for (const candidate of [element, parent]) {
    const raw = candidate && attribute(candidate, 'CurrencyCode');
    if (candidate && raw !== undefined) return parseCurrencyCode({ raw, path: attributePath(candidate.path, 'CurrencyCode') }, issues);
  }
  if (defaultCurrencyCode !== undefined) return defaultCurrencyCode;
  issues.add(attributePath(element.path, 'CurrencyCode'), 'INGEST.MISSING', 'no CurrencyCode here or on the enclosing element, and no default currency was given');
  return undefined;
}
