import { z } from 'zod';
import { brokerList, parseEnv } from '@bakuun/platform';

const schema = z.object({
  /** Default for --brokers. @defaultValue unset: --brokers is then required unless --dry-run */
  KAFKA_BROKERS: brokerList.optional(),
  /** Default for --partner. @defaultValue unset */
  BAKUUN_PARTNER_ID: z.string().min(1).optional(),
  /** Set by npm to the directory `npm run ingest` was started from; relative file names resolve against it. @defaultValue the process's cwd */
  INIT_CWD: z.string().min(1).optional(),
});

export type IngestConfig = z.infer<typeof schema>;

/** The only reader of the environment in the ingest command. */
export function loadIngestConfig(env: Record<string, string | undefined> = process.env): IngestConfig {
  return parseEnv(schema, env);
}
