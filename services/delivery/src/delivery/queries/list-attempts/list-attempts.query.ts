import { Injectable } from '@nestjs/common';
import { NotFoundError, ValidationError } from '@bakuun/errors';
import { EndpointDirectory } from '../../endpoint-view/endpoint-directory';
import { AttemptPage, AttemptRepository } from '../../persistence/attempt.repository';

export interface ListAttempts {
  readonly partnerId: string;
  readonly endpointId: string;
  readonly messageId?: string;
  /** 0: the default (50). */
  readonly pageSize: number;
  readonly pageToken?: string;
}

/** An endpoint's attempt log, newest first; another partner's endpoint is NOT_FOUND. */
@Injectable()
export class ListAttemptsQuery {
  constructor(
    private readonly attempts: AttemptRepository,
    private readonly directory: EndpointDirectory,
  ) {}

  async execute(query: ListAttempts): Promise<AttemptPage> {
    const view = this.directory.get(query.endpointId);
    if (!view || view.partnerId !== query.partnerId) throw new NotFoundError('DELIVERY.ENDPOINT_NOT_FOUND', `Endpoint ${query.endpointId} not found`, { field: 'endpoint_id' });
    if (query.pageSize < 0 || query.pageSize > 200) throw new ValidationError('LIST.PAGE_SIZE_INVALID', 'page_size must be 1..200 (0 for the default of 50)', { field: 'page_size' });
    return this.attempts.page({ partnerId: query.partnerId, endpointId: query.endpointId, pageSize: query.pageSize || 50, ...(query.messageId ? { messageId: query.messageId } : {}), ...(query.pageToken ? { pageToken: query.pageToken } : {}) });
  }
}
