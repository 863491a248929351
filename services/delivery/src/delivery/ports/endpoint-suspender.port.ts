import type { EndpointRef } from './signing-secret-source.port';

/** Asks the registry (the only writer of endpoint streams) to suspend an endpoint whose receiver answered 410 Gone. */
export interface EndpointSuspender {
  suspendReceiverGone(endpoint: EndpointRef, requestId: string): Promise<void>;
}
