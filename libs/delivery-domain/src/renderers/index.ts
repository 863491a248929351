import { findApiVersion, listApiVersions, type EndpointCategory } from '@bakuun/endpoint-domain';
import { ari20240401 } from './ari-2024-04-01.renderer';
import { ari20250115 } from './ari-2025-01-15.renderer';
import { ari20250901 } from './ari-2025-09-01.renderer';
import { booking20240401 } from './booking-2024-04-01.renderer';
import { booking20250115 } from './booking-2025-01-15.renderer';
import { mapping20240401 } from './mapping-2024-04-01.renderer';
import { mapping20250115 } from './mapping-2025-01-15.renderer';
import { mapping20250601 } from './mapping-2025-06-01.renderer';
import type { RenderContext, Renderer } from './renderer';

export type { RenderContext, Renderer } from './renderer';

/** One renderer per category and non-retired catalog version (a unit test holds this to the catalog). */
export const RENDERERS: readonly Renderer[] = [ari20240401, ari20250115, ari20250901, mapping20240401, mapping20250115, mapping20250601, booking20240401, booking20250115];

const byKey = new Map(RENDERERS.map((r) => [`${r.category}@${r.version}`, r]));

/**
 * The version a payload is rendered in for an endpoint on `requested`: that version while it is
 * not RETIRED; a RETIRED (or unknown) one is never rendered, the endpoint gets the oldest
 * non-retired version after it (or the category's newest), the nearest shape to what it chose.
 */
export function renderVersionFor(category: EndpointCategory, requested: string): string {
  const found = findApiVersion(category, requested);
  if (found && found.status !== 'RETIRED') return found.version;
  const live = listApiVersions(category).filter((v) => v.status !== 'RETIRED');
  const successor = live.find((v) => v.version > requested) ?? live.at(-1);
  if (!successor) throw new Error(`API version catalog has no renderable version for ${category}`);
  return successor.version;
}

export interface RenderedPayload {
  readonly apiVersion: string;
  readonly eventType: string;
  /** The exact bytes sent and signed (UTF-8 JSON). */
  readonly body: string;
}

/** Renders a message for an endpoint's API version: `{type, timestamp, data}` with `timestamp` the message's production time, so every attempt sends the same bytes. */
export function renderPayload(context: RenderContext, requestedVersion: string): RenderedPayload {
  const apiVersion = renderVersionFor(context.message.category, requestedVersion);
  const renderer = byKey.get(`${context.message.category}@${apiVersion}`);
  if (!renderer) throw new Error(`No renderer for ${context.message.category} ${apiVersion}`);
  const eventType = renderer.eventType(context);
  return { apiVersion, eventType, body: JSON.stringify({ type: eventType, timestamp: context.message.producedAt, data: renderer.data(context) }) };
}
