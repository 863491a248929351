// Resolves the project's own client libraries (kafkajs, mongodb) from the repo's node_modules,
// falling back to NODE_PATH, so the probes test exactly the client versions the services use.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { readFileSync } from 'node:fs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const requireFromRepo = createRequire(path.join(repoRoot, 'package.json'));

/** Exit code used by every probe when a client library is not installed. */
export const EXIT_NO_CLIENT = 3;

export function requireClient(name) {
  try {
    return requireFromRepo(name);
  } catch (e) {
    if (e?.code !== 'MODULE_NOT_FOUND') throw e;
    console.error(`[infra] cannot load '${name}' from ${repoRoot}/node_modules: run 'npm ci' first (or set NODE_PATH)`);
    process.exit(EXIT_NO_CLIENT);
  }
}

/** Parses `--name value` and `--flag` arguments. */
export function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) out[a.slice(2)] = true;
    else out[a.slice(2)] = argv[++i];
  }
  return out;
}

/** True while the process runs (a zombie counts as dead). Without a pid there is nothing to watch. */
export function pidAlive(pid) {
  if (!pid) return true;
  try {
    process.kill(Number(pid), 0);
  } catch (e) {
    if (e.code !== 'EPERM') return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Calls attempt() until it resolves, the deadline passes (exit 1) or the watched pid dies (exit 2).
 * @param {() => Promise<string>} attempt returns a one-line description on success
 */
export async function probeUntil(what, attempt, { waitSeconds = 0, pid } = {}) {
  const deadline = Date.now() + Number(waitSeconds) * 1000;
  let lastError;
  for (;;) {
    try {
      const info = await attempt();
      console.log(`${what} ready: ${info}`);
      process.exit(0);
    } catch (e) {
      lastError = e;
    }
    if (!pidAlive(pid)) {
      console.error(`${what}: process ${pid} exited while waiting (${lastError?.message ?? lastError})`);
      process.exit(2);
    }
    if (Date.now() >= deadline) {
      console.error(`${what} not ready: ${lastError?.message ?? lastError}`);
      process.exit(1);
    }
    await sleep(500);
  }
}
