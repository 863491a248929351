import { EndpointId, EndpointView } from '@bakuun/endpoint-domain';
import { NotFoundError } from '@bakuun/errors';
import type { EndpointStream } from './endpoint-stream';

/** The view a command answers with; a stream the partner cannot see is NOT_FOUND. */
export function liveView(stream: EndpointStream, endpointId: EndpointId): EndpointView {
  if (!stream.view) throw new NotFoundError('ENDPOINT.NOT_FOUND', `Endpoint ${endpointId} does not exist`, { field: 'endpoint_id' });
  return stream.view;
}
