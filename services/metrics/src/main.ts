import 'reflect-metadata';
import { loadMetricsConfig } from './config';
import { startMetrics } from './metrics.app';

async function main(): Promise<void> {
  const metrics = await startMetrics(loadMetricsConfig());
  const shutdown = (signal: NodeJS.Signals) => {
    metrics.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`metrics failed to shut down after ${signal}: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  process.stdout.write(`${JSON.stringify({ level: 'info', service: 'metrics', msg: 'listening', grpc: metrics.grpcUrl, http: metrics.httpUrl })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`metrics failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
