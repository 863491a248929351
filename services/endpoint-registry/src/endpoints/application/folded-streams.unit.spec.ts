import type { StoredEvent } from '@bakuun/event-store';
import { foldEndpointStream } from './endpoint-stream';
import { continueFold, FoldedStreams } from './folded-streams';

const ENDPOINT = 'ep_01h455vb4pex5vsknk084sn02q';

/** Events chained as the store chains them: each names the hash of the one before it. */
function stored(streamVersion: number, type: string, data: Record<string, unknown>, eventId = `evt_${streamVersion}`, previousHash = streamVersion > 1 ? `hash_evt_${streamVersion - 1}` : ''): StoredEvent {
  return {
    eventId, streamId: ENDPOINT, tenantId: 'prt_7', streamVersion, globalPosition: streamVersion, type, schemaVersion: 1, data,
    metadata: { actor: { kind: 'USER', id: 'usr_42' }, correlationId: 'c', causationId: `req_${streamVersion}`, requestId: `req_${streamVersion}` },
    occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, streamVersion)).toISOString(), previousHash, hash: `hash_${eventId}`,
  };
}

const added = stored(1, 'EndpointAdded', {
  endpointId: ENDPOINT, partnerId: 'prt_7', category: 'ARI', method: 'PUSH', direction: 'OUTBOUND', url: null, urlGenerated: false,
  apiVersion: '2025-09-01', keyId: 'key_1', maskedKey: 'whsec_…a1b2', addedAt: '2026-01-01T00:00:01.000Z',
});
const url = (version: number, to: string, from: string | null, eventId?: string) => stored(version, 'EndpointUrlConfigured', { endpointId: ENDPOINT, url: to, previousUrl: from, configuredAt: '2026-01-01T00:00:02.000Z' }, eventId);
const activated = (version: number) => stored(version, 'EndpointActivated', { endpointId: ENDPOINT, activatedAt: '2026-01-01T00:00:03.000Z' });
const suspended = (version: number) => stored(version, 'EndpointSuspended', { endpointId: ENDPOINT, reason: { kind: 'MANUAL' }, suspendedAt: '2026-01-01T00:00:04.000Z' });

describe('continueFold', () => {
  it('extends a fold with the events read after its version to what a whole fold gives', () => {
    const first = [added, url(2, 'https://a.example.com/h', null)];
    const newer = [activated(3), suspended(4)];
    const continued = continueFold(foldEndpointStream(first), newer);
    expect(continued).toEqual(foldEndpointStream([...first, ...newer]));
    expect(continued?.state.status).toBe('SUSPENDED');
    expect(continued?.version).toBe(4);
  });

  it('gives the same fold back when nothing was appended since', () => {
    const folded = foldEndpointStream([added, url(2, 'https://a.example.com/h', null), activated(3)]);
    expect(continueFold(folded, [])).toBe(folded);
  });

  it('refuses events that do not continue the fold: a gap, or another history than the one folded', () => {
    const folded = foldEndpointStream([added, url(2, 'https://a.example.com/h', null)]);
    expect(continueFold(folded, [suspended(4)])).toBeNull();
    // Version 3 chained to another event 2 than the one folded.
    expect(continueFold(folded, [stored(3, 'EndpointActivated', { endpointId: ENDPOINT, activatedAt: '2026-01-01T00:00:03.000Z' }, 'evt_3', 'hash_evt_other')])).toBeNull();
  });
});

describe('FoldedStreams', () => {
  it('keeps the last fold of a stream per tenant: another tenant gets none', () => {
    const streams = new FoldedStreams();
    const folded = foldEndpointStream([added, url(2, 'https://a.example.com/h', null)]);
    streams.remember('prt_7', ENDPOINT, folded);
    expect(streams.get('prt_7', ENDPOINT)).toBe(folded);
    expect(streams.get('prt_8', ENDPOINT)).toBeUndefined();
  });

  it('keeps no fold of a stream that does not exist (version 0)', () => {
    const streams = new FoldedStreams();
    streams.remember('prt_7', ENDPOINT, foldEndpointStream([]));
    expect(streams.get('prt_7', ENDPOINT)).toBeUndefined();
  });

  it('keeps at most `capacity` streams, dropping the least recently remembered', () => {
    const streams = new FoldedStreams(1);
    const folded = foldEndpointStream([added]);
    streams.remember('prt_7', ENDPOINT, folded);
    streams.remember('prt_7', 'ep_other', folded);
    expect(streams.get('prt_7', ENDPOINT)).toBeUndefined();
    expect(streams.get('prt_7', 'ep_other')).toBe(folded);
  });
});
