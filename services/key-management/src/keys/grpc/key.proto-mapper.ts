import { endpointsV1, keysV1 } from '@bakuun/contracts';
import type { EndpointCategory, EndpointDirection, EndpointMethod } from '@bakuun/endpoint-domain';
import { ValidationError } from '@bakuun/errors';
import type { KeyExpiryChoice } from '@bakuun/key-domain';
import type { KeyInfoView, KeyState } from '../queries/get-key-info/get-key-info.query';

const { EndpointCategory: C, EndpointMethod: M, EndpointDirection: D } = endpointsV1;

const categories: ReadonlyMap<number, EndpointCategory> = new Map([
  [C.ENDPOINT_CATEGORY_MAPPING, 'MAPPING'],
  [C.ENDPOINT_CATEGORY_ARI, 'ARI'],
  [C.ENDPOINT_CATEGORY_BOOKING, 'BOOKING'],
]);
const methods: ReadonlyMap<number, EndpointMethod> = new Map([
  [M.ENDPOINT_METHOD_PUSH, 'PUSH'],
  [M.ENDPOINT_METHOD_READ, 'READ'],
]);
const directions: ReadonlyMap<number, EndpointDirection> = new Map([
  [D.ENDPOINT_DIRECTION_OUTBOUND, 'OUTBOUND'],
  [D.ENDPOINT_DIRECTION_INBOUND, 'INBOUND'],
]);

function fromProto<T>(map: ReadonlyMap<number, T>, value: number, field: string, code: `${Uppercase<string>}.${Uppercase<string>}`): T {
  const found = map.get(value);
  if (found === undefined) throw new ValidationError(code, `${field} must be one of ${[...map.values()].join(', ')}`, { field });
  return found;
}

function toProto<T>(map: ReadonlyMap<number, T>, value: T): number {
  for (const [proto, domain] of map) if (domain === value) return proto;
  return 0;
}

export const fromProtoCategory = (v: number) => fromProto(categories, v, 'category', 'KEY.CATEGORY_INVALID');
export const fromProtoMethod = (v: number) => fromProto(methods, v, 'method', 'KEY.METHOD_INVALID');
export const fromProtoDirection = (v: number) => fromProto(directions, v, 'direction', 'KEY.DIRECTION_INVALID');
export const toProtoCategory = (v: EndpointCategory) => toProto(categories, v) as endpointsV1.EndpointCategory;
export const toProtoMethod = (v: EndpointMethod) => toProto(methods, v) as endpointsV1.EndpointMethod;

const keyStates: Record<KeyState, keysV1.KeyState> = {
  ACTIVE: keysV1.KeyState.KEY_STATE_ACTIVE,
  EXPIRING: keysV1.KeyState.KEY_STATE_EXPIRING,
  REVOKED: keysV1.KeyState.KEY_STATE_REVOKED,
};

const instant = (d: Date | null): string => (d === null ? '' : d.toISOString());

export function toProtoKeyInfo(view: KeyInfoView): keysV1.KeyInfo {
  return {
    keyId: view.keyId,
    maskedKey: view.maskedKey,
    createdAt: instant(view.createdAt),
    lastUsedAt: instant(view.lastUsedAt),
    expiresAt: instant(view.expiresAt),
    state: keyStates[view.state],
  };
}

export function toProtoExpiryChoice(choice: KeyExpiryChoice): keysV1.KeyExpiryChoice {
  return { code: choice.code, label: choice.label, seconds: choice.seconds };
}

export { instant as toProtoInstant };
