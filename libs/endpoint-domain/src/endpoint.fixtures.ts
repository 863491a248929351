/* Builders shared by the unit specs of this lib; not exported from index.ts. */
import type { DomainError } from '@bakuun/errors';
import type { AddEndpoint, CommandMetadata, EndpointCommand } from './endpoint.commands';
import type { EndpointAdded, EndpointEvent } from './endpoint.events';
import type { EndpointId } from './endpoint-id';
import type { SuspensionReason } from './suspension-reason';

export const ENDPOINT_ID = 'ep_01h455vb4pex5vsknk084sn02q' as EndpointId;
export const T0 = new Date('2025-03-01T10:00:00.000Z');
export const T1 = new Date('2025-03-02T11:30:00.000Z');
export const STRICT = { allowInsecureLoopback: false };
export const DEV = { allowInsecureLoopback: true };
export const PARTNER_URL = 'https://hooks.partner.com/bakuun/ari';
export const INBOUND_URL = 'https://in.bakuun.com/v1/endpoints/ep_01h455vb4pex5vsknk084sn02q';

export const meta = (now: Date = T1): CommandMetadata => ({ now, actor: { kind: 'USER', id: 'usr_42' }, requestId: 'req_1' });

export function addEndpoint(data: Partial<AddEndpoint['data']> = {}): AddEndpoint {
  return {
    type: 'AddEndpoint',
    data: {
      endpointId: ENDPOINT_ID,
      partnerId: 'prt_7',
      category: 'ARI',
      method: 'PUSH',
      keyId: 'key_1',
      maskedKey: 'whsec_…a1b2',
      generatedUrl: INBOUND_URL,
      existingEndpointCount: 0,
      urlPolicy: STRICT,
      ...data,
    },
    metadata: meta(T0),
  };
}

/** `type` + `data` of a command other than AddEndpoint; the endpoint id and metadata are filled in. */
export function command<C extends Exclude<EndpointCommand, AddEndpoint>>(
  type: C['type'],
  data: Omit<C['data'], 'endpointId'>,
  now: Date = T1,
): C {
  return { type, data: { endpointId: ENDPOINT_ID, ...data }, metadata: meta(now) } as C;
}

export function endpointAdded(data: Partial<EndpointAdded['data']> = {}): EndpointAdded {
  return {
    type: 'EndpointAdded',
    schemaVersion: 1,
    data: {
      endpointId: ENDPOINT_ID,
      partnerId: 'prt_7',
      category: 'ARI',
      method: 'PUSH',
      direction: 'OUTBOUND',
      url: null,
      urlGenerated: false,
      apiVersion: '2025-09-01',
      keyId: 'key_1',
      maskedKey: 'whsec_…a1b2',
      addedAt: T0.toISOString(),
      ...data,
    },
  };
}

export const inboundAdded = (): EndpointAdded =>
  endpointAdded({ category: 'BOOKING', method: 'PUSH', direction: 'INBOUND', url: INBOUND_URL, urlGenerated: true, apiVersion: '2025-01-15' });

export const urlConfigured = (url = PARTNER_URL, previousUrl: string | null = null): EndpointEvent => ({
  type: 'EndpointUrlConfigured',
  schemaVersion: 1,
  data: { endpointId: ENDPOINT_ID, url, previousUrl, configuredAt: T0.toISOString() },
});
export const activated = (): EndpointEvent => ({ type: 'EndpointActivated', schemaVersion: 1, data: { endpointId: ENDPOINT_ID, activatedAt: T0.toISOString() } });
export const suspended = (reason: SuspensionReason = { kind: 'MANUAL' }): EndpointEvent => ({
  type: 'EndpointSuspended',
  schemaVersion: 1,
  data: { endpointId: ENDPOINT_ID, reason, suspendedAt: T0.toISOString() },
});
export const deleted = (): EndpointEvent => ({ type: 'EndpointDeleted', schemaVersion: 1, data: { endpointId: ENDPOINT_ID, deletedAt: T0.toISOString() } });

/** Check for `thenThrows`: the stable code, the field, and that the message names what was wrong. */
export const failsWith =
  (code: string, messagePart: string | RegExp, field?: string) =>
  (error: DomainError): void => {
    expect(error.code).toBe(code);
    expect(error.message).toMatch(messagePart);
    if (field !== undefined) expect(error.field).toBe(field);
  };
