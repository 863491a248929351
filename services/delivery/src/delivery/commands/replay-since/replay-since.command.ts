export interface ReplaySince {
  readonly partnerId: string;
  readonly requestId: string;
  readonly endpointId: string;
  readonly since: Date;
}

export interface ReplaySinceResult {
  readonly created: number;
  readonly rescheduled: number;
  readonly retainedSince: string;
}
