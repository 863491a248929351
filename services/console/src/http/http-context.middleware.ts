import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { Histogram } from 'prom-client';
import type { ServiceMetrics } from '@bakuun/platform';
import type { ConsoleRequest } from './console-request';
import { securityHeaders } from './security-headers';

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * First on every request: a request id (the caller's `X-Request-Id` when well-formed), the
 * security headers, and the request's latency by route and status once it is answered.
 */
export function httpContext(metrics: ServiceMetrics, tls: boolean): (request: Request, response: Response, next: NextFunction) => void {
  const latency = new Histogram({
    name: 'http_server_request_duration_seconds',
    help: 'HTTP request latency by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [metrics.registry],
  });
  return (request, response, next) => {
    const started = process.hrtime.bigint();
    const header = request.header('x-request-id');
    const requestId = header && REQUEST_ID.test(header) ? header : randomUUID();
    (request as ConsoleRequest).requestId = requestId;
    response.setHeader('X-Request-Id', requestId);
    for (const [name, value] of Object.entries(securityHeaders(request.path, tls))) response.setHeader(name, value);
    response.once('finish', () => {
      const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
      latency.observe({ method: request.method, route, status: String(response.statusCode) }, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}
