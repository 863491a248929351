export * from './topics';
export * as endpointsV1 from './generated/bakuun/webhooks/endpoints/v1/endpoint.pb';
export * as endpointEventsV1 from './generated/bakuun/webhooks/endpoints/v1/endpoint_events.pb';
export * as registryV1 from './generated/bakuun/webhooks/registry/v1/endpoint_registry_service.pb';
export * as keysV1 from './generated/bakuun/webhooks/keys/v1/key_management_service.pb';
export { protoRoot, protoFiles } from './proto-files';
export * as metricsV1 from './generated/bakuun/webhooks/metrics/v1/endpoint_health.pb';
export * as upstreamV1 from './generated/bakuun/webhooks/upstream/v1/upstream.pb';
