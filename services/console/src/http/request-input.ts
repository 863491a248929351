import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { z } from 'zod/v4';
import { parseEndpointId } from '@bakuun/endpoint-domain';
import { ValidationError } from '@bakuun/errors';
import type { FieldProblem } from '../problems/problem-details';

/** A body or query checked against its schema; every invalid field is reported, the first one as `field`. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const errors: FieldProblem[] = result.error.issues.map((issue) => ({ field: issue.path.length > 0 ? String(issue.path[0]) : 'body', message: issue.message }));
  const [first] = errors;
  const detail = errors.length === 1 ? first!.message : `${errors.length} fields are invalid: ${errors.map((e) => e.field).join(', ')}`;
  throw new ValidationError('REQUEST.INVALID', detail, { field: first!.field, details: { errors: errors.map((e) => ({ ...e })) } });
}

export function endpointIdParam(value: string): string {
  return parseEndpointId(value, 'endpointId');
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;

/** `Idempotency-Key`: a retried command answers with its first result. A request without one gets a fresh key. */
export function idempotencyKeyOf(request: Request): string {
  const header = request.header('idempotency-key');
  if (header === undefined) return randomUUID();
  if (!IDEMPOTENCY_KEY.test(header)) throw new ValidationError('REQUEST.IDEMPOTENCY_KEY_INVALID', 'Idempotency-Key must be 8-128 letters, digits or "._:-"', { field: 'Idempotency-Key' });
  return header;
}

/** `If-Match: "<version>"`: the endpoint version the operator saw; 0 (no check) when absent. */
export function expectedVersionOf(request: Request): number {
  const header = request.header('if-match');
  if (header === undefined || header.trim() === '*') return 0;
  const match = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(header);
  if (!match) throw new ValidationError('REQUEST.IF_MATCH_INVALID', 'If-Match must be the endpoint version, e.g. "3"', { field: 'If-Match' });
  return Number(match[1]);
}
