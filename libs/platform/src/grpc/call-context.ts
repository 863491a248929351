import type { Metadata } from '@grpc/grpc-js';
import { UnauthenticatedError, ValidationError } from '@bakuun/errors';

export const PARTNER_ID_METADATA = 'x-partner-id';
export const ACTOR_KIND_METADATA = 'x-actor-kind';
export const ACTOR_ID_METADATA = 'x-actor-id';
export const CORRELATION_ID_METADATA = 'x-correlation-id';

export interface CallActor {
  kind: 'USER' | 'SERVICE' | 'SYSTEM';
  id: string;
}

export interface CallContext {
  partnerId: string;
  actor: CallActor;
  correlationId: string;
}

const PARTNER_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const ACTOR_KINDS = new Set(['USER', 'SERVICE', 'SYSTEM']);

function single(metadata: Metadata, key: string): string | undefined {
  const [value] = metadata.get(key);
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * Who is calling and for which partner, from gRPC call metadata. In production these are set
 * by the console / service mesh after authenticating the caller.
 */
export function callContextFrom(metadata: Metadata, fallbackCorrelationId: string): CallContext {
  const partnerId = single(metadata, PARTNER_ID_METADATA);
  if (!partnerId) throw new UnauthenticatedError('CALL.PARTNER_MISSING', `Call metadata "${PARTNER_ID_METADATA}" is required: every call is scoped to a partner`);
  if (!PARTNER_ID.test(partnerId)) throw new ValidationError('CALL.PARTNER_INVALID', `Call metadata "${PARTNER_ID_METADATA}" must be 1-64 letters, digits, "_", "." or "-"`, { field: PARTNER_ID_METADATA });
  const kind = (single(metadata, ACTOR_KIND_METADATA) ?? 'USER').toUpperCase();
  if (!ACTOR_KINDS.has(kind)) throw new ValidationError('CALL.ACTOR_INVALID', `Call metadata "${ACTOR_KIND_METADATA}" must be user, service or system`, { field: ACTOR_KIND_METADATA });
  const actorId = single(metadata, ACTOR_ID_METADATA);
  if (!actorId) throw new UnauthenticatedError('CALL.ACTOR_MISSING', `Call metadata "${ACTOR_ID_METADATA}" is required: every event records its actor`);
  return {
    partnerId,
    actor: { kind: kind as CallActor['kind'], id: actorId.slice(0, 128) },
    correlationId: single(metadata, CORRELATION_ID_METADATA) ?? fallbackCorrelationId,
  };
}
