import { startSampleReceiver } from './sample-receiver';

/** `WEBHOOK_SECRET=whsec_... PORT=9000 node dist/examples/sample-receiver/src/main.js` */
async function main(): Promise<void> {
  const secret = process.env.WEBHOOK_SECRET;
  if (!secret) throw new Error('WEBHOOK_SECRET (the endpoint signing secret, whsec_...) is required');
  const receiver = await startSampleReceiver(
    {
      secret,
      onWebhook: (event) => process.stdout.write(`${JSON.stringify({ msg: 'webhook', id: event.id, type: event.type, signatures: event.signatures })}\n`),
      onRejected: (reason) => process.stdout.write(`${JSON.stringify({ msg: 'rejected', reason })}\n`),
    },
    Number(process.env.PORT ?? 9000),
    process.env.HOST ?? '127.0.0.1',
  );
  process.stdout.write(`${JSON.stringify({ msg: 'listening', url: receiver.url })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`sample receiver failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
