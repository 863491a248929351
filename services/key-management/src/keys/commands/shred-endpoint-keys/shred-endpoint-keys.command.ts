/** From the registry's EndpointDeleted event. */
export interface ShredEndpointKeysInput {
  endpointId: string;
  deletedAt: Date;
}

export type ShredOutcome = 'SHREDDED' | 'ALREADY_SHREDDED' | 'UNKNOWN_ENDPOINT';
