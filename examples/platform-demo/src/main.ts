import { loadDemoSettings } from './demo-settings';
import { runDemo } from './demo-flow';
import { ConsoleNarrator } from './narrator';

/** `npm run demo` (scripts/demo): against the platform `npm start` runs. */
async function main(): Promise<void> {
  const settings = loadDemoSettings();
  process.stdout.write(`Bakuun Webhooks demo, partner ${settings.partnerId}, against registry ${settings.registryUrl}, key management ${settings.keyManagementUrl}, delivery ${settings.deliveryUrl}, metrics ${settings.metricsUrl}\n`);
  const report = await runDemo(settings, new ConsoleNarrator());
  process.stdout.write(`\nDone: ${Object.keys(report.endpoints).length} endpoints, ${report.history.types.length} events on the ARI endpoint's log, hash chains ${report.verification.valid ? 'valid' : 'BROKEN'}.\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}\nIs the platform running (npm start in another terminal)?\n`);
  process.exit(1);
});
