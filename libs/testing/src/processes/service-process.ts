import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { findRepoRoot } from '../repo-root';

const repoRoot = findRepoRoot(__dirname);

export type ServiceName = 'endpoint-registry' | 'key-management' | 'delivery' | 'inbound-edge' | 'metrics' | 'console';

export interface ServiceProcess {
  name: ServiceName;
  process: ChildProcess;
  /** What the service printed in its "listening" line (grpc, http addresses). */
  listening: Record<string, string>;
  /** SIGTERM and wait (graceful shutdown), SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<number | null>;
  /** SIGKILL: the crash a test wants to survive. */
  kill(): Promise<void>;
}

const children = new Set<ChildProcess>();
// A test run or bench that dies must not leave its services running.
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/** A free loopback port, for services a test starts. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts a built service (`dist/services/<name>/src/main.js`, built by the integration global
 * setup) as a separate process and waits for its "listening" log line. Its output goes to
 * `test-output/<name>-<pid>.log`.
 */
export async function startServiceProcess(name: ServiceName, env: Record<string, string>, timeoutMs = 30_000): Promise<ServiceProcess> {
  const main = join(repoRoot, 'dist', 'services', name, 'src', 'main.js');
  const child = spawn(process.execPath, [main], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  mkdirSync(join(repoRoot, 'test-output'), { recursive: true });
  const log = createWriteStream(join(repoRoot, 'test-output', `${name}-${child.pid}.log`));
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  children.add(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => {
    children.delete(child);
    resolve(code);
  }));
  const listening = await new Promise<Record<string, string>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not report listening within ${timeoutMs} ms (see test-output/${name}-${child.pid}.log)`)), timeoutMs);
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (const line of buffer.split('\n').slice(0, -1)) {
        try {
          const record = JSON.parse(line) as Record<string, unknown>;
          if (record.msg === 'listening') {
            clearTimeout(timer);
            resolve(Object.fromEntries(Object.entries(record).map(([k, v]) => [k, String(v)])));
          }
        } catch {
          // not a JSON line
        }
      }
      buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with code ${code} before listening (see test-output/${name}-${child.pid}.log)`));
    });
  });
  return {
    name,
    process: child,
    listening,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}
