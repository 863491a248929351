import 'reflect-metadata';
import { loadConsoleConfig } from './config';
import { startConsole } from './console.app';

async function main(): Promise<void> {
  const console = await startConsole(loadConsoleConfig());
  const shutdown = (signal: NodeJS.Signals) => {
    console.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`console failed to shut down after ${signal}: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  process.stdout.write(`${JSON.stringify({ level: 'info', service: 'console', msg: 'listening', http: console.httpUrl })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`console failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
