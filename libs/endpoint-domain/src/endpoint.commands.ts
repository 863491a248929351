import type { EndpointCategory, EndpointMethod } from './endpoint-category';
import type { EndpointId } from './endpoint-id';
import type { UrlPolicy } from './endpoint-url.policy';
import type { SuspensionReason } from './suspension-reason';

export interface Actor {
  readonly kind: 'USER' | 'SERVICE' | 'SYSTEM';
  readonly id: string;
}

/** Time and identity enter the domain here, never from a clock or generator inside it. */
export interface CommandMetadata {
  readonly now: Date;
  readonly actor: Actor;
  readonly requestId: string;
}

interface CommandOf<Type extends string, Data> {
  readonly type: Type;
  readonly data: Readonly<Data>;
  readonly metadata: CommandMetadata;
}

/** One endpoint (one stream) per method; see `planAddEndpoints` for the user-facing multi-method add. */
export type AddEndpoint = CommandOf<'AddEndpoint', {
  endpointId: EndpointId;
  partnerId: string;
  category: EndpointCategory;
  method: EndpointMethod;
  /** Outbound only, optional: the partner may set it later. */
  url?: string | null;
  /** Defaults to the category's CURRENT version. */
  apiVersion?: string;
  keyId: string;
  maskedKey: string;
  /** Required for inbound endpoints, ignored for outbound ones. */
  generatedUrl?: string;
  /** Live (non-deleted) endpoints the partner already has in this category, read by the handler. */
  existingEndpointCount: number;
  urlPolicy: UrlPolicy;
}>;
export type ConfigureEndpointUrl = CommandOf<'ConfigureEndpointUrl', { endpointId: EndpointId; url: string; urlPolicy: UrlPolicy }>;
export type UpdateApiVersion = CommandOf<'UpdateApiVersion', { endpointId: EndpointId; apiVersion: string }>;
export type SuspendEndpoint = CommandOf<'SuspendEndpoint', { endpointId: EndpointId; reason: SuspensionReason }>;
export type ActivateEndpoint = CommandOf<'ActivateEndpoint', { endpointId: EndpointId; urlPolicy: UrlPolicy }>;
/** Sent by key-management after it stored the new key; the registry only records ids and the masked key. */
export type RecordKeyRolled = CommandOf<'RecordKeyRolled', {
  endpointId: EndpointId;
  newKeyId: string;
  maskedKey: string;
  oldKeyId: string;
  oldKeyExpiresAt: Date;
}>;
export type DeleteEndpoint = CommandOf<'DeleteEndpoint', { endpointId: EndpointId }>;

export type EndpointCommand =
  | AddEndpoint
  | ConfigureEndpointUrl
  | UpdateApiVersion
  | SuspendEndpoint
  | ActivateEndpoint
  | RecordKeyRolled
  | DeleteEndpoint;
