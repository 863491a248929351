export interface Redeliver {
  readonly partnerId: string;
  readonly requestId: string;
  readonly messageId: string;
  /** Absent: every endpoint that has a delivery of the message. */
  readonly endpointId?: string;
}

export interface RedeliverResult {
  readonly deliveryIds: string[];
}
