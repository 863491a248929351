import type { StoredEvent } from '@bakuun/event-store';
import { foldEndpointStream } from './endpoint-stream';
import { FoldedStreams } from './folded-streams';

const ENDPOINT = 'ep_01h455vb4pex5vsknk084sn02q';

function stored(streamVersion: number, type: string, data: Record<string, unknown>, eventId = `evt_${streamVersion}`): StoredEvent {
  return {
    eventId, streamId: ENDPOINT, tenantId: 'prt_7', streamVersion, globalPosition: streamVersion, type, schemaVersion: 1, data,
    metadata: { actor: { kind: 'USER', id: 'usr_42' }, correlationId: 'c', causationId: `req_${streamVersion}`, requestId: `req_${streamVersion}` },
    occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, streamVersion)).toISOString(), previousHash: '', hash: '',
  };
}

const added = stored(1, 'EndpointAdded', {
  endpointId: ENDPOINT, partnerId: 'prt_7', category: 'ARI', method: 'PUSH', direction: 'OUTBOUND', url: null, urlGenerated: false,
  apiVersion: '2025-09-01', keyId: 'key_1', maskedKey: 'whsec_…a1b2', addedAt: '2026-01-01T00:00:01.000Z',
});
const url = (version: number, to: string, from: string | null, eventId?: string) => stored(version, 'EndpointUrlConfigured', { endpointId: ENDPOINT, url: to, previousUrl: from, configuredAt: '2026-01-01T00:00:02.000Z' }, eventId);
const activated = (version: number) => stored(version, 'EndpointActivated', { endpointId: ENDPOINT, activatedAt: '2026-01-01T00:00:03.000Z' });
const suspended = (version: number) => stored(version, 'EndpointSuspended', { endpointId: ENDPOINT, reason: { kind: 'MANUAL' }, suspendedAt: '2026-01-01T00:00:04.000Z' });

describe('FoldedStreams', () => {
  it('folds a stream that grew since its last fold to what a whole fold gives', () => {
    const streams = new FoldedStreams();
    const first = [added, url(2, 'https://a.example.com/h', null)];
    expect(streams.fold(ENDPOINT, first)).toEqual(foldEndpointStream(first));
    const grown = [...first, activated(3), suspended(4)];
    const folded = streams.fold(ENDPOINT, grown);
    expect(folded).toEqual(foldEndpointStream(grown));
    expect(folded.state.status).toBe('SUSPENDED');
    expect(folded.version).toBe(4);
  });

  it('gives the same fold back while the stream has not changed', () => {
    const streams = new FoldedStreams();
    const events = [added, url(2, 'https://a.example.com/h', null), activated(3)];
    expect(streams.fold(ENDPOINT, events)).toBe(streams.fold(ENDPOINT, [...events]));
  });

  it('folds again from the start when the events read no longer begin with the cached ones', () => {
    const streams = new FoldedStreams();
    streams.fold(ENDPOINT, [added, url(2, 'https://a.example.com/h', null)]);
    // Another event at version 2 (not what was folded), and a shorter read.
    const other = [added, url(2, 'https://b.example.com/h', null, 'evt_other'), activated(3)];
    expect(streams.fold(ENDPOINT, other)).toEqual(foldEndpointStream(other));
    expect(streams.fold(ENDPOINT, [added])).toEqual(foldEndpointStream([added]));
    expect(streams.fold(ENDPOINT, [])).toEqual(foldEndpointStream([]));
  });

  it('remembers a fold it is given (the stream after an append), and at most `capacity` streams', () => {
    const streams = new FoldedStreams(1);
    const events = [added, url(2, 'https://a.example.com/h', null)];
    const afterAppend = foldEndpointStream(events);
    streams.remember(ENDPOINT, afterAppend);
    expect(streams.fold(ENDPOINT, [...events])).toBe(afterAppend);
    streams.fold('ep_other', []);
    const again = streams.fold(ENDPOINT, [...events]);
    expect(again).not.toBe(afterAppend);
    expect(again).toEqual(afterAppend);
  });
});
