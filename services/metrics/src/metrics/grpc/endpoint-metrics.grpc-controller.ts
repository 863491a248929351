import { Controller, UseFilters, UseInterceptors } from '@nestjs/common';
import type { Metadata } from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { metricsServiceV1 } from '@bakuun/contracts';
import { parseEndpointId } from '@bakuun/endpoint-domain';
import { callContextFrom, DomainErrorGrpcFilter, GrpcMetricsInterceptor } from '@bakuun/platform';
import { failureClassCounts, rfc3339, toEndpointMetrics, toProtoFailureClass, toProtoHealthState } from '../application/metrics.proto-mapper';
import { GetEndpointMetricsQuery } from '../get-endpoint-metrics/get-endpoint-metrics.query';
import { ListErrorRatesQuery } from '../list-error-rates/list-error-rates.query';

/** Thin adapter: proto → query → proto. Every call is scoped to the partner of its metadata. */
@Controller()
@UseFilters(DomainErrorGrpcFilter)
@UseInterceptors(GrpcMetricsInterceptor)
@metricsServiceV1.EndpointMetricsServiceControllerMethods()
export class EndpointMetricsGrpcController implements metricsServiceV1.EndpointMetricsServiceController {
  constructor(
    private readonly getMetrics: GetEndpointMetricsQuery,
    private readonly listRates: ListErrorRatesQuery,
  ) {}

  async getEndpointMetrics(request: metricsServiceV1.GetEndpointMetricsRequest, metadata: Metadata): Promise<metricsServiceV1.GetEndpointMetricsResponse> {
    const { partnerId } = callContextFrom(metadata, randomUUID());
    const report = await this.getMetrics.execute(partnerId, parseEndpointId(request.endpointId, 'endpoint_id'));
    return { metrics: toEndpointMetrics(report) };
  }

  async listErrorRates(request: metricsServiceV1.ListErrorRatesRequest, metadata: Metadata): Promise<metricsServiceV1.ListErrorRatesResponse> {
    const { partnerId } = callContextFrom(metadata, randomUUID());
    const page = await this.listRates.execute(partnerId, request.pageSize, request.pageToken);
    return {
      endpoints: page.endpoints.map((s) => ({
        endpointId: s.endpointId,
        computedAt: rfc3339(s.computedAt),
        ...(s.figures.errorRate1h === null ? {} : { errorRateLastHour: s.figures.errorRate1h }),
        ...(s.figures.errorRate24h === null ? {} : { errorRateLastDay: s.figures.errorRate24h }),
        attemptsLastHour: s.figures.attempts1h,
        attemptsLastDay: s.figures.attempts24h,
        state: toProtoHealthState(s.figures.state),
        lastFailureClass: toProtoFailureClass(s.figures.lastFailureClass),
        failuresByClassLastDay: failureClassCounts(s.failuresByClass24h),
      })),
      nextPageToken: page.nextPageToken,
    };
  }
}
