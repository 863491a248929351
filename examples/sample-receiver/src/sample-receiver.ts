import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

/**
 * What a partner runs to receive Bakuun webhooks, using nothing of ours: the public
 * `standardwebhooks` package verifies `webhook-id`, `webhook-timestamp` (5 minutes of
 * tolerance) and `webhook-signature` (any one of the `v1,` signatures may match, so it keeps
 * working through a key rotation) over the exact body bytes.
 *
 * It also does what the Standard Webhooks spec asks of receivers: it answers 2xx quickly,
 * ignores a `webhook-id` it already processed (we deliver at least once), and, for ARI
 * 2025-09-01, drops an update whose `sequence` is older than one it already applied for the
 * same hotel/room/rate/date.
 */
export interface SampleReceiverOptions {
  /** The endpoint's signing secret (`whsec_...`) as shown once when the endpoint was added or its key rolled. */
  secret: string;
  /** Called with every verified, new payload. */
  onWebhook?: (event: ReceivedWebhook) => void;
  /** Called when a request fails verification. */
  onRejected?: (reason: string) => void;
  /** How many webhook ids are remembered for deduplication. */
  rememberIds?: number;
}

export interface ReceivedWebhook {
  id: string;
  type: string;
  data: unknown;
  /** How many `v1,` signatures the request carried (two during a key rotation overlap). */
  signatures: number;
}

export interface SampleReceiver {
  server: Server;
  url: string;
  /** Verified webhooks in the order they were accepted. */
  accepted: ReceivedWebhook[];
  rejected: number;
  duplicates: number;
  close(): Promise<void>;
}

interface AriUpdate {
  hotelCode: string;
  roomTypeCode: string | null;
  ratePlanCode: string | null;
  dateRange?: { from: string; to: string };
  sequence?: number;
}

export async function startSampleReceiver(options: SampleReceiverOptions, port = 0, host = '127.0.0.1'): Promise<SampleReceiver> {
  const webhook = new Webhook(options.secret);
  const seen = new Set<string>();
  const applied = new Map<string, number>();
  const receiver: SampleReceiver = { server: createServer(), url: '', accepted: [], rejected: 0, duplicates: 0, close: async () => undefined };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    let payload: { type: string; data: unknown };
    try {
      payload = webhook.verify(body, {
        'webhook-id': String(req.headers['webhook-id'] ?? ''),
        'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
        'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
      }) as { type: string; data: unknown };
    } catch (error) {
      receiver.rejected++;
      options.onRejected?.(error instanceof Error ? error.message : String(error));
      res.writeHead(error instanceof WebhookVerificationError ? 401 : 400).end();
      return;
    }
    const id = String(req.headers['webhook-id']);
    if (seen.has(id)) {
      receiver.duplicates++;
      res.writeHead(204).end();
      return;
    }
    seen.add(id);
    if (seen.size > (options.rememberIds ?? 100_000)) seen.delete(seen.values().next().value!);
    if (payload.type === 'ari.updated') {
      const data = payload.data as { updates: AriUpdate[] };
      data.updates = data.updates.filter((u) => {
        if (u.sequence === undefined) return true;
        const key = `${u.hotelCode}|${u.roomTypeCode ?? '*'}|${u.ratePlanCode ?? '*'}|${u.dateRange?.from}|${u.dateRange?.to}`;
        if ((applied.get(key) ?? -1) > u.sequence) return false;
        applied.set(key, u.sequence);
        return true;
      });
    }
    const signatures = String(req.headers['webhook-signature'] ?? '').split(' ').filter((s) => s.startsWith('v1,')).length;
    const event: ReceivedWebhook = { id, type: payload.type, data: payload.data, signatures };
    receiver.accepted.push(event);
    options.onWebhook?.(event);
    res.writeHead(204).end();
  };

  receiver.server.on('request', (req, res) => void handle(req, res).catch(() => res.writeHead(500).end()));
  await new Promise<void>((resolve) => receiver.server.listen(port, host, resolve));
  const address = receiver.server.address();
  receiver.url = `http://${host}:${typeof address === 'object' && address ? address.port : port}/webhooks`;
  receiver.close = () => new Promise((resolve) => receiver.server.close(() => resolve()));
  return receiver;
}
