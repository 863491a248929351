import type { AutoSuspendFigure } from '@bakuun/metrics-domain';

export interface SuspendRequest {
  endpointId: string;
  partnerId: string;
  /** Deterministic per failing run: a retried call suspends once. */
  requestId: string;
  figure: AutoSuspendFigure;
}

/** SUSPENDED: the registry holds the endpoint suspended; GONE: it no longer exists. Anything else throws and is retried. */
export type SuspendOutcome = 'SUSPENDED' | 'GONE';

export interface EndpointSuspender {
  suspend(request: SuspendRequest): Promise<SuspendOutcome>;
}
