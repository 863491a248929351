import type { Request } from 'express';

/** An HTTP request after the console's middleware: it has an id, echoed in `X-Request-Id` and problems. */
export interface ConsoleRequest extends Request {
  requestId: string;
}

export function requestIdOf(request: Request): string {
  return (request as Partial<ConsoleRequest>).requestId ?? 'unknown';
}
