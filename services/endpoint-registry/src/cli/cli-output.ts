import { endpointEventsV1, endpointsV1, registryV1 } from '@bakuun/contracts';

const name = (enumObject: Record<string, string | number>, value: number, prefix: string): string => String(enumObject[value] ?? value).replace(prefix, '');

export const categoryName = (v: number) => name(endpointsV1.EndpointCategory, v, 'ENDPOINT_CATEGORY_');
export const methodName = (v: number) => name(endpointsV1.EndpointMethod, v, 'ENDPOINT_METHOD_');
export const statusName = (v: number) => name(endpointsV1.EndpointStatus, v, 'ENDPOINT_STATUS_');

/** Plain rows for a terminal: fixed-width columns, no colours (output may be piped). */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

export function describeReason(reason: endpointsV1.SuspensionReason | undefined): string {
  if (!reason) return '';
  if (reason.automatic) return `automatic: ${reason.automatic.metric}=${reason.automatic.value} over ${reason.automatic.windowSeconds}s (${reason.automatic.attempts} attempts)`;
  if (reason.receiverGone) return 'receiver answered 410 Gone';
  return reason.manual?.note ? `manual: ${reason.manual.note}` : 'manual';
}

export function endpointTable(endpoints: registryV1.Endpoint[]): string {
  return table([
    ['ID', 'CATEGORY', 'METHOD', 'STATUS', 'API VERSION', 'ERROR RATE', 'KEY', 'URL'],
    ...endpoints.map((e) => [
      e.endpointId,
      categoryName(e.category),
      methodName(e.method),
      statusName(e.status),
      e.apiVersion,
      e.errorRate === undefined ? '-' : `${(e.errorRate * 100).toFixed(1)}%`,
      e.maskedKey,
      e.url || '(not set)',
    ]),
  ]);
}

export function eventLine(event: endpointEventsV1.EndpointEventEnvelope | undefined): string {
  if (!event) return '';
  const actor = `${name(endpointsV1.ActorKind, event.actor?.kind ?? 0, 'ACTOR_KIND_').toLowerCase()}:${event.actor?.id ?? '?'}`;
  return `v${event.streamVersion}  ${event.occurredAt}  ${event.type.padEnd(26)} by ${actor}  ${eventDetail(event)}`;
}

function eventDetail(e: endpointEventsV1.EndpointEventEnvelope): string {
  if (e.endpointAdded) return `${categoryName(e.endpointAdded.category)} ${methodName(e.endpointAdded.method)} api ${e.endpointAdded.apiVersion} key ${e.endpointAdded.maskedKey}${e.endpointAdded.url ? ` url ${e.endpointAdded.url}` : ''}`;
  if (e.endpointUrlConfigured) return `url ${e.endpointUrlConfigured.url}`;
  if (e.endpointApiVersionChanged) return `${e.endpointApiVersionChanged.from} -> ${e.endpointApiVersionChanged.to}`;
  if (e.endpointSuspended) return describeReason(e.endpointSuspended.reason);
  if (e.endpointKeyRolled) return `new key ${e.endpointKeyRolled.maskedKey}; old key expires ${e.endpointKeyRolled.oldKeyExpiresAt}`;
  return '';
}
