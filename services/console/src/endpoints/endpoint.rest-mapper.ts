import { endpointsV1, registryV1 } from '@bakuun/contracts';
import type { EndpointCategory, EndpointMethod } from '@bakuun/endpoint-domain';
import type { ApiVersionDto, EndpointDto, SuspensionDto } from '../api/api.schemas';

/*
 * gRPC messages → the console's REST shapes. The gRPC client decodes with defaults, so absent
 * sub-messages arrive as null or undefined; every read below tolerates both.
 */

const { EndpointCategory: ProtoCategory, EndpointMethod: ProtoMethod, EndpointDirection: ProtoDirection, EndpointStatus: ProtoStatus } = endpointsV1;

const CATEGORIES: Record<EndpointCategory, endpointsV1.EndpointCategory> = {
  MAPPING: ProtoCategory.ENDPOINT_CATEGORY_MAPPING,
  ARI: ProtoCategory.ENDPOINT_CATEGORY_ARI,
  BOOKING: ProtoCategory.ENDPOINT_CATEGORY_BOOKING,
};
const METHODS: Record<EndpointMethod, endpointsV1.EndpointMethod> = { PUSH: ProtoMethod.ENDPOINT_METHOD_PUSH, READ: ProtoMethod.ENDPOINT_METHOD_READ };
const STATUSES: Record<EndpointDto['status'], endpointsV1.EndpointStatus> = {
  TO_SET: ProtoStatus.ENDPOINT_STATUS_TO_SET,
  ACTIVE: ProtoStatus.ENDPOINT_STATUS_ACTIVE,
  SUSPENDED: ProtoStatus.ENDPOINT_STATUS_SUSPENDED,
  DELETED: ProtoStatus.ENDPOINT_STATUS_DELETED,
};
const VERSION_STATUSES: Record<number, ApiVersionDto['status']> = {
  [registryV1.ApiVersionStatus.API_VERSION_STATUS_CURRENT]: 'CURRENT',
  [registryV1.ApiVersionStatus.API_VERSION_STATUS_SUPPORTED]: 'SUPPORTED',
  [registryV1.ApiVersionStatus.API_VERSION_STATUS_DEPRECATED]: 'DEPRECATED',
  [registryV1.ApiVersionStatus.API_VERSION_STATUS_RETIRED]: 'RETIRED',
};
const CHANGE_KINDS: Record<number, ApiVersionDto['changelog'][number]['kind']> = {
  [registryV1.ApiVersionChangeKind.API_VERSION_CHANGE_KIND_ADDED]: 'ADDED',
  [registryV1.ApiVersionChangeKind.API_VERSION_CHANGE_KIND_CHANGED]: 'CHANGED',
  [registryV1.ApiVersionChangeKind.API_VERSION_CHANGE_KIND_REMOVED]: 'REMOVED',
};

function lookup<K extends string>(map: Record<K, number>, value: number, what: string): K {
  const entry = Object.entries(map).find(([, v]) => v === value);
  if (!entry) throw new Error(`The endpoint registry answered an unknown ${what} (${value})`);
  return entry[0] as K;
}

export const toProtoCategory = (category: EndpointCategory): endpointsV1.EndpointCategory => CATEGORIES[category];
export const toProtoMethod = (method: EndpointMethod): endpointsV1.EndpointMethod => METHODS[method];
export const categoryOf = (value: number): EndpointCategory => lookup(CATEGORIES, value, 'category');
export const methodOf = (value: number): EndpointMethod => lookup(METHODS, value, 'method');
export const directionOf = (value: number): EndpointDto['direction'] => (value === ProtoDirection.ENDPOINT_DIRECTION_OUTBOUND ? 'OUTBOUND' : 'INBOUND');

/** "62.5%": one decimal only when it matters. */
export function percent(fraction: number): string {
  const value = Math.round(fraction * 1000) / 10;
  return `${Number.isInteger(value) ? value.toFixed(0) : value.toFixed(1)}%`;
}

/** "1 hour", "90 minutes", "3 days": the window a figure was measured over. */
export function duration(seconds: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (seconds % 86_400 === 0 && seconds >= 86_400) return plural(seconds / 86_400, 'day');
  if (seconds % 3600 === 0 && seconds >= 3600) return plural(seconds / 3600, 'hour');
  if (seconds % 60 === 0 && seconds >= 60) return plural(seconds / 60, 'minute');
  return plural(seconds, 'second');
}

/** The reason as an operator reads it; an automatic suspension names the figure that triggered it. */
export function toSuspensionDto(reason: endpointsV1.SuspensionReason | null | undefined): SuspensionDto {
  if (reason?.automatic) {
    const { metric, value, windowSeconds, attempts } = reason.automatic;
    const figure =
      metric === 'error_rate'
        ? `${percent(value)} of ${attempts} requests failed over ${duration(windowSeconds)}`
        : `${metric} reached ${value} over ${duration(windowSeconds)} (${attempts} requests)`;
    return { kind: 'AUTOMATIC', metric, value, windowSeconds, attempts, summary: `Suspended automatically by the platform: ${figure}.` };
  }
  if (reason?.receiverGone) {
    const statusCode = reason.receiverGone.statusCode || 410;
    return { kind: 'RECEIVER_GONE', statusCode, summary: `Suspended automatically: your endpoint answered ${statusCode} Gone, which asks us to stop sending.` };
  }
  const note = reason?.manual?.note?.trim() || null;
  return { kind: 'MANUAL', note, summary: note ? `Disabled by an operator: “${note}”.` : 'Disabled by an operator.' };
}

export function toEndpointDto(endpoint: registryV1.Endpoint): EndpointDto {
  const direction = directionOf(endpoint.direction);
  const status = lookup(STATUSES, endpoint.status, 'status');
  return {
    id: endpoint.endpointId,
    category: categoryOf(endpoint.category),
    method: methodOf(endpoint.method),
    direction,
    url: endpoint.url || null,
    urlSetBy: direction === 'OUTBOUND' ? 'PARTNER' : 'PLATFORM',
    apiVersion: endpoint.apiVersion,
    status,
    suspension: status === 'SUSPENDED' ? toSuspensionDto(endpoint.suspensionReason) : null,
    errorRate: typeof endpoint.errorRate === 'number' ? endpoint.errorRate : null,
    maskedKey: endpoint.maskedKey,
    keyLastUsedAt: endpoint.keyLastUsedAt || null,
    createdAt: endpoint.createdAt,
    updatedAt: endpoint.updatedAt,
    version: Number(endpoint.version),
  };
}

export function toApiVersionDto(version: registryV1.ApiVersion): ApiVersionDto {
  const status = VERSION_STATUSES[version.status] ?? 'RETIRED';
  return {
    version: version.version,
    releasedOn: version.releasedOn,
    status,
    selectable: status === 'CURRENT' || status === 'SUPPORTED',
    changelog: (version.changelog ?? []).map((change) => ({ kind: CHANGE_KINDS[change.kind] ?? 'CHANGED', path: change.path, description: change.description })),
  };
}
