import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { status } from '@grpc/grpc-js';
import { Observable, tap } from 'rxjs';
import { toGrpcStatus } from '../grpc/domain-error.grpc-filter';
import { ServiceMetrics } from './service-metrics';

/** Records every gRPC call's latency and status code, the code by name (`OK`, `INVALID_ARGUMENT`, …) as Prometheus users expect. */
@Injectable()
export class GrpcMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: ServiceMetrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const method = `${context.getClass().name}.${context.getHandler().name}`;
    const stop = this.metrics.grpcLatency.startTimer({ method });
    return next.handle().pipe(
      tap({
        complete: () => stop({ code: 'OK' }),
        error: (error: unknown) => {
          const code = toGrpcStatus(error).code;
          stop({ code: status[code] ?? String(code) });
        },
      }),
    );
  }
}
