import { Injectable } from '@nestjs/common';
import { ValidationError } from '@bakuun/errors';
import { EndpointListQuery, EndpointPage, EndpointViewRepository } from '../../read-model/endpoint-view.repository';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@Injectable()
export class ListEndpointsQuery {
  constructor(private readonly views: EndpointViewRepository) {}

  async execute(query: Omit<EndpointListQuery, 'pageSize'> & { pageSize: number }): Promise<EndpointPage> {
    if (query.pageSize < 0 || query.pageSize > MAX_PAGE_SIZE) {
      throw new ValidationError('LIST.PAGE_SIZE_INVALID', `page_size must be between 1 and ${MAX_PAGE_SIZE} (0 means ${DEFAULT_PAGE_SIZE})`, { field: 'page_size' });
    }
    return this.views.list({ ...query, pageSize: query.pageSize || DEFAULT_PAGE_SIZE });
  }
}
