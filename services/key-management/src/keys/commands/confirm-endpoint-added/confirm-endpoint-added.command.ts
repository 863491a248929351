/** From the registry's EndpointAdded event: the key it recorded for the endpoint. */
export interface ConfirmEndpointAddedInput {
  endpointId: string;
  partnerId: string;
  keyId: string;
}

/** `MISMATCH`: the registry recorded a key this service did not issue for that endpoint (or for another partner). */
export type ConfirmEndpointAddedOutcome = 'CONFIRMED' | 'ALREADY_CONFIRMED' | 'UNKNOWN_ENDPOINT' | 'MISMATCH';
