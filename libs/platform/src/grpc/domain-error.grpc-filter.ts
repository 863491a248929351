import { ArgumentsHost, Catch, Logger, RpcExceptionFilter } from '@nestjs/common';
import { Metadata, status } from '@grpc/grpc-js';
import { Observable, throwError } from 'rxjs';
import { isDomainError } from '@bakuun/errors';
import { ERROR_CODE_TRAILER, ERROR_FIELD_TRAILER, grpcStatusByCategory } from './grpc-status';

export interface GrpcErrorStatus {
  code: status;
  details: string;
  metadata: Metadata;
}

/** Turns any error into the gRPC status a client can act on; unknown errors never leak their message. */
export function toGrpcStatus(error: unknown): GrpcErrorStatus {
  const metadata = new Metadata();
  if (isDomainError(error)) {
    metadata.set(ERROR_CODE_TRAILER, error.code);
    if (error.field) metadata.set(ERROR_FIELD_TRAILER, error.field);
    return { code: grpcStatusByCategory[error.category], details: error.message, metadata };
  }
  const grpcLike = error as { code?: unknown; details?: unknown };
  if (typeof grpcLike?.code === 'number' && typeof grpcLike.details === 'string') {
    return { code: grpcLike.code as status, details: grpcLike.details, metadata };
  }
  metadata.set(ERROR_CODE_TRAILER, 'INTERNAL.UNEXPECTED');
  return { code: status.INTERNAL, details: 'Internal error', metadata };
}

/** The one exception filter of the gRPC transport: domain code never throws RpcException. */
@Catch()
export class DomainErrorGrpcFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('grpc');

  catch(error: unknown, _host: ArgumentsHost): Observable<never> {
    const grpcStatus = toGrpcStatus(error);
    if (grpcStatus.code === status.INTERNAL) this.logger.error(error instanceof Error ? error.stack ?? error.message : String(error));
    return throwError(() => grpcStatus);
  }
}
