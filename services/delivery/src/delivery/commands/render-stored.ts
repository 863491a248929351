import { renderPayload, type AppliedMappingChange, type RenderedPayload, type UpstreamCategory } from '@bakuun/delivery-domain';
import { decodeUpstream } from '../ingest/upstream.proto-mapper';
import type { StoredMessage } from '../persistence/message.repository';

/** Renders a retained message again, with its original ordinal and mapping result. */
export function renderStored(stored: StoredMessage, apiVersion: string): RenderedPayload {
  const message = decodeUpstream(stored.category as UpstreamCategory, stored.payload);
  const mapping = stored.mapping ? (JSON.parse(stored.mapping) as AppliedMappingChange) : undefined;
  return renderPayload({ message, ordinal: stored.ordinal, ...(mapping ? { mapping } : {}) }, apiVersion);
}
