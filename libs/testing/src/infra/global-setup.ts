import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InfraEnv, infraEnvFile } from './infra-env-file';

const repoRoot = join(__dirname, '..', '..', '..', '..');

function parseEnvLines(text: string): Partial<InfraEnv> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^(?:export\s+)?([A-Z_]+)=['"]?([^'"]*)['"]?$/.exec(line.trim());
    if (match?.[1] && match[2] !== undefined) env[match[1]] = match[2];
  }
  return env;
}

/**
 * Builds the services (tests start some as separate processes from dist/), makes sure the real Kafka broker and MongoDB-compatible server are up (started by the
 * project's own scripts unless KAFKA_BROKERS / MONGODB_URI name external ones), then leaves
 * their addresses for the workers.
 */
export default function globalSetup(): void {
  execFileSync(join(repoRoot, 'scripts', 'build'), { stdio: ['ignore', 'inherit', 'inherit'] });
  const script = join(repoRoot, 'scripts', 'infra');
  execFileSync(script, ['up'], { stdio: ['ignore', 'inherit', 'inherit'] });
  const env = parseEnvLines(execFileSync(script, ['env'], { encoding: 'utf8' }));
  if (!env.KAFKA_BROKERS || !env.MONGODB_URI) {
    throw new Error(`scripts/infra env did not name KAFKA_BROKERS and MONGODB_URI: ${JSON.stringify(env)}`);
  }
  mkdirSync(dirname(infraEnvFile), { recursive: true });
  writeFileSync(infraEnvFile, JSON.stringify({ KAFKA_BROKERS: env.KAFKA_BROKERS, MONGODB_URI: env.MONGODB_URI }));
}
