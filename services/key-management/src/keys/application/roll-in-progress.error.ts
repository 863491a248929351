import { DomainError } from '@bakuun/errors';

/** Another roll of the endpoint is stored and not yet committed or abandoned: one roll at a time (ABORTED). */
export class RollInProgressError extends DomainError {
  constructor(endpointId: string, options?: { cause?: unknown }) {
    super('ConcurrencyError', 'CONFLICT', 'KEY.ROLL_IN_PROGRESS', `Another key roll of endpoint ${endpointId} is in progress; retry once it is committed or abandoned`, {
      field: 'endpoint_id',
      ...(options?.cause === undefined ? {} : { cause: options.cause }),
    });
  }
}
