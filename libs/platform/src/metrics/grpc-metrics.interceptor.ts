import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable, tap } from 'rxjs';
import { toGrpcStatus } from '../grpc/domain-error.grpc-filter';
import { ServiceMetrics } from './service-metrics';

/** Records every gRPC call's latency and status code. */
@Injectable()
export class GrpcMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: ServiceMetrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const method = `${context.getClass().name}.${context.getHandler().name}`;
    const stop = this.metrics.grpcLatency.startTimer({ method });
    return next.handle().pipe(
      tap({
        complete: () => stop({ code: 'OK' }),
        error: (error: unknown) => stop({ code: String(toGrpcStatus(error).code) }),
      }),
    );
  }
}
