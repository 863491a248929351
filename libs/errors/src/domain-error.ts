/** What kind of failure an error is; each transport maps a category to one status, once. */
export const ERROR_CATEGORIES = [
  'VALIDATION',
  'NOT_FOUND',
  'FAILED_PRECONDITION',
  'ALREADY_EXISTS',
  'CONFLICT',
  'UNAUTHENTICATED',
  'PERMISSION_DENIED',
  'UNAVAILABLE',
  'RATE_LIMITED',
] as const;
export type ErrorCategory = (typeof ERROR_CATEGORIES)[number];

/** Stable, dot-separated, upper-case code such as `ENDPOINT.URL_NOT_HTTPS`; clients switch on it. */
export type ErrorCode = `${Uppercase<string>}.${Uppercase<string>}`;

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };
export type ErrorDetails = { readonly [key: string]: JsonValue };

export interface DomainErrorOptions {
  /** Where the problem is, e.g. `url` or `methods[1]`. */
  readonly field?: string;
  /** Plain JSON for clients and logs; never secrets, never request bodies. */
  readonly details?: ErrorDetails;
  readonly cause?: unknown;
}

/** Brand shared by every copy of this module, so `isDomainError` survives duplicated packages. */
const DOMAIN_ERROR_BRAND = Symbol.for('bakuun.errors.DomainError');

export abstract class DomainError extends Error {
  readonly code: ErrorCode;
  readonly category: ErrorCategory;
  readonly field?: string;
  readonly details?: ErrorDetails;

  protected constructor(name: string, category: ErrorCategory, code: ErrorCode, message: string, options: DomainErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    // Set explicitly: class names change under minification and must never reach clients.
    this.name = name;
    this.code = code;
    this.category = category;
    if (options.field !== undefined) this.field = options.field;
    if (options.details !== undefined) this.details = options.details;
  }

  /** The client-safe view: no stack, no cause. */
  toJSON(): { name: string; code: ErrorCode; category: ErrorCategory; message: string; field?: string; details?: ErrorDetails } {
    return {
      name: this.name,
      code: this.code,
      category: this.category,
      message: this.message,
      ...(this.field === undefined ? {} : { field: this.field }),
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}
Object.defineProperty(DomainError.prototype, DOMAIN_ERROR_BRAND, { value: true });

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError || (value instanceof Error && (value as unknown as Record<symbol, unknown>)[DOMAIN_ERROR_BRAND] === true);
}
