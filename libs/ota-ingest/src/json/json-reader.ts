import type { Issues } from '../issues';
import { parseAmount, parseCurrencyCode, type AmountPair, type Money } from '../values/money';

export type JsonObject = Readonly<Record<string, unknown>>;

const describe = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value);

/**
 * Strict reading of our JSON documents: unknown properties are refused (so a typo, or a field
 * we do not carry such as card data, never passes silently), every issue names its path with
 * 1-based array indexes (`/updates[2]/dates/end`), like the XML paths.
 */
export class JsonReader {
  constructor(readonly issues: Issues) {}

  object(value: unknown, path: string, keys: readonly string[]): JsonObject | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.issues.add(path || '/', 'INGEST.BAD_VALUE', `expected an object, found ${describe(value)}`);
      return undefined;
    }
    for (const key of Object.keys(value)) {
      if (!keys.includes(key)) this.issues.add(`${path}/${key}`, 'INGEST.UNKNOWN_FIELD', `unknown property "${key}" (expected ${keys.join(', ')})`);
    }
    return value as JsonObject;
  }

  optionalObject(parent: JsonObject, key: string, path: string, keys: readonly string[]): JsonObject | undefined {
    return parent[key] === undefined ? undefined : this.object(parent[key], `${path}/${key}`, keys);
  }

  requiredObject(parent: JsonObject, key: string, path: string, keys: readonly string[]): JsonObject | undefined {
    if (parent[key] === undefined) return this.missing(`${path}/${key}`);
    return this.object(parent[key], `${path}/${key}`, keys);
  }

  array(parent: JsonObject, key: string, path: string, required: boolean): unknown[] | undefined {
    const value = parent[key];
    if (value === undefined) return required ? this.missing(`${path}/${key}`) : [];
    if (!Array.isArray(value)) return this.bad(`${path}/${key}`, `expected an array, found ${describe(value)}`);
    return value;
  }

  string(parent: JsonObject, key: string, path: string, required: boolean): string | undefined {
    const value = parent[key];
    if (value === undefined || value === '') return required ? this.missing(`${path}/${key}`) : undefined;
    if (typeof value !== 'string') return this.bad(`${path}/${key}`, `expected a string, found ${describe(value)}`);
    return value;
  }

  boolean(parent: JsonObject, key: string, path: string): boolean | undefined {
    const value = parent[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') return this.bad(`${path}/${key}`, `expected true or false, found ${describe(value)}`);
    return value;
  }

  /** A JSON integer; `signed` allows negatives, otherwise a negative is NEGATIVE_COUNT. */
  integer(parent: JsonObject, key: string, path: string, options: { required: boolean; signed?: boolean }): number | undefined {
    const value = parent[key];
    if (value === undefined) return options.required ? this.missing(`${path}/${key}`) : undefined;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || Math.abs(value) > 2_147_483_647) return this.bad(`${path}/${key}`, `expected a whole number, found ${JSON.stringify(value)}`);
    if (value < 0 && !options.signed) {
      this.issues.add(`${path}/${key}`, 'INGEST.NEGATIVE_COUNT', `${key} ${value} is negative`);
      return undefined;
    }
    return value === 0 ? 0 : value;
  }

  /** One of `names`; the proto enum's full name (`prefix` + name) is accepted too. */
  enumName<T extends string>(parent: JsonObject, key: string, path: string, names: readonly T[], prefix: string): T | undefined {
    const value = this.string(parent, key, path, true);
    if (value === undefined) return undefined;
    const name = (value.startsWith(prefix) ? value.slice(prefix.length) : value) as T;
    if (!names.includes(name)) return this.bad(`${path}/${key}`, `"${value}" is not one of ${names.join(', ')}`);
    return name;
  }

  /** `{ "currencyCode": "EUR", "amount": "120.00" }`; a JSON number amount is refused: floats are inexact. */
  money(parent: JsonObject, key: string, path: string): Money | undefined {
    const object = this.optionalObject(parent, key, path, ['currencyCode', 'amount']);
    if (!object) return undefined;
    const at = `${path}/${key}`;
    if (typeof object.amount === 'number') return this.bad(`${at}/amount`, 'amounts are decimal strings ("120.00"), never JSON numbers');
    const amount = this.string(object, 'amount', at, true);
    const currency = this.string(object, 'currencyCode', at, true);
    const code = currency === undefined ? undefined : parseCurrencyCode({ raw: currency, path: `${at}/currencyCode` }, this.issues);
    return code === undefined || amount === undefined ? undefined : parseAmount({ raw: amount, path: `${at}/amount` }, code, this.issues);
  }

  /** `amountBeforeTax` / `amountAfterTax` of an object; at least one. */
  amountPair(parent: JsonObject, path: string): AmountPair | undefined {
    if (parent.amountBeforeTax === undefined && parent.amountAfterTax === undefined) return this.missing(`${path}/amountAfterTax`, 'amountAfterTax or amountBeforeTax is required');
    const before = this.issues.count;
    const pair = { amountBeforeTax: this.money(parent, 'amountBeforeTax', path), amountAfterTax: this.money(parent, 'amountAfterTax', path) };
    return this.issues.count > before ? undefined : pair;
  }

  missing(path: string, message = 'is required'): undefined {
    this.issues.add(path, 'INGEST.MISSING', message);
    return undefined;
  }

  bad(path: string, message: string): undefined {
    this.issues.add(path, 'INGEST.BAD_VALUE', message);
    return undefined;
  }
}
