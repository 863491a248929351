import { Injectable } from '@nestjs/common';
import type { EndpointId, EndpointView } from '@bakuun/endpoint-domain';
import { NotFoundError } from '@bakuun/errors';
import { EndpointCommandRunner } from '../../application/endpoint-command-runner';

/** Reads the stream itself, so an answer right after a command reflects it. Deleted endpoints are gone for partners. */
@Injectable()
export class GetEndpointQuery {
  constructor(private readonly runner: EndpointCommandRunner) {}

  async execute(partnerId: string, endpointId: EndpointId): Promise<EndpointView> {
    const { view } = await this.runner.load(endpointId, partnerId);
    if (!view || view.status === 'DELETED') throw new NotFoundError('ENDPOINT.NOT_FOUND', `Endpoint ${endpointId} does not exist`, { field: 'endpoint_id' });
    return view;
  }
}
