import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createKafka } from '@bakuun/platform';
import { countByType, describeCounts, UPSTREAM_TOPICS, type UpstreamTopics } from '@bakuun/ota-ingest';
import { loadIngestConfig } from '../config';
import { parseFiles, prefixedTopics, produceFiles, type FileOutcome, type InputFile } from '../ingest-files';

const USAGE = `Usage: npm run ingest -- --partner <id> [--brokers host:port[,host:port]] [--currency ISO] [--dry-run] [--json] [--topic-prefix P] <file...>

Reads OTA XML (OTA_HotelAvailNotifRQ, OTA_HotelRateAmountNotifRQ, OTA_HotelInvCountNotifRQ,
OTA_HotelResNotifRQ) or our JSON documents ({"type": "ari" | "mapping" | "booking", ...}) and
produces upstream messages to ${UPSTREAM_TOPICS.ari}, ${UPSTREAM_TOPICS.mapping} and
${UPSTREAM_TOPICS.booking}, keyed <partner>:<hotel>. Every file is validated first; if any
file has an error nothing is produced and the exit code is 1. Re-running the same files
produces the same message ids.

  --partner        partner id (default BAKUUN_PARTNER_ID)
  --brokers        Kafka brokers (default KAFKA_BROKERS)
  --currency       ISO 4217 currency for OTA amounts that state none
  --dry-run        validate and summarise, produce nothing
  --json           machine-readable output
  --topic-prefix   prefix for the topic names (tests)

Exit codes: 0 produced (or valid, with --dry-run), 1 validation errors, 2 usage, 3 Kafka failure.`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const { values, positionals: files } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      partner: { type: 'string' },
      brokers: { type: 'string' },
      currency: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      'topic-prefix': { type: 'string', default: '' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const config = loadIngestConfig();
  const partnerId = values.partner ?? config.BAKUUN_PARTNER_ID;
  if (!partnerId) throw new UsageError('--partner (or BAKUUN_PARTNER_ID) is required');
  if (files.length === 0) throw new UsageError('name at least one file');
  const brokers = values.brokers ? values.brokers.split(',').map((b) => b.trim()).filter(Boolean) : config.KAFKA_BROKERS;
  const dryRun = values['dry-run'] ?? false;
  if (!dryRun && (!brokers || brokers.length === 0)) throw new UsageError('--brokers (or KAFKA_BROKERS) is required unless --dry-run');
  const topics = prefixedTopics(values['topic-prefix'] ?? '');

  const inputs: InputFile[] = files.map((name) => ({ name, content: readInput(resolve(config.INIT_CWD ?? process.cwd(), name)) }));
  const outcomes = parseFiles(inputs, {
    partnerId,
    receivedAt: new Date().toISOString(),
    ...(values.currency ? { defaultCurrencyCode: values.currency } : {}),
  });
  const valid = outcomes.every((o) => o.ok);
  let produced = false;
  if (valid && !dryRun) {
    const kafka = createKafka({ clientId: 'bakuun-ingest', brokers: brokers! });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      await produceFiles(producer, outcomes, topics);
      produced = true;
    } finally {
      await producer.disconnect();
    }
  }
  report(outcomes, { json: values.json ?? false, dryRun, produced, topics });
  return valid ? 0 : 1;
}

function readInput(name: string): Uint8Array {
  try {
    return readFileSync(name);
  } catch (error) {
    throw new UsageError(`cannot read ${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function report(outcomes: FileOutcome[], run: { json: boolean; dryRun: boolean; produced: boolean; topics: UpstreamTopics }): void {
  if (run.json) {
    const files = outcomes.map((o) =>
      o.ok
        ? { file: o.file, ok: true, documentType: o.documentType, sha256: o.sha256, counts: countByType(o.messages), errors: [], messageIds: o.messages.map((m) => m.message.envelope!.messageId), ...(run.dryRun ? { messages: o.messages } : {}) }
        : { file: o.file, ok: false, documentType: o.documentType ?? null, sha256: o.sha256, counts: countByType([]), errors: o.issues, messageIds: [] },
    );
    process.stdout.write(`${JSON.stringify({ ok: outcomes.every((o) => o.ok), dryRun: run.dryRun, produced: run.produced, topics: run.topics, files }, null, 2)}\n`);
    return;
  }
  for (const o of outcomes) {
    if (o.ok) {
      process.stdout.write(`${o.file}: ${describeCounts(o.messages)}, 0 errors\n`);
    } else {
      process.stdout.write(`${o.file}: ${o.issues.length} error${o.issues.length === 1 ? '' : 's'}\n`);
      for (const issue of o.issues) process.stdout.write(`  ${issue.path}: ${issue.message} [${issue.code}]\n`);
    }
  }
  const total = outcomes.reduce((n, o) => n + (o.ok ? o.messages.length : 0), 0);
  const failed = outcomes.filter((o) => !o.ok).length;
  if (run.produced) process.stdout.write(`produced ${total} message(s)\n`);
  else if (failed > 0) process.stdout.write(`nothing produced: ${failed} file(s) with errors; fix them and run again (message ids are deterministic, re-running is safe)\n`);
  else process.stdout.write(`dry run: ${total} message(s) validated, nothing produced\n`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof UsageError || (error instanceof Error && error.name === 'ValidationError') || (error instanceof Error && error.name === 'ConfigurationError') || error instanceof TypeError ? 2 : 3);
  },
);
