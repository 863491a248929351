import type { Metadata } from '@grpc/grpc-js';
import { callMetadata } from '@bakuun/platform';

/** Who a platform call is made for: the signed-in operator, scoped to their partner. */
export interface OperatorCall {
  partnerId: string;
  operatorId: string;
  /** The console request's id, carried to every service as the correlation id. */
  correlationId: string;
}

export function operatorMetadata(call: OperatorCall): Metadata {
  return callMetadata(call.partnerId, { kind: 'USER', id: call.operatorId }, call.correlationId);
}
