import 'reflect-metadata';
import { loadKeyManagementConfig } from './config';
import { startKeyManagement } from './key-management.app';

async function main(): Promise<void> {
  const keys = await startKeyManagement(loadKeyManagementConfig());
  const shutdown = (signal: NodeJS.Signals) => {
    keys.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`key-management failed to shut down after ${signal}: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  process.stdout.write(`${JSON.stringify({ level: 'info', service: 'key-management', msg: 'listening', grpc: keys.grpcUrl, http: keys.httpUrl })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`key-management failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
