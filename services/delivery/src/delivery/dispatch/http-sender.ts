import { buildConnector, Pool } from 'undici';
import type { AttemptResult } from '@bakuun/delivery-domain';
import { SsrfGuard } from './ssrf-guard';

export interface HttpSenderOptions {
  connectTimeoutMs: number;
  totalTimeoutMs: number;
  responseBodyCapBytes: number;
  /** Connections per origin: the per-endpoint concurrency. */
  connectionsPerOrigin: number;
}

export type SendResult = AttemptResult & { readonly latencyMs: number; readonly responseExcerpt: string };

const EXCERPT_BYTES = 512;

class TotalTimeout extends Error {
  readonly code = 'BAKUUN_TOTAL_TIMEOUT';
}

const IDLE_POOL_MS = 5 * 60_000;

interface EndpointPool {
  origin: string;
  pool: Pool;
  lastUsed: number;
}

/**
 * POSTs one webhook with undici: a connection pool per endpoint (not per origin, so two
 * endpoints on one host cannot queue behind each other), every new connection through the
 * SSRF guard (resolved, checked, pinned), a connect timeout and a total deadline, no redirects
 * followed (undici follows none unless asked), and at most `responseBodyCapBytes` of the answer
 * read before the connection is dropped.
 */
export class HttpSender {
  private readonly pools = new Map<string, EndpointPool>();
  private readonly connect: buildConnector.connector;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    guard: SsrfGuard,
    private readonly options: HttpSenderOptions,
  ) {
    const connect = buildConnector({ timeout: options.connectTimeoutMs });
    this.connect = (opts, callback) => {
      guard.pin(opts.hostname, opts.protocol).then(
        (address) => connect({ ...opts, hostname: address }, callback),
        (error: Error) => callback(error, null),
      );
    };
    this.sweeper = setInterval(() => this.closeIdlePools(), IDLE_POOL_MS);
    this.sweeper.unref();
  }

  private poolFor(endpointId: string, origin: string): Pool {
    const existing = this.pools.get(endpointId);
    if (existing && existing.origin === origin) {
      existing.lastUsed = Date.now();
      return existing.pool;
    }
    if (existing) void existing.pool.close().catch(() => undefined);
    const pool = new Pool(origin, {
      connections: this.options.connectionsPerOrigin,
      pipelining: 1,
      keepAliveTimeout: 10_000,
      keepAliveMaxTimeout: 60_000,
      headersTimeout: this.options.totalTimeoutMs,
      bodyTimeout: this.options.totalTimeoutMs,
      connect: this.connect,
    });
    this.pools.set(endpointId, { origin, pool, lastUsed: Date.now() });
    return pool;
  }

  private closeIdlePools(): void {
    const cutoff = Date.now() - IDLE_POOL_MS;
    for (const [endpointId, entry] of this.pools) {
      if (entry.lastUsed >= cutoff) continue;
      this.pools.delete(endpointId);
      void entry.pool.close().catch(() => undefined);
    }
  }

  async send(endpointId: string, url: string, headers: Record<string, string>, body: string): Promise<SendResult> {
    const started = performance.now();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new TotalTimeout(`no complete answer within ${this.options.totalTimeoutMs} ms`)), this.options.totalTimeoutMs);
    const elapsed = () => Math.round((performance.now() - started) * 1000) / 1000;
    try {
      const target = new URL(url);
      const response = await this.poolFor(endpointId, target.origin).request({
        path: `${target.pathname}${target.search}`,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Bakuun-Webhooks/1', ...headers },
        body,
        signal: controller.signal,
      });
      const excerpt = await this.readCapped(response.body);
      const retryAfter = response.headers['retry-after'];
      return {
        kind: 'RESPONSE',
        statusCode: response.statusCode,
        ...(typeof retryAfter === 'string' ? { retryAfter } : {}),
        latencyMs: elapsed(),
        responseExcerpt: excerpt,
      };
    } catch (error) {
      const reason = controller.signal.aborted ? controller.signal.reason : error;
      return { ...classifyTransportError(reason), latencyMs: elapsed(), responseExcerpt: '' };
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all([...this.pools.values()].map((p) => p.pool.destroy().catch(() => undefined)));
    this.pools.clear();
  }

  private async readCapped(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<string> {
    const cap = this.options.responseBodyCapBytes;
    const kept: Buffer[] = [];
    let keptBytes = 0;
    let read = 0;
    for await (const chunk of body) {
      read += chunk.length;
      if (keptBytes < EXCERPT_BYTES) {
        kept.push(chunk.subarray(0, EXCERPT_BYTES - keptBytes));
        keptBytes += Math.min(chunk.length, EXCERPT_BYTES - keptBytes);
      }
      if (read >= cap) {
        body.destroy();
        break;
      }
    }
    return Buffer.concat(kept).toString('utf8');
  }
}

type TransportError = Extract<AttemptResult, { kind: 'TRANSPORT_ERROR' }>;

/** Maps Node, undici and guard errors to the published error classes; messages never include the URL path. */
export function classifyTransportError(error: unknown): TransportError {
  const e = error as { code?: string; name?: string; message?: string; cause?: { code?: string } } | undefined;
  const code = e?.code ?? e?.cause?.code ?? '';
  const message = (e?.message ?? String(error)).slice(0, 300);
  const of = (errorClass: TransportError['errorClass']): TransportError => ({ kind: 'TRANSPORT_ERROR', errorClass, message });
  if (code === 'BAKUUN_SSRF_REFUSED') return of('SSRF_REFUSED');
  if (code === 'BAKUUN_TOTAL_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return of('TIMEOUT');
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') return of('CONNECT_TIMEOUT');
  if (code === 'ECONNREFUSED') return of('CONNECTION_REFUSED');
  if (['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED'].includes(code)) return of('CONNECTION_RESET');
  if (['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME'].includes(code)) return of('DNS');
  if (/^(ERR_TLS|ERR_SSL|CERT_|DEPTH_ZERO|UNABLE_TO_|SELF_SIGNED|ERR_OSSL|HOSTNAME_MISMATCH)/.test(code) || /SSL|TLS|certificate/i.test(message)) return of('TLS');
  return of('OTHER');
}
