/* global fetch */
// Runs the platform's services as separate processes, in dependency order, prints where each
// listens, and stops them all (in reverse order, SIGTERM then SIGKILL) on Ctrl-C.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const logs = join(root, '.infra', 'logs');
mkdirSync(logs, { recursive: true });

/** A development master key, created once and kept in the git-ignored .infra/ folder. */
function devMasterKeys() {
  if (process.env.MASTER_KEYS) return { MASTER_KEYS: process.env.MASTER_KEYS, MASTER_KEY_ACTIVE: process.env.MASTER_KEY_ACTIVE ?? '' };
  const file = join(root, '.infra', 'dev-master-key');
  if (!existsSync(file)) writeFileSync(file, `dev1:${randomBytes(32).toString('base64')}`, { mode: 0o600 });
  return { MASTER_KEYS: readFileSync(file, 'utf8').trim(), MASTER_KEY_ACTIVE: 'dev1' };
}

const devDefaults = { ALLOW_INSECURE_LOOPBACK_URLS: 'true', RESOLVE_URL_ON_SET: 'false', ...devMasterKeys() };
const services = [
  { name: 'key-management', env: {} },
  { name: 'endpoint-registry', env: {} },
  { name: 'delivery', env: {} },
  { name: 'inbound-edge', env: {} },
  { name: 'metrics', env: {} },
  { name: 'console', env: {} },
].filter((s) => existsSync(join(root, 'dist', 'services', s.name, 'src', 'main.js')));

/**
 * Development only: a first console operator, so a fresh `npm start` can be signed in to. Created
 * once through key management's CLI (only its argon2id hash is stored); the generated password is
 * printed on this terminal that one time and never written to a file or log. DEV_OPERATOR=off
 * skips it; DEV_OPERATOR=<partner>/<operator> names it.
 */
async function ensureDevOperator() {
  const wanted = process.env.DEV_OPERATOR ?? 'partner-1/dev';
  if (wanted === 'off') return null;
  const [partnerId, operatorId] = wanted.split('/');
  if (!partnerId || !operatorId) throw new Error(`DEV_OPERATOR must be <partner>/<operator> or off, not "${wanted}"`);
  const password = randomBytes(15).toString('base64url');
  const cli = join(root, 'dist', 'services', 'key-management', 'src', 'cli', 'keys-cli.js');
  const child = spawn(process.execPath, [cli, 'operator', 'create', partnerId, operatorId, '--password-stdin'], {
    cwd: root,
    env: { ...devDefaults, ...process.env },
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr.on('data', (chunk) => (errors += chunk.toString()));
  child.stdin.end(password);
  const code = await new Promise((resolve) => child.once('exit', resolve));
  if (code === 0) return { partnerId, operatorId, password };
  if (errors.includes('OPERATOR.ALREADY_EXISTS')) return { partnerId, operatorId, password: null };
  throw new Error(`could not create the development operator ${operatorId} of ${partnerId}: ${errors.trim()}`);
}

function signInHint(consoleUrl, operator) {
  if (!consoleUrl) return '';
  const lines = [`\nConsole: ${consoleUrl}`];
  if (operator?.password) {
    lines.push(`  sign in as partner "${operator.partnerId}", operator "${operator.operatorId}", password ${operator.password}`);
    lines.push('  (generated now and shown only this once; key management keeps only its argon2id hash)');
  } else if (operator) {
    lines.push(`  sign in as partner "${operator.partnerId}", operator "${operator.operatorId}" (password shown when it was created;`);
    lines.push(`  set a new one: npm run keys -- operator set-password ${operator.partnerId} ${operator.operatorId})`);
  } else {
    lines.push('  operators: npm run keys -- operator create <partner> <operator>');
  }
  return `${lines.join('\n')}\n`;
}

const running = [];
let stopping = false;

function start(service) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    process.stdout.write(`==> starting ${service.name}\n`);
    const child = spawn(process.execPath, [join(root, 'dist', 'services', service.name, 'src', 'main.js')], {
      cwd: root,
      env: { ...devDefaults, ...process.env, ...service.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = createWriteStream(join(logs, `${service.name}.log`), { flags: 'a' });
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    running.push({ ...service, child });
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`${service.name} did not start within 60 s; see .infra/logs/${service.name}.log`)), 60_000);
    child.stdout.on('data', (chunk) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop();
      for (const line of lines) {
        try {
          const record = JSON.parse(line);
          if (record.msg === 'listening') {
            clearTimeout(timer);
            resolve({ ...record, seconds: ((Date.now() - started) / 1000).toFixed(1) });
          }
        } catch {
          /* not JSON */
        }
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!stopping) {
        process.stderr.write(`!! ${service.name} exited with code ${code}; see .infra/logs/${service.name}.log\n`);
        void stopAll(1);
      }
      reject(new Error(`${service.name} exited with code ${code}`));
    });
  });
}

/** Waits until the service's /readyz answers 200 (its stores and consumers are up), not only until it listens. */
async function ready(name, httpBase) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${httpBase}/readyz`)).ok) return;
    } catch {
      /* not answering yet */
    }
    if (Date.now() > deadline) throw new Error(`${name} is listening but ${httpBase}/readyz did not answer 200 within 60 s; see .infra/logs/${name}.log`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function stopAll(exitCode) {
  if (stopping) return;
  stopping = true;
  process.stdout.write('\n==> stopping services (draining in-flight work)\n');
  for (const { name, child } of [...running].reverse()) {
    if (child.exitCode !== null) continue;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(killer);
    process.stdout.write(`    ${name} stopped\n`);
  }
  process.stdout.write('Local Kafka and FerretDB keep running; `npm run infra -- down` stops them.\n');
  process.exit(exitCode);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  const table = [];
  let operator = null;
  let consoleUrl = null;
  for (const service of services) {
    if (service.name === 'console') operator = await ensureDevOperator();
    const info = await start(service);
    if (info.http) await ready(service.name, info.http);
    if (service.name === 'console') consoleUrl = info.http;
    table.push(`  ${service.name.padEnd(18)} gRPC ${String(info.grpc ?? '-').padEnd(20)} HTTP ${String(info.http ?? '-').padEnd(24)} metrics ${info.http ? `${info.http}/metrics` : '-'}  (${info.seconds}s)`);
  }
  process.stdout.write(`\nBakuun Webhooks is running:\n${table.join('\n')}\n  Kafka              ${process.env.KAFKA_BROKERS}\n  MongoDB            ${process.env.MONGODB_URI}\nHealth: <HTTP>/healthz, /readyz; Prometheus: <HTTP>/metrics. Logs: .infra/logs/. Ctrl-C stops.\n${signInHint(consoleUrl, operator)}`);
} catch (error) {
  process.stderr.write(`!! ${error.message}\n`);
  await stopAll(1);
}
