import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './repo-cli';

export interface ReceivedLine {
  id: string;
  type: string;
  signatures: number;
}

/**
 * The partner's side: the sample receiver (examples/sample-receiver) as its own process,
 * holding one endpoint's signing secret. It prints one line per verified webhook.
 */
export class ReceiverProcess {
  readonly received: ReceivedLine[] = [];
  rejected = 0;
  url = '';
  private child: ChildProcess | null = null;

  constructor(
    readonly name: string,
    private readonly onWebhook: (receiver: ReceiverProcess, line: ReceivedLine) => void,
  ) {}

  /** Starts (or restarts, keeping its port) with the given secret. */
  async start(secret: string, port = 0): Promise<void> {
    const child = spawn(process.execPath, [join(repoRoot, 'dist', 'examples', 'sample-receiver', 'src', 'main.js')], {
      cwd: repoRoot,
      env: { ...process.env, WEBHOOK_SECRET: secret, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    let buffer = '';
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`sample receiver ${this.name} exited with code ${code}`)));
      child.stdout!.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const text of lines) {
          const record = JSON.parse(text) as { msg: string; url?: string } & ReceivedLine;
          if (record.msg === 'listening') {
            this.url = record.url!;
            resolve();
          } else if (record.msg === 'webhook') {
            const line = { id: record.id, type: record.type, signatures: record.signatures };
            this.received.push(line);
            this.onWebhook(this, line);
          } else if (record.msg === 'rejected') {
            this.rejected++;
          }
        }
      });
    });
  }

  get port(): number {
    return Number(new URL(this.url).port);
  }

  idsReceived(): Set<string> {
    return new Set(this.received.map((r) => r.id));
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}
