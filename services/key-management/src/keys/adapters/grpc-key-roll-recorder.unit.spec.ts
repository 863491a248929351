import { Metadata, status } from '@grpc/grpc-js';
import { TimeoutError } from 'rxjs';
import { classifyRecordingError } from './grpc-key-roll-recorder';

function grpcError(code: status, details: string, errorCode?: string) {
  const metadata = new Metadata();
  if (errorCode) metadata.set('x-error-code', errorCode);
  return Object.assign(new Error(details), { code, details, metadata });
}

describe('classifyRecordingError', () => {
  it.each([
    [status.FAILED_PRECONDITION, 'ENDPOINT.KEY_ROLL_STALE', 'FAILED_PRECONDITION'],
    [status.INVALID_ARGUMENT, 'ENDPOINT.KEY_EXPIRY_IN_PAST', 'VALIDATION'],
    [status.NOT_FOUND, 'ENDPOINT.DELETED', 'NOT_FOUND'],
  ])('a registry answer with status %s is a refusal: the roll was not recorded and never will be', (code, errorCode, category) => {
    const classified = classifyRecordingError(grpcError(code, 'refused for a reason', errorCode));
    expect(classified.outcome).toBe('refused');
    expect(classified.refusal).toMatchObject({ code: errorCode, category });
    expect(classified.refusal!.message).toContain('refused for a reason');
  });

  it.each([
    ['unreachable', grpcError(status.UNAVAILABLE, 'No connection established')],
    ['deadline', grpcError(status.DEADLINE_EXCEEDED, 'Deadline exceeded')],
    ['internal', grpcError(status.INTERNAL, 'Internal error')],
    ['conflict after retries', grpcError(status.ABORTED, 'Stream conflict')],
    ['client-side timeout', new TimeoutError()],
    ['anything else', new Error('socket hang up')],
  ])('%s leaves the outcome unknown: the roll stays pending', (_what, error) => {
    expect(classifyRecordingError(error)).toMatchObject({ outcome: 'unknown', refusal: null });
  });

  it('falls back to a generic code when the trailer is missing or malformed', () => {
    expect(classifyRecordingError(grpcError(status.FAILED_PRECONDITION, 'x', 'bad code')).refusal!.code).toBe('KEY.ROLL_REFUSED');
    expect(classifyRecordingError(grpcError(status.FAILED_PRECONDITION, 'x')).refusal!.code).toBe('KEY.ROLL_REFUSED');
  });
});
