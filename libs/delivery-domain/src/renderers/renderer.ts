import type { EndpointCategory } from '@bakuun/endpoint-domain';
import type { AppliedMappingChange } from '../mapping-state';
import type { UpstreamMessage } from '../upstream-message';

/** What a renderer gets: the message, its upstream ordinal and, for MAPPING, the hotel's mapping after the change. */
export interface RenderContext {
  readonly message: UpstreamMessage;
  /** Increases with upstream order per partner and hotel (microsecond-based); ARI 2025-09-01's `sequence`. */
  readonly ordinal: number;
  readonly mapping?: AppliedMappingChange;
}

/**
 * One payload shape: a category at one API version. Bodies follow the Standard Webhooks
 * recommendation `{type, timestamp, data}`; the catalog's changelog paths are relative to
 * `data` (for ARI, to each element of `data.updates`).
 */
export interface Renderer {
  readonly category: EndpointCategory;
  readonly version: string;
  eventType(context: RenderContext): string;
  data(context: RenderContext): unknown;
}

export type JsonObject = { [key: string]: unknown };

/** Adds `key: value` only when value is not undefined: an absent field means "not stated / unchanged". */
export function stated<T extends JsonObject>(target: T, key: string, value: unknown): T {
  if (value !== undefined) (target as JsonObject)[key] = value;
  return target;
}
