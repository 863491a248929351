import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startInfra } from './ensure-infra-env';
import { infraEnvFile } from './infra-env-file';

const repoRoot = join(__dirname, '..', '..', '..', '..');

/**
 * Builds the services (tests start some as separate processes from dist/), makes sure the real Kafka broker and MongoDB-compatible server are up (started by the
 * project's own scripts unless KAFKA_BROKERS / MONGODB_URI name external ones), then leaves
 * their addresses for the workers.
 */
export default function globalSetup(): void {
  execFileSync(join(repoRoot, 'scripts', 'build'), { stdio: ['ignore', 'inherit', 'inherit'] });
  const env = startInfra('show');
  mkdirSync(dirname(infraEnvFile), { recursive: true });
  writeFileSync(infraEnvFile, JSON.stringify(env));
}
