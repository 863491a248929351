import { Inject, Injectable } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { registryV1 } from '@bakuun/contracts';
import type { EndpointCategory, EndpointMethod } from '@bakuun/endpoint-domain';
import type { ConsoleConfig } from '../config';
import { CONSOLE_CONFIG, REGISTRY_CLIENT } from '../console.di-tokens';
import { toProtoCategory, toProtoMethod } from '../endpoints/endpoint.rest-mapper';
import { OperatorCall, operatorMetadata } from './operator-call';
import { callUpstream, collectUpstream } from './upstream-call';

const PAGE_SIZE = 100;
/** A partner has at most a few endpoints per category; this bounds a runaway listing. */
const MAX_PAGES = 20;

/** A change to one endpoint: its id, the client's idempotency key, and the version the operator saw (0: no check). */
export interface EndpointChange {
  endpointId: string;
  requestId: string;
  expectedVersion: number;
}

/** The endpoint registry, called for the signed-in operator's partner with a deadline on every call. */
@Injectable()
export class RegistryGateway {
  constructor(
    @Inject(REGISTRY_CLIENT) private readonly client: registryV1.EndpointRegistryServiceClient,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  async list(call: OperatorCall, category: EndpointCategory): Promise<registryV1.Endpoint[]> {
    const endpoints: registryV1.Endpoint[] = [];
    let pageToken = '';
    for (let page = 0; page < MAX_PAGES; page++) {
      const request: registryV1.ListEndpointsRequest = { category: toProtoCategory(category), status: 0, method: 0, pageSize: PAGE_SIZE, pageToken, includeDeleted: false };
      const response = await this.unary(this.client.listEndpoints(request, operatorMetadata(call)));
      endpoints.push(...response.endpoints);
      if (!response.nextPageToken) break;
      pageToken = response.nextPageToken;
    }
    return endpoints;
  }

  async add(call: OperatorCall, requestId: string, category: EndpointCategory, methods: EndpointMethod[], url: string): Promise<registryV1.AddedEndpoint[]> {
    const response = await this.unary(this.client.addEndpoints({ requestId, category: toProtoCategory(category), methods: methods.map(toProtoMethod), url, apiVersion: '' }, operatorMetadata(call)));
    return response.endpoints;
  }

  async get(call: OperatorCall, endpointId: string): Promise<registryV1.Endpoint> {
    return this.endpointOf(await this.unary(this.client.getEndpoint({ endpointId }, operatorMetadata(call))));
  }

  async configureUrl(call: OperatorCall, change: EndpointChange, url: string): Promise<registryV1.Endpoint> {
    return this.endpointOf(await this.unary(this.client.configureEndpointUrl({ ...change, url }, operatorMetadata(call))));
  }

  async updateApiVersion(call: OperatorCall, change: EndpointChange, apiVersion: string): Promise<registryV1.Endpoint> {
    return this.endpointOf(await this.unary(this.client.updateApiVersion({ ...change, apiVersion }, operatorMetadata(call))));
  }

  async listApiVersions(call: OperatorCall, category: EndpointCategory): Promise<registryV1.ApiVersion[]> {
    return (await this.unary(this.client.listApiVersions({ category: toProtoCategory(category) }, operatorMetadata(call)))).versions;
  }

  async suspend(call: OperatorCall, change: EndpointChange, note: string | undefined): Promise<registryV1.Endpoint> {
    return this.endpointOf(await this.unary(this.client.suspendEndpoint({ ...change, reason: { manual: { note: note ?? '' } } }, operatorMetadata(call))));
  }

  async activate(call: OperatorCall, change: EndpointChange): Promise<registryV1.Endpoint> {
    return this.endpointOf(await this.unary(this.client.activateEndpoint(change, operatorMetadata(call))));
  }

  async delete(call: OperatorCall, change: EndpointChange): Promise<void> {
    await this.unary(this.client.deleteEndpoint(change, operatorMetadata(call)));
  }

  async history(call: OperatorCall, endpointId: string): Promise<registryV1.GetEndpointHistoryResponse[]> {
    return collectUpstream('endpoint registry', this.client.getEndpointHistory({ endpointId }, operatorMetadata(call)), this.config.CONSOLE_GRPC_TIMEOUT_MS);
  }

  /** Readiness: a call that needs no partner and touches no storage. */
  async ping(): Promise<void> {
    await callUpstream('endpoint registry', this.client.listApiVersions({ category: toProtoCategory('ARI') }), 2000);
  }

  private unary<T>(call: Observable<T>): Promise<T> {
    return callUpstream('endpoint registry', call, this.config.CONSOLE_GRPC_TIMEOUT_MS);
  }

  private endpointOf(response: { endpoint?: registryV1.Endpoint | undefined }): registryV1.Endpoint {
    if (!response.endpoint) throw new Error('The endpoint registry answered without an endpoint');
    return response.endpoint;
  }
}
