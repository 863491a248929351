import 'reflect-metadata';
import { loadInboundEdgeConfig } from './config';
import { startInboundEdge } from './inbound-edge.app';

async function main(): Promise<void> {
  const edge = await startInboundEdge(loadInboundEdgeConfig());
  const shutdown = (): void => {
    edge.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`inbound-edge did not shut down cleanly: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  process.stdout.write(`${JSON.stringify({ level: 'info', service: 'inbound-edge', msg: 'listening', http: edge.httpUrl })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`inbound-edge failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
