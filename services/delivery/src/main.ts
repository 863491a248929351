import 'reflect-metadata';
import { loadDeliveryConfig } from './config';
import { startDelivery } from './delivery.app';

async function main(): Promise<void> {
  const delivery = await startDelivery(loadDeliveryConfig());
  const shutdown = (): void => {
    delivery.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`delivery did not shut down cleanly: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  process.stdout.write(`${JSON.stringify({ level: 'info', service: 'delivery', msg: 'listening', grpc: delivery.grpcUrl, http: delivery.httpUrl })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`delivery failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
