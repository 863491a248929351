import { Injectable } from '@nestjs/common';
import { ValidationError } from '@bakuun/errors';
import { EndpointState, EndpointStateRepository } from '../persistence/endpoint-state.repository';

export interface ErrorRatePage {
  endpoints: EndpointState[];
  nextPageToken: string;
}

const DEFAULT_PAGE = 50;
const MAX_PAGE = 200;

/** The newest figures of a partner's endpoints (as of their last evaluation), by endpoint id. */
@Injectable()
export class ListErrorRatesQuery {
  constructor(private readonly states: EndpointStateRepository) {}

  async execute(partnerId: string, pageSize: number, pageToken: string): Promise<ErrorRatePage> {
    if (pageSize < 0 || pageSize > MAX_PAGE) throw new ValidationError('PAGE.SIZE_INVALID', `page_size must be 0 (default ${DEFAULT_PAGE}) to ${MAX_PAGE}`, { field: 'page_size' });
    const after = pageToken ? decodeToken(pageToken) : '';
    const size = pageSize || DEFAULT_PAGE;
    const all = (await this.states.forPartner(partnerId)).filter((s) => s.endpointId > after);
    const endpoints = all.slice(0, size);
    return { endpoints, nextPageToken: all.length > size ? Buffer.from(endpoints.at(-1)!.endpointId).toString('base64url') : '' };
  }
}

function decodeToken(token: string): string {
  const value = Buffer.from(token, 'base64url').toString('utf8');
  if (!/^ep_[0-9a-z]{26}$/.test(value)) throw new ValidationError('PAGE.TOKEN_INVALID', 'page_token is not one this service issued', { field: 'page_token' });
  return value;
}
