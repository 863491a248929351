import { Controller, UseFilters, UseInterceptors } from '@nestjs/common';
import type { Metadata } from '@grpc/grpc-js';
import { from, mergeMap, Observable } from 'rxjs';
import { registryV1 } from '@bakuun/contracts';
import { parseEndpointId } from '@bakuun/endpoint-domain';
import { ValidationError } from '@bakuun/errors';
import { callContextFrom, CallContext, DomainErrorGrpcFilter, GrpcMetricsInterceptor } from '@bakuun/platform';
import { uuidV7 } from '@bakuun/event-store';
import type { CommandContext } from '../application/command-context';
import { AddEndpointsHandler } from '../commands/add-endpoints/add-endpoints.handler';
import { ConfigureEndpointUrlHandler } from '../commands/configure-endpoint-url/configure-endpoint-url.handler';
import { UpdateApiVersionHandler } from '../commands/update-api-version/update-api-version.handler';
import { SuspendEndpointHandler } from '../commands/suspend-endpoint/suspend-endpoint.handler';
import { ActivateEndpointHandler } from '../commands/activate-endpoint/activate-endpoint.handler';
import { DeleteEndpointHandler } from '../commands/delete-endpoint/delete-endpoint.handler';
import { RecordKeyRolledHandler } from '../commands/record-key-rolled/record-key-rolled.handler';
import { GetEndpointQuery } from '../queries/get-endpoint/get-endpoint.query';
import { ListEndpointsQuery } from '../queries/list-endpoints/list-endpoints.query';
import { ListApiVersionsQuery } from '../queries/list-api-versions/list-api-versions.query';
import { EndpointHistoryQuery } from '../queries/endpoint-history/endpoint-history.query';
import { VerifyEndpointHistoryQuery } from '../queries/verify-endpoint-history/verify-endpoint-history.query';
import { EndpointFiguresQuery } from '../queries/endpoint-figures/endpoint-figures.query';
import { toEnvelope } from '../relay/endpoint-event.proto-mapper';
import {
  fromProtoCategory,
  fromProtoMethod,
  fromProtoReason,
  optionalProtoCategory,
  optionalProtoStatus,
  toProtoApiVersion,
  toProtoEndpoint,
} from './endpoint.proto-mapper';

/** Thin adapter: proto → application input → proto. Behaviour lives in the handlers and the decider. */
@Controller()
@UseFilters(DomainErrorGrpcFilter)
@UseInterceptors(GrpcMetricsInterceptor)
@registryV1.EndpointRegistryServiceControllerMethods()
export class EndpointRegistryGrpcController implements registryV1.EndpointRegistryServiceController {
  constructor(
    private readonly addEndpointsHandler: AddEndpointsHandler,
    private readonly configureUrlHandler: ConfigureEndpointUrlHandler,
    private readonly updateApiVersionHandler: UpdateApiVersionHandler,
    private readonly suspendHandler: SuspendEndpointHandler,
    private readonly activateHandler: ActivateEndpointHandler,
    private readonly deleteHandler: DeleteEndpointHandler,
    private readonly recordKeyRolledHandler: RecordKeyRolledHandler,
    private readonly getEndpointQuery: GetEndpointQuery,
    private readonly listEndpointsQuery: ListEndpointsQuery,
    private readonly listApiVersionsQuery: ListApiVersionsQuery,
    private readonly historyQuery: EndpointHistoryQuery,
    private readonly verifyQuery: VerifyEndpointHistoryQuery,
    private readonly figuresQuery: EndpointFiguresQuery,
  ) {}

  async addEndpoints(request: registryV1.AddEndpointsRequest, metadata: Metadata): Promise<registryV1.AddEndpointsResponse> {
    const context = commandContext(metadata, request.requestId, 0);
    const category = fromProtoCategory(request.category);
    const methods = request.methods.map((m, i) => fromProtoMethod(m, `methods[${i}]`));
    const added = await this.addEndpointsHandler.execute({ category, methods, url: request.url || null, apiVersion: request.apiVersion || null }, context);
    return { endpoints: added.map((a) => ({ endpoint: toProtoEndpoint(a.view), key: a.key })) };
  }

  async getEndpoint(request: registryV1.GetEndpointRequest, metadata: Metadata): Promise<registryV1.GetEndpointResponse> {
    const { partnerId } = queryContext(metadata);
    const view = await this.getEndpointQuery.execute(partnerId, parseEndpointId(request.endpointId, 'endpoint_id'));
    const figures = await this.figuresQuery.forViews(partnerId, [view]);
    return { endpoint: toProtoEndpoint(view, figures.get(view.endpointId)) };
  }

  async listEndpoints(request: registryV1.ListEndpointsRequest, metadata: Metadata): Promise<registryV1.ListEndpointsResponse> {
    const { partnerId } = queryContext(metadata);
    const category = optionalProtoCategory(request.category);
    const status = optionalProtoStatus(request.status);
    const method = request.method ? fromProtoMethod(request.method, 'method') : undefined;
    const page = await this.listEndpointsQuery.execute({
      partnerId,
      ...(category ? { category } : {}),
      ...(status ? { status } : {}),
      ...(method ? { method } : {}),
      includeDeleted: request.includeDeleted,
      pageSize: request.pageSize,
      ...(request.pageToken ? { pageToken: request.pageToken } : {}),
    });
    const figures = await this.figuresQuery.forViews(partnerId, page.endpoints);
    return { endpoints: page.endpoints.map((v) => toProtoEndpoint(v, figures.get(v.endpointId))), nextPageToken: page.nextPageToken };
  }

  async configureEndpointUrl(request: registryV1.ConfigureEndpointUrlRequest, metadata: Metadata): Promise<registryV1.ConfigureEndpointUrlResponse> {
    const context = commandContext(metadata, request.requestId, request.expectedVersion);
    if (!request.url) throw new ValidationError('ENDPOINT.URL_REQUIRED', 'url is required', { field: 'url' });
    const view = await this.configureUrlHandler.execute({ endpointId: parseEndpointId(request.endpointId, 'endpoint_id'), url: request.url }, context);
    return { endpoint: toProtoEndpoint(view) };
  }

  async updateApiVersion(request: registryV1.UpdateApiVersionRequest, metadata: Metadata): Promise<registryV1.UpdateApiVersionResponse> {
    const context = commandContext(metadata, request.requestId, request.expectedVersion);
    if (!request.apiVersion) throw new ValidationError('ENDPOINT.API_VERSION_REQUIRED', 'api_version is required', { field: 'api_version' });
    const view = await this.updateApiVersionHandler.execute({ endpointId: parseEndpointId(request.endpointId, 'endpoint_id'), apiVersion: request.apiVersion }, context);
    return { endpoint: toProtoEndpoint(view) };
  }

  listApiVersions(request: registryV1.ListApiVersionsRequest): registryV1.ListApiVersionsResponse {
    return { versions: this.listApiVersionsQuery.execute(fromProtoCategory(request.category)).map(toProtoApiVersion) };
  }

  async suspendEndpoint(request: registryV1.SuspendEndpointRequest, metadata: Metadata): Promise<registryV1.SuspendEndpointResponse> {
    const context = commandContext(metadata, request.requestId, request.expectedVersion);
    const view = await this.suspendHandler.execute({ endpointId: parseEndpointId(request.endpointId, 'endpoint_id'), reason: fromProtoReason(request.reason) }, context);
    return { endpoint: toProtoEndpoint(view) };
  }

  async activateEndpoint(request: registryV1.ActivateEndpointRequest, metadata: Metadata): Promise<registryV1.ActivateEndpointResponse> {
    const context = commandContext(metadata, request.requestId, request.expectedVersion);
    return { endpoint: toProtoEndpoint(await this.activateHandler.execute({ endpointId: parseEndpointId(request.endpointId, 'endpoint_id') }, context)) };
  }

  async deleteEndpoint(request: registryV1.DeleteEndpointRequest, metadata: Metadata): Promise<registryV1.DeleteEndpointResponse> {
    const context = commandContext(metadata, request.requestId, request.expectedVersion);
    return { endpoint: toProtoEndpoint(await this.deleteHandler.execute({ endpointId: parseEndpointId(request.endpointId, 'endpoint_id') }, context)) };
  }

  async recordKeyRolled(request: registryV1.RecordKeyRolledRequest, metadata: Metadata): Promise<registryV1.RecordKeyRolledResponse> {
    const context = commandContext(metadata, request.requestId, 0);
    const expiresAt = new Date(request.oldKeyExpiresAt);
    if (Number.isNaN(expiresAt.getTime())) throw new ValidationError('KEY.EXPIRY_INVALID', 'old_key_expires_at must be an RFC 3339 instant', { field: 'old_key_expires_at' });
    const view = await this.recordKeyRolledHandler.execute(
      { endpointId: parseEndpointId(request.endpointId, 'endpoint_id'), newKeyId: request.newKeyId, maskedKey: request.maskedKey, oldKeyId: request.oldKeyId, oldKeyExpiresAt: expiresAt },
      context,
    );
    return { endpoint: toProtoEndpoint(view) };
  }

  getEndpointHistory(request: registryV1.GetEndpointHistoryRequest, metadata: Metadata): Observable<registryV1.GetEndpointHistoryResponse> {
    return from(
      (async () => {
        const { partnerId } = queryContext(metadata);
        return this.historyQuery.history(partnerId, parseEndpointId(request.endpointId, 'endpoint_id'));
      })(),
    ).pipe(mergeMap((events) => from(events.map((e) => ({ event: toEnvelope(e) })))));
  }

  async getEndpointAsOf(request: registryV1.GetEndpointAsOfRequest, metadata: Metadata): Promise<registryV1.GetEndpointAsOfResponse> {
    const { partnerId } = queryContext(metadata);
    const result = await this.historyQuery.asOf(partnerId, parseEndpointId(request.endpointId, 'endpoint_id'), request.asOf);
    return { ...(result.view ? { endpoint: toProtoEndpoint(result.view) } : {}), eventsApplied: result.eventsApplied };
  }

  async verifyEndpointHistory(request: registryV1.VerifyEndpointHistoryRequest, metadata: Metadata): Promise<registryV1.VerifyEndpointHistoryResponse> {
    const { partnerId } = queryContext(metadata);
    const endpointId = request.endpointId ? parseEndpointId(request.endpointId, 'endpoint_id') : undefined;
    return this.verifyQuery.execute({ tenantId: partnerId }, endpointId);
  }
}

function queryContext(metadata: Metadata): CallContext {
  return callContextFrom(metadata, uuidV7());
}

function commandContext(metadata: Metadata, requestId: string, expectedVersion: number): CommandContext {
  const call = queryContext(metadata);
  if (!requestId) throw new ValidationError('REQUEST.ID_REQUIRED', 'request_id is required: it makes retries safe', { field: 'request_id' });
  if (requestId.length > 128) throw new ValidationError('REQUEST.ID_TOO_LONG', 'request_id is limited to 128 characters', { field: 'request_id' });
  if (expectedVersion < 0) throw new ValidationError('REQUEST.EXPECTED_VERSION_INVALID', 'expected_version must be 0 (no check) or a stream version', { field: 'expected_version' });
  return { partnerId: call.partnerId, actor: call.actor, requestId, correlationId: call.correlationId, expectedVersion };
}
