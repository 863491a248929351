import 'reflect-metadata';
import { loadRegistryConfig } from './config';
import { startRegistry } from './registry.app';

async function main(): Promise<void> {
  const registry = await startRegistry(loadRegistryConfig());
  process.stdout.write(`${JSON.stringify({ level: 'info', service: 'endpoint-registry', msg: 'listening', grpc: registry.grpcUrl, http: registry.httpUrl })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`endpoint-registry failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
