import type { Response } from 'express';
import { forRequest, PROBLEM_CONTENT_TYPE, type Problem } from '../../rules/problem';

/** Writes a problem document with its `Retry-After` header; the one way the edge answers an error. */
export function sendProblem(res: Response, p: Problem, instance: string, requestId: string): void {
  const stamped = forRequest(p, instance, requestId);
  if (stamped.retryAfter !== undefined) res.setHeader('Retry-After', String(stamped.retryAfter));
  res.status(stamped.status).setHeader('Content-Type', PROBLEM_CONTENT_TYPE);
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify(stamped));
}
