export { MAX_ENDPOINTS_PER_PARTNER_CATEGORY, planAddEndpoints, type PlannedEndpoint } from './add-endpoint.rules';
export {
  currentApiVersion,
  findApiVersion,
  listApiVersions,
  selectableApiVersion,
  type ApiVersion,
  type ApiVersionChange,
  type ApiVersionStatus,
} from './api-version.catalog';
export { assertNever } from './assert-never';
export {
  directionOf,
  ENDPOINT_CATEGORIES,
  ENDPOINT_METHODS,
  isEndpointCategory,
  isEndpointMethod,
  keyKindOf,
  supportedMethods,
  type EndpointCategory,
  type EndpointDirection,
  type EndpointMethod,
} from './endpoint-category';
export { ENDPOINT_ID_PREFIX, formatEndpointId, isEndpointId, parseEndpointId, type EndpointId } from './endpoint-id';
export { storedEventOf } from './endpoint-event.from-envelope';
export { MAX_ENDPOINT_URL_LENGTH, validateEndpointUrl, type UrlPolicy } from './endpoint-url.policy';
export {
  applyToEndpointView,
  endpointViewProjection,
  projectEndpointView,
  viewFromState,
  type EndpointView,
  type StoredEndpointEvent,
} from './endpoint-view.projection';
export type * from './endpoint.commands';
export { decide, endpointDecider, evolve, initialState } from './endpoint.decider';
export {
  ENDPOINT_EVENT_SCHEMA_VERSIONS,
  upcastEndpointEvent,
  type EndpointAdded,
  type EndpointActivated,
  type EndpointApiVersionChanged,
  type EndpointDeleted,
  type EndpointEvent,
  type EndpointEventType,
  type EndpointKeyRolled,
  type EndpointSuspended,
  type EndpointUrlConfigured,
  type RawEvent,
} from './endpoint.events';
export type * from './endpoint.state';
export { isPublicIpAddress, scopeOfIpAddress, type AddressScope } from './ip-address';
export { copySuspensionReason, type AutoSuspendFigure, type SuspensionReason } from './suspension-reason';
