import { lastValueFrom, Observable, timeout, toArray } from 'rxjs';

/** The platform services the console calls, named as an operator would read them in an error. */
export type UpstreamName = 'endpoint registry' | 'key management';

/** A gRPC call that failed (status, transport or deadline), with the service it was sent to. */
export class UpstreamCallError extends Error {
  constructor(
    readonly service: UpstreamName,
    override readonly cause: unknown,
  ) {
    super(`${service} call failed: ${isGrpcFailure(cause) ? `${cause.code} ${cause.details}` : cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'UpstreamCallError';
  }
}

/** The gRPC failure shape @grpc/grpc-js reports (ServiceError), read without trusting it. */
export interface GrpcFailureLike {
  code: number;
  details: string;
  metadata?: { get(key: string): unknown[] };
}

export function isGrpcFailure(value: unknown): value is GrpcFailureLike {
  const candidate = value as Partial<GrpcFailureLike> | null;
  return typeof candidate === 'object' && candidate !== null && typeof candidate.code === 'number' && typeof candidate.details === 'string';
}

/**
 * One unary call with a deadline: unsubscribing on timeout cancels the gRPC call, so a slow
 * backend never holds the browser's request longer than `timeoutMs`.
 */
export async function callUpstream<T>(service: UpstreamName, call: Observable<T>, timeoutMs: number): Promise<T> {
  try {
    return await lastValueFrom(call.pipe(timeout(timeoutMs)));
  } catch (error) {
    throw new UpstreamCallError(service, error);
  }
}

/** Every message of a server stream, under one deadline for the whole stream. */
export async function collectUpstream<T>(service: UpstreamName, call: Observable<T>, timeoutMs: number): Promise<T[]> {
  try {
    return await lastValueFrom(call.pipe(toArray(), timeout(timeoutMs)));
  } catch (error) {
    throw new UpstreamCallError(service, error);
  }
}
