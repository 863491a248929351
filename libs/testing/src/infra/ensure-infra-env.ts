import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { findRepoRoot } from '../repo-root';

/**
 * For benchmarks run outside Jest: starts the project's Kafka and MongoDB-compatible server if
 * they are not running (or probes the external ones KAFKA_BROKERS / MONGODB_URI name) and puts
 * their addresses in process.env, as the Jest global setup does for tests.
 */
export function ensureInfraEnv(): void {
  const script = join(findRepoRoot(__dirname), 'scripts', 'infra');
  execFileSync(script, ['up'], { stdio: ['ignore', 'ignore', 'inherit'] });
  for (const line of execFileSync(script, ['env'], { encoding: 'utf8' }).trim().split('\n')) {
    const match = /^(?:export\s+)?(KAFKA_BROKERS|MONGODB_URI)=['"]?([^'"]*)['"]?$/.exec(line.trim());
    if (match) process.env[match[1]!] = match[2]!;
  }
}
