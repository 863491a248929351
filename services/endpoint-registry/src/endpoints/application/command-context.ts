import type { Actor } from '@bakuun/endpoint-domain';

/** Who asks, for which partner, and how to recognise a retry of the same request. */
export interface CommandContext {
  partnerId: string;
  actor: Actor;
  /** Client request id: a retried command returns the first result. */
  requestId: string;
  correlationId: string;
  /** Client-side optimistic check; 0 = none (the runner then retries conflicts itself). */
  expectedVersion: number;
}
