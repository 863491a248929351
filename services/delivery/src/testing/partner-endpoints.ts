import { randomUUID } from 'node:crypto';
import { lastValueFrom, toArray } from 'rxjs';
import { endpointEventsV1, endpointsV1, keysV1, registryV1 } from '@bakuun/contracts';
import { callMetadata, createGrpcClient } from '@bakuun/platform';
import { createOperatorWithKeysCli, type RegistryAndKeyManagement } from '@bakuun/testing';

const methods = { PUSH: endpointsV1.EndpointMethod.ENDPOINT_METHOD_PUSH, READ: endpointsV1.EndpointMethod.ENDPOINT_METHOD_READ } as const;
const categories = { ARI: endpointsV1.EndpointCategory.ENDPOINT_CATEGORY_ARI, MAPPING: endpointsV1.EndpointCategory.ENDPOINT_CATEGORY_MAPPING, BOOKING: endpointsV1.EndpointCategory.ENDPOINT_CATEGORY_BOOKING } as const;

export interface AddedEndpoint {
  endpointId: string;
  keyId: string;
  /** The key the registry showed once: the signing secret the partner's receiver keeps (an API key for inbound). */
  secret: string;
}

export interface RolledKey {
  keyId: string;
  secret: string;
  oldKeyId: string;
}

/**
 * A partner's operator managing endpoints through the real registry's gRPC (AddEndpoints,
 * ConfigureEndpointUrl, ActivateEndpoint, SuspendEndpoint, DeleteEndpoint) and rolling keys
 * through real key management; the registry's relay publishes the resulting endpoint events.
 */
export class PartnerEndpoints {
  private readonly partners = new Map<string, string>();
  private readonly registry: registryV1.EndpointRegistryServiceClient;
  private readonly keys: keysV1.KeyManagementServiceClient;
  private readonly closeClients: () => void;

  constructor(private readonly peers: RegistryAndKeyManagement) {
    const registry = createGrpcClient<registryV1.EndpointRegistryServiceClient>(peers.registryUrl, registryV1.BAKUUN_WEBHOOKS_REGISTRY_V1_PACKAGE_NAME, 'bakuun/webhooks/registry/v1/endpoint_registry_service.proto', registryV1.ENDPOINT_REGISTRY_SERVICE_NAME);
    const keys = createGrpcClient<keysV1.KeyManagementServiceClient>(peers.keyManagementUrl, keysV1.BAKUUN_WEBHOOKS_KEYS_V1_PACKAGE_NAME, 'bakuun/webhooks/keys/v1/key_management_service.proto', keysV1.KEY_MANAGEMENT_SERVICE_NAME);
    this.registry = registry.service;
    this.keys = keys.service;
    this.closeClients = () => {
      registry.close();
      keys.close();
    };
  }

  /**
   * AddEndpoints (by default the outbound method: PUSH for ARI/MAPPING, READ for BOOKING), then
   * ConfigureEndpointUrl when a `url` is given (an inbound endpoint's URL is generated), then,
   * unless `active` is false, ActivateEndpoint. `key` is the signing secret or API key shown once.
   */
  async add(options: { partnerId: string; category: keyof typeof categories; method?: keyof typeof methods; url?: string; apiVersion?: string; active?: boolean }): Promise<AddedEndpoint> {
    const method = methods[options.method ?? (options.category === 'BOOKING' ? 'READ' : 'PUSH')];
    const md = this.operatorOf(options.partnerId);
    const response = await lastValueFrom(this.registry.addEndpoints({ requestId: randomUUID(), category: categories[options.category], methods: [method], url: '', apiVersion: options.apiVersion ?? '' }, md));
    const added = response.endpoints[0]!;
    const endpointId = added.endpoint!.endpointId;
    this.partners.set(endpointId, options.partnerId);
    if (options.url !== undefined) await lastValueFrom(this.registry.configureEndpointUrl({ requestId: randomUUID(), endpointId, url: options.url, expectedVersion: 0 }, md));
    if (options.active !== false) await this.activate(endpointId);
    return { endpointId, keyId: added.endpoint!.keyId, secret: added.key };
  }

  async activate(endpointId: string): Promise<void> {
    await lastValueFrom(this.registry.activateEndpoint({ requestId: randomUUID(), endpointId, expectedVersion: 0 }, this.operatorOf(this.partnerOf(endpointId))));
  }

  async suspend(endpointId: string): Promise<void> {
    await lastValueFrom(this.registry.suspendEndpoint({ requestId: randomUUID(), endpointId, reason: { manual: { note: 'test' } }, expectedVersion: 0 }, this.operatorOf(this.partnerOf(endpointId))));
  }

  async delete(endpointId: string): Promise<void> {
    await lastValueFrom(this.registry.deleteEndpoint({ requestId: randomUUID(), endpointId, expectedVersion: 0 }, this.operatorOf(this.partnerOf(endpointId))));
  }

  /** The registry's view of the endpoint. */
  async get(endpointId: string): Promise<registryV1.Endpoint> {
    return (await lastValueFrom(this.registry.getEndpoint({ endpointId }, this.operatorOf(this.partnerOf(endpointId))))).endpoint!;
  }

  /** The endpoint's events in stream order, as the registry stored them. */
  async history(endpointId: string): Promise<endpointEventsV1.EndpointEventEnvelope[]> {
    const responses = await lastValueFrom(this.registry.getEndpointHistory({ endpointId }, this.operatorOf(this.partnerOf(endpointId))).pipe(toArray()));
    return responses.map((r) => r.event!);
  }

  /** An operator account of the partner (keys CLI), who may confirm key rolls with this password. */
  createOperator(partnerId: string, operatorId: string, password: string): Promise<void> {
    return createOperatorWithKeysCli(this.peers.keyManagementEnv, partnerId, operatorId, password);
  }

  /** RollKey confirmed by the operator: the old key stays valid for `oldKeyExpiry` (e.g. PT1H). */
  async rollKey(endpointId: string, operator: { operatorId: string; password: string }, oldKeyExpiry: string): Promise<RolledKey> {
    const md = this.operatorOf(this.partnerOf(endpointId), operator.operatorId);
    const rolled = await lastValueFrom(this.keys.rollKey({ requestId: randomUUID(), endpointId, oldKeyExpiry, operatorId: operator.operatorId, password: operator.password }, md));
    return { keyId: rolled.keyId, secret: rolled.plaintext, oldKeyId: rolled.oldKeyId };
  }

  close(): void {
    this.closeClients();
  }

  private partnerOf(endpointId: string): string {
    const partnerId = this.partners.get(endpointId);
    if (partnerId === undefined) throw new Error(`endpoint ${endpointId} was not added by this test`);
    return partnerId;
  }

  private operatorOf(partnerId: string, operatorId = 'operator-1') {
    return callMetadata(partnerId, { kind: 'USER', id: operatorId });
  }
}
