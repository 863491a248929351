import { Metadata, status } from '@grpc/grpc-js';
import { NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { TimeoutError } from 'rxjs';
import { PermissionDeniedError, UnauthenticatedError, ValidationError } from '@bakuun/errors';
import { UpstreamCallError } from '../upstream/upstream-call';
import { plainWords, restFieldOf, toProblemDetails } from './problem-details';

const REQUEST_ID = 'req-0001';

function grpcFailure(code: status, details: string, trailers: Record<string, string> = {}) {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value);
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata });
}

const fromRegistry = (code: status, details: string, trailers?: Record<string, string>) =>
  toProblemDetails(new UpstreamCallError('endpoint registry', grpcFailure(code, details, trailers)), '/api/endpoints/ep_x/url', REQUEST_ID);

describe('problem details from gRPC errors', () => {
  it('carries the platform’s code and message, and names the REST field that caused it', () => {
    expect(fromRegistry(status.INVALID_ARGUMENT, 'Endpoint URL must use https', { 'x-error-code': 'ENDPOINT.URL_NOT_HTTPS', 'x-error-field': 'url' })).toEqual({
      type: 'urn:bakuun:problem:ENDPOINT.URL_NOT_HTTPS',
      title: 'Invalid request',
      status: 400,
      detail: 'Endpoint URL must use https',
      instance: '/api/endpoints/ep_x/url',
      code: 'ENDPOINT.URL_NOT_HTTPS',
      field: 'url',
      requestId: REQUEST_ID,
    });
  });

  it.each([
    [status.INVALID_ARGUMENT, 400],
    [status.NOT_FOUND, 404],
    [status.ALREADY_EXISTS, 409],
    [status.FAILED_PRECONDITION, 409],
    [status.ABORTED, 409],
    [status.UNAUTHENTICATED, 401],
    [status.PERMISSION_DENIED, 403],
    [status.RESOURCE_EXHAUSTED, 429],
    [status.UNAVAILABLE, 503],
  ])('maps gRPC status %i with a platform code to HTTP %i', (code, httpStatus) => {
    const problem = fromRegistry(code, 'A message', { 'x-error-code': 'SOME.CODE' });
    expect(problem).toMatchObject({ status: httpStatus, code: 'SOME.CODE', detail: 'A message' });
  });

  it('says "this endpoint" instead of an endpoint id', () => {
    const problem = fromRegistry(status.FAILED_PRECONDITION, 'Endpoint ep_2e8h4p8g77srsn7jpdf9736bkx needs a URL before it can be activated', { 'x-error-code': 'ENDPOINT.URL_REQUIRED', 'x-error-field': 'url' });
    expect(problem.detail).toBe('This endpoint needs a URL before it can be activated');
    expect(plainWords('X.Y', 'Another key roll of endpoint ep_2e8h4p8g77srsn7jpdf9736bkx is in progress')).toBe('Another key roll of this endpoint is in progress');
  });

  it('puts a rejected password next to the password field, in plain words', () => {
    const problem = toProblemDetails(
      new UpstreamCallError('key management', grpcFailure(status.UNAUTHENTICATED, 'Operator credentials were rejected', { 'x-error-code': 'OPERATOR.CREDENTIALS_REJECTED' })),
      '/api/endpoints/ep_x/key/roll',
      REQUEST_ID,
    );
    expect(problem).toMatchObject({ status: 401, code: 'OPERATOR.CREDENTIALS_REJECTED', field: 'password', detail: 'The password was not accepted.' });
  });

  it('never shows transport details: an unreachable service is named, its address is not', () => {
    const problem = fromRegistry(status.UNAVAILABLE, 'No connection established. Last error: connect ECONNREFUSED 10.0.0.7:50051');
    expect(problem).toMatchObject({ status: 503, code: 'CONSOLE.UPSTREAM_UNAVAILABLE', detail: 'The endpoint registry cannot be reached right now. Try again in a moment.' });
    expect(JSON.stringify(problem)).not.toContain('10.0.0.7');
  });

  it('hides internal errors behind a message with the request id', () => {
    const problem = fromRegistry(status.INTERNAL, 'Internal error', { 'x-error-code': 'INTERNAL.UNEXPECTED' });
    expect(problem).toMatchObject({ status: 500, code: 'CONSOLE.UPSTREAM_FAILED' });
    expect(problem.detail).toContain(REQUEST_ID);
    expect(fromRegistry(status.UNKNOWN, 'TypeError: x is undefined at /srv/app.js:10').detail).not.toContain('TypeError');
  });

  it('reports a deadline as 504, whether gRPC or the console’s own timeout hit it', () => {
    expect(fromRegistry(status.DEADLINE_EXCEEDED, 'Deadline exceeded')).toMatchObject({ status: 504, code: 'CONSOLE.UPSTREAM_TIMEOUT' });
    const timedOut = toProblemDetails(new UpstreamCallError('key management', new TimeoutError()), '/api/key-expiry-choices', REQUEST_ID);
    expect(timedOut).toMatchObject({ status: 504, detail: 'Key management did not answer in time. Try again in a moment.' });
  });

  it('reports an RPC the service lacks as not available yet', () => {
    expect(toProblemDetails(new UpstreamCallError('key management', grpcFailure(status.UNIMPLEMENTED, 'The server does not implement the method')), '/api/session', REQUEST_ID)).toMatchObject({
      status: 501,
      code: 'CONSOLE.UPSTREAM_UNIMPLEMENTED',
    });
  });
});

describe('problem details of the console’s own errors', () => {
  it('maps domain error categories to HTTP statuses', () => {
    expect(toProblemDetails(new UnauthenticatedError('CONSOLE.SIGN_IN_REQUIRED', 'Sign in to continue.'), '/api/endpoints', REQUEST_ID)).toMatchObject({ status: 401, title: 'Not signed in' });
    expect(toProblemDetails(new PermissionDeniedError('CONSOLE.CSRF_TOKEN_MISMATCH', 'Reload.'), '/api/endpoints', REQUEST_ID)).toMatchObject({ status: 403, code: 'CONSOLE.CSRF_TOKEN_MISMATCH' });
  });

  it('lists every invalid field of a request', () => {
    const error = new ValidationError('REQUEST.INVALID', '2 fields are invalid: url, methods', {
      field: 'url',
      details: { errors: [{ field: 'url', message: 'Enter a URL' }, { field: 'methods', message: 'Select at least one method' }] },
    });
    expect(toProblemDetails(error, '/api/endpoints', REQUEST_ID)).toMatchObject({
      status: 400,
      field: 'url',
      errors: [
        { field: 'url', message: 'Enter a URL' },
        { field: 'methods', message: 'Select at least one method' },
      ],
    });
  });

  it('answers Nest’s own errors and unknown errors without their internals', () => {
    expect(toProblemDetails(new NotFoundException(), '/nope', REQUEST_ID)).toMatchObject({ status: 404, code: 'HTTP.NOT_FOUND' });
    expect(toProblemDetails(new PayloadTooLargeException(), '/api/endpoints', REQUEST_ID)).toMatchObject({ status: 413, code: 'HTTP.BODY_TOO_LARGE' });
    const unknown = toProblemDetails(new Error('secret path /etc/keys'), '/api/endpoints', REQUEST_ID);
    expect(unknown).toMatchObject({ status: 500, code: 'INTERNAL.UNEXPECTED' });
    expect(unknown.detail).not.toContain('/etc/keys');
  });
});

describe('restFieldOf', () => {
  it.each([
    ['url', 'url'],
    ['api_version', 'apiVersion'],
    ['methods[1]', 'methods'],
    ['old_key_expiry', 'oldKeyExpiry'],
    ['endpoint_id', 'endpointId'],
    ['reason.manual.note', 'note'],
    ['operator_id', 'operatorId'],
  ])('names gRPC field %s as %s', (grpc, rest) => expect(restFieldOf(grpc)).toBe(rest));
});
