import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { findRepoRoot } from '../repo-root';
import type { InfraEnv } from './infra-env-file';

/**
 * Makes sure the project's Kafka broker and MongoDB-compatible server are up (started by
 * `scripts/infra up`, or the external ones KAFKA_BROKERS / MONGODB_URI name, probed) and returns
 * their addresses as `scripts/infra env` prints them. `show` passes the script's progress through.
 */
export function startInfra(output: 'show' | 'quiet' = 'quiet'): InfraEnv {
  const script = join(findRepoRoot(__dirname), 'scripts', 'infra');
  execFileSync(script, ['up'], { stdio: ['ignore', output === 'show' ? 'inherit' : 'ignore', 'inherit'] });
  const env: Partial<InfraEnv> = {};
  for (const line of execFileSync(script, ['env'], { encoding: 'utf8' }).trim().split('\n')) {
    const match = /^(?:export\s+)?(KAFKA_BROKERS|MONGODB_URI)=['"]?([^'"]*)['"]?$/.exec(line.trim());
    if (match) env[match[1] as keyof InfraEnv] = match[2]!;
  }
  if (!env.KAFKA_BROKERS || !env.MONGODB_URI) throw new Error(`scripts/infra env did not name KAFKA_BROKERS and MONGODB_URI: ${JSON.stringify(env)}`);
  return { KAFKA_BROKERS: env.KAFKA_BROKERS, MONGODB_URI: env.MONGODB_URI };
}

/** For benchmarks run outside Jest: `startInfra`, then the addresses in process.env, as the Jest global setup gives the tests. */
export function ensureInfraEnv(): void {
  Object.assign(process.env, startInfra());
}
