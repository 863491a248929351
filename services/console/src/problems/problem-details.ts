import { status as GrpcStatus } from '@grpc/grpc-js';
import { isDomainError, type ErrorCategory, type JsonValue } from '@bakuun/errors';
import { ERROR_CODE_TRAILER, ERROR_FIELD_TRAILER } from '@bakuun/platform';
import { isGrpcFailure, UpstreamCallError, type UpstreamName } from '../upstream/upstream-call';

/** One invalid input of a request body or query. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * An RFC 9457 problem: `detail` is the platform's message (never a stack, an address or a
 * secret); `code` is the stable platform code clients switch on; `field` names the input of the
 * console's REST API that caused it, so the page shows the message next to that input.
 */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  field?: string;
  errors?: FieldProblem[];
  requestId: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLES: Record<number, string> = {
  400: 'Invalid request',
  401: 'Not signed in',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Not possible in the current state',
  413: 'Request too large',
  415: 'Unsupported content type',
  429: 'Too many attempts',
  500: 'Internal error',
  501: 'Not available yet',
  503: 'Service unavailable',
  504: 'No answer in time',
};

const HTTP_STATUS_BY_CATEGORY: Record<ErrorCategory, number> = {
  VALIDATION: 400,
  NOT_FOUND: 404,
  FAILED_PRECONDITION: 409,
  ALREADY_EXISTS: 409,
  CONFLICT: 409,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  UNAVAILABLE: 503,
  RATE_LIMITED: 429,
};

/** gRPC status → HTTP status, as grpc-gateway maps them, except FAILED_PRECONDITION (409: the state, not the input, is wrong). */
const HTTP_STATUS_BY_GRPC: Record<number, number> = {
  [GrpcStatus.CANCELLED]: 503,
  [GrpcStatus.UNKNOWN]: 500,
  [GrpcStatus.INVALID_ARGUMENT]: 400,
  [GrpcStatus.DEADLINE_EXCEEDED]: 504,
  [GrpcStatus.NOT_FOUND]: 404,
  [GrpcStatus.ALREADY_EXISTS]: 409,
  [GrpcStatus.PERMISSION_DENIED]: 403,
  [GrpcStatus.RESOURCE_EXHAUSTED]: 429,
  [GrpcStatus.FAILED_PRECONDITION]: 409,
  [GrpcStatus.ABORTED]: 409,
  [GrpcStatus.OUT_OF_RANGE]: 400,
  [GrpcStatus.UNIMPLEMENTED]: 501,
  [GrpcStatus.INTERNAL]: 500,
  [GrpcStatus.UNAVAILABLE]: 503,
  [GrpcStatus.DATA_LOSS]: 500,
  [GrpcStatus.UNAUTHENTICATED]: 401,
};

/** Codes whose platform message names no input, but which the page should show next to one. */
const FIELD_BY_CODE: Record<string, string> = {
  'OPERATOR.CREDENTIALS_REJECTED': 'password',
};

/** Platform messages written for services, reworded for an operator. Every other message passes through. */
const PLAIN_WORDS: Record<string, string> = {
  'OPERATOR.CREDENTIALS_REJECTED': 'The password was not accepted.',
  'STREAM.VERSION_CONFLICT': 'Someone changed this endpoint since the page loaded it. Reload and try again.',
};

/**
 * A platform message as an operator reads it: the endpoint they acted on is "this endpoint", not
 * its id. Messages written for services are replaced outright (PLAIN_WORDS).
 */
export function plainWords(code: string, message: string): string {
  return PLAIN_WORDS[code] ?? message.replace(/\bEndpoint ep_[a-z0-9]{26}\b/g, 'This endpoint').replace(/\bendpoint ep_[a-z0-9]{26}\b/g, 'this endpoint');
}

/**
 * The console's name for a field a platform service reported: gRPC field names are snake_case
 * and may carry an index or a path (`methods[1]`, `reason.manual.note`).
 */
export function restFieldOf(grpcField: string): string {
  const known: Record<string, string> = { 'reason.manual.note': 'note', endpoint_id: 'endpointId', old_key_expiry: 'oldKeyExpiry', api_version: 'apiVersion' };
  if (known[grpcField]) return known[grpcField];
  const withoutIndex = grpcField.replace(/\[\d+\]/g, '');
  const last = withoutIndex.split('.').pop() ?? withoutIndex;
  return last.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function single(metadata: { get(key: string): unknown[] } | undefined, key: string): string | undefined {
  const [value] = metadata?.get(key) ?? [];
  if (typeof value === 'string' && value.length > 0) return value;
  if (Buffer.isBuffer(value) && value.length > 0) return value.toString('utf8');
  return undefined;
}

interface Problem {
  status: number;
  code: string;
  detail: string;
  field?: string;
  errors?: FieldProblem[];
}

const SERVICE_NAMES: Record<UpstreamName, { subject: string; object: string }> = {
  'endpoint registry': { subject: 'The endpoint registry', object: 'the endpoint registry' },
  'key management': { subject: 'Key management', object: 'key management' },
};

/** What a transport failure means to an operator; addresses and library messages are not shown. */
function transportProblem(service: UpstreamName, grpcCode: number, requestId: string): Problem {
  const { subject, object } = SERVICE_NAMES[service];
  switch (grpcCode) {
    case GrpcStatus.DEADLINE_EXCEEDED:
      return { status: 504, code: 'CONSOLE.UPSTREAM_TIMEOUT', detail: `${subject} did not answer in time. Try again in a moment.` };
    case GrpcStatus.UNAVAILABLE:
    case GrpcStatus.CANCELLED:
      return { status: 503, code: 'CONSOLE.UPSTREAM_UNAVAILABLE', detail: `${subject} cannot be reached right now. Try again in a moment.` };
    case GrpcStatus.UNIMPLEMENTED:
      return { status: 501, code: 'CONSOLE.UPSTREAM_UNIMPLEMENTED', detail: `${subject} does not offer this operation yet.` };
    default:
      return {
        status: HTTP_STATUS_BY_GRPC[grpcCode] ?? 500,
        code: 'CONSOLE.UPSTREAM_FAILED',
        detail: `Something went wrong in ${object}. Try again; if it keeps happening, contact support with request id ${requestId}.`,
      };
  }
}

function upstreamProblem(error: UpstreamCallError, requestId: string): Problem {
  const failure = error.cause;
  if ((failure as { name?: unknown } | null)?.name === 'TimeoutError') return transportProblem(error.service, GrpcStatus.DEADLINE_EXCEEDED, requestId);
  if (!isGrpcFailure(failure)) return transportProblem(error.service, GrpcStatus.UNKNOWN, requestId);
  const code = single(failure.metadata, ERROR_CODE_TRAILER);
  // Only the platform's exception filter sets the code trailer, and only on client-safe messages.
  if (!code || code === 'INTERNAL.UNEXPECTED' || failure.code === GrpcStatus.INTERNAL) return transportProblem(error.service, failure.code, requestId);
  const grpcField = single(failure.metadata, ERROR_FIELD_TRAILER);
  const field = grpcField ? restFieldOf(grpcField) : FIELD_BY_CODE[code];
  return {
    status: HTTP_STATUS_BY_GRPC[failure.code] ?? 500,
    code,
    detail: plainWords(code, failure.details),
    ...(field ? { field } : {}),
  };
}

function fieldProblems(value: JsonValue | undefined): FieldProblem[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const problems = value.filter((p): p is { field: string; message: string } => typeof p === 'object' && p !== null && !Array.isArray(p) && typeof (p as Record<string, unknown>).field === 'string' && typeof (p as Record<string, unknown>).message === 'string');
  return problems.map(({ field, message }) => ({ field, message }));
}

/** Errors Nest raises itself (unknown route, malformed JSON, body too large). */
function httpExceptionProblem(error: { getStatus(): number; message: string }): Problem {
  const status = error.getStatus();
  if (status === 404) return { status, code: 'HTTP.NOT_FOUND', detail: 'There is nothing at this address.' };
  if (status === 413) return { status, code: 'HTTP.BODY_TOO_LARGE', detail: 'The request body is too large.' };
  if (status === 400) return { status, code: 'HTTP.BODY_MALFORMED', detail: 'The request body is not valid JSON.' };
  return { status, code: `HTTP.STATUS_${status}`, detail: TITLES[status] ?? 'The request could not be handled.' };
}

function isHttpException(error: unknown): error is { getStatus(): number; message: string } {
  return typeof (error as { getStatus?: unknown } | null)?.getStatus === 'function';
}

function problemOf(error: unknown, requestId: string): Problem {
  if (error instanceof UpstreamCallError) return upstreamProblem(error, requestId);
  if (isDomainError(error)) {
    const errors = fieldProblems(error.details?.errors);
    return {
      status: HTTP_STATUS_BY_CATEGORY[error.category],
      code: error.code,
      detail: error.message,
      ...(error.field ? { field: error.field } : {}),
      ...(errors ? { errors } : {}),
    };
  }
  if (isHttpException(error)) return httpExceptionProblem(error);
  return { status: 500, code: 'INTERNAL.UNEXPECTED', detail: `Something went wrong in the console. Try again; if it keeps happening, contact support with request id ${requestId}.` };
}

/** Any error → the problem document the REST API answers with. */
export function toProblemDetails(error: unknown, instance: string, requestId: string): ProblemDetails {
  const problem = problemOf(error, requestId);
  return {
    type: `urn:bakuun:problem:${problem.code}`,
    title: TITLES[problem.status] ?? 'Error',
    status: problem.status,
    detail: problem.detail,
    instance,
    code: problem.code,
    ...(problem.field ? { field: problem.field } : {}),
    ...(problem.errors ? { errors: problem.errors } : {}),
    requestId,
  };
}
