import type { Producer } from 'kafkajs';
import { parseUpstreamDocument, toUpstreamRecord, UPSTREAM_TOPICS, type IngestIssue, type IngestOptions, type UpstreamMessage, type UpstreamTopics } from '@bakuun/ota-ingest';

export interface InputFile {
  readonly name: string;
  readonly content: Uint8Array;
}

export type FileOutcome =
  | { readonly file: string; readonly ok: true; readonly documentType: string; readonly sha256: string; readonly messages: readonly UpstreamMessage[] }
  | { readonly file: string; readonly ok: false; readonly documentType?: string | undefined; readonly sha256: string; readonly issues: readonly IngestIssue[] };

/** Parses every file before anything is produced; each outcome is all of a file's messages or all of its issues. */
export function parseFiles(files: readonly InputFile[], options: IngestOptions): FileOutcome[] {
  return files.map((file): FileOutcome => {
    const result = parseUpstreamDocument(file.content, options);
    return result.ok
      ? { file: file.name, ok: true, documentType: result.document.documentType, sha256: result.document.sha256, messages: result.document.messages }
      : { file: file.name, ok: false, documentType: result.documentType, sha256: result.sha256, issues: result.issues };
  });
}

/** Topic names with a prefix, e.g. a test namespace's `t.<id>.`. */
export function prefixedTopics(prefix: string, topics: UpstreamTopics = UPSTREAM_TOPICS): UpstreamTopics {
  return { ari: `${prefix}${topics.ari}`, mapping: `${prefix}${topics.mapping}`, booking: `${prefix}${topics.booking}` };
}

/**
 * Produces parsed files with one `send` per file (acks from all in-sync replicas) on an
 * idempotent producer: a file's messages go out in one request per broker, and producer
 * retries never duplicate them. A document yields one message type, hence one topic. Refuses
 * outright when any outcome has issues: nothing of a run with a bad file is produced, and
 * since message ids are deterministic, the fixed run can simply be repeated.
 */
export async function produceFiles(producer: Producer, outcomes: readonly FileOutcome[], topics: UpstreamTopics = UPSTREAM_TOPICS): Promise<void> {
  const bad = outcomes.filter((o) => !o.ok).map((o) => o.file);
  if (bad.length > 0) throw new Error(`refusing to produce: ${bad.join(', ')} failed validation`);
  for (const outcome of outcomes) {
    if (!outcome.ok || outcome.messages.length === 0) continue;
    const records = outcome.messages.map((message) => toUpstreamRecord(message, topics));
    const topic = records[0]!.topic;
    if (records.some((r) => r.topic !== topic)) throw new Error(`${outcome.file}: messages for more than one topic`);
    await producer.send({ topic, acks: -1, messages: records.map((r) => ({ key: r.key, value: Buffer.from(r.value), headers: { ...r.headers } })) });
  }
}
