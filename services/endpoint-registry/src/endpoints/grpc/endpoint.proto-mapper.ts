import { endpointsV1, registryV1 } from '@bakuun/contracts';
import {
  ApiVersion,
  EndpointCategory,
  EndpointMethod,
  EndpointView,
  isEndpointCategory,
  SuspensionReason,
} from '@bakuun/endpoint-domain';
import { ValidationError } from '@bakuun/errors';

const { EndpointCategory: ProtoCategory, EndpointMethod: ProtoMethod, EndpointDirection: ProtoDirection, EndpointStatus: ProtoStatus } = endpointsV1;

const categories: Record<EndpointCategory, endpointsV1.EndpointCategory> = {
  MAPPING: ProtoCategory.ENDPOINT_CATEGORY_MAPPING,
  ARI: ProtoCategory.ENDPOINT_CATEGORY_ARI,
  BOOKING: ProtoCategory.ENDPOINT_CATEGORY_BOOKING,
};
const methods: Record<EndpointMethod, endpointsV1.EndpointMethod> = { PUSH: ProtoMethod.ENDPOINT_METHOD_PUSH, READ: ProtoMethod.ENDPOINT_METHOD_READ };
const statuses: Record<EndpointView['status'], endpointsV1.EndpointStatus> = {
  TO_SET: ProtoStatus.ENDPOINT_STATUS_TO_SET,
  ACTIVE: ProtoStatus.ENDPOINT_STATUS_ACTIVE,
  SUSPENDED: ProtoStatus.ENDPOINT_STATUS_SUSPENDED,
  DELETED: ProtoStatus.ENDPOINT_STATUS_DELETED,
};

function reverse<K extends string, V>(map: Record<K, V>): Map<V, K> {
  return new Map(Object.entries(map).map(([k, v]) => [v as V, k as K]));
}
const categoryOf = reverse(categories);
const methodOf = reverse(methods);
const statusOf = reverse(statuses);

export const toProtoCategory = (c: EndpointCategory) => categories[c];
export const toProtoMethod = (m: EndpointMethod) => methods[m];
export const toProtoDirection = (d: EndpointView['direction']) => (d === 'OUTBOUND' ? ProtoDirection.ENDPOINT_DIRECTION_OUTBOUND : ProtoDirection.ENDPOINT_DIRECTION_INBOUND);
export const toProtoStatus = (s: EndpointView['status']) => statuses[s];

export function fromProtoCategory(value: number, field = 'category'): EndpointCategory {
  const category = categoryOf.get(value);
  if (!category || !isEndpointCategory(category)) throw new ValidationError('ENDPOINT.CATEGORY_INVALID', `${field} must be MAPPING, ARI or BOOKING`, { field });
  return category;
}

export function optionalProtoCategory(value: number): EndpointCategory | undefined {
  return value === ProtoCategory.ENDPOINT_CATEGORY_UNSPECIFIED ? undefined : fromProtoCategory(value);
}

export function fromProtoMethod(value: number, field: string): EndpointMethod {
  const method = methodOf.get(value);
  if (!method) throw new ValidationError('ENDPOINT.METHOD_INVALID', `${field} must be PUSH or READ`, { field });
  return method;
}

export function optionalProtoStatus(value: number): EndpointView['status'] | undefined {
  if (value === ProtoStatus.ENDPOINT_STATUS_UNSPECIFIED) return undefined;
  const status = statusOf.get(value);
  if (!status) throw new ValidationError('ENDPOINT.STATUS_INVALID', 'status must be TO_SET, ACTIVE, SUSPENDED or DELETED', { field: 'status' });
  return status;
}

export function toProtoReason(reason: SuspensionReason): endpointsV1.SuspensionReason {
  switch (reason.kind) {
    case 'MANUAL':
      return { manual: { note: reason.note ?? '' } };
    case 'AUTOMATIC':
      return { automatic: { ...reason.figure } };
    case 'RECEIVER_GONE':
      return { receiverGone: { statusCode: reason.statusCode } };
  }
}

export function fromProtoReason(reason: endpointsV1.SuspensionReason | undefined): SuspensionReason {
  if (!reason || (!reason.manual && !reason.automatic && !reason.receiverGone)) return { kind: 'MANUAL' };
  if (reason.automatic) {
    const { metric, value, windowSeconds, attempts } = reason.automatic;
    if (!metric) throw new ValidationError('ENDPOINT.SUSPENSION_FIGURE_INVALID', 'reason.automatic.metric names the figure that triggered the suspension', { field: 'reason.automatic.metric' });
    return { kind: 'AUTOMATIC', figure: { metric, value, windowSeconds, attempts } };
  }
  if (reason.receiverGone) return { kind: 'RECEIVER_GONE', statusCode: 410 };
  const note = reason.manual?.note?.trim();
  if (note && note.length > 500) throw new ValidationError('ENDPOINT.SUSPENSION_NOTE_TOO_LONG', 'reason.manual.note is limited to 500 characters', { field: 'reason.manual.note' });
  return note ? { kind: 'MANUAL', note } : { kind: 'MANUAL' };
}

export interface ViewExtras {
  keyLastUsedAt?: string;
  errorRate?: number;
}

export function toProtoEndpoint(view: EndpointView, extras: ViewExtras = {}): registryV1.Endpoint {
  return {
    endpointId: view.endpointId,
    partnerId: view.partnerId,
    category: toProtoCategory(view.category),
    method: toProtoMethod(view.method),
    direction: toProtoDirection(view.direction),
    url: view.url ?? '',
    apiVersion: view.apiVersion,
    status: toProtoStatus(view.status),
    ...(view.suspensionReason ? { suspensionReason: toProtoReason(view.suspensionReason) } : {}),
    keyId: view.keyId,
    maskedKey: view.maskedKey,
    keyLastUsedAt: extras.keyLastUsedAt ?? '',
    ...(extras.errorRate === undefined ? {} : { errorRate: extras.errorRate }),
    createdAt: view.createdAt,
    updatedAt: view.updatedAt,
    version: view.streamVersion,
  };
}

const versionStatuses = {
  CURRENT: registryV1.ApiVersionStatus.API_VERSION_STATUS_CURRENT,
  SUPPORTED: registryV1.ApiVersionStatus.API_VERSION_STATUS_SUPPORTED,
  DEPRECATED: registryV1.ApiVersionStatus.API_VERSION_STATUS_DEPRECATED,
  RETIRED: registryV1.ApiVersionStatus.API_VERSION_STATUS_RETIRED,
} as const;
const changeKinds = {
  ADDED: registryV1.ApiVersionChangeKind.API_VERSION_CHANGE_KIND_ADDED,
  CHANGED: registryV1.ApiVersionChangeKind.API_VERSION_CHANGE_KIND_CHANGED,
  REMOVED: registryV1.ApiVersionChangeKind.API_VERSION_CHANGE_KIND_REMOVED,
} as const;

export function toProtoApiVersion(version: ApiVersion): registryV1.ApiVersion {
  return {
    version: version.version,
    releasedOn: version.releasedOn,
    status: versionStatuses[version.status],
    changelog: version.changelog.map((c) => ({ kind: changeKinds[c.kind], path: c.path, description: c.description })),
  };
}
