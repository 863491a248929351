import pino, { Logger } from 'pino';
import { REDACTED, redactPaths } from './redaction';

export type { Logger } from 'pino';

export interface LoggerOptions {
  service: string;
  level?: string;
  /** Where records go; standard output unless a test captures them. */
  destination?: pino.DestinationStream;
}

/** Structured JSON logs with secrets redacted at the logger, whatever the caller passes. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      name: options.service,
      level: options.level ?? 'info',
      base: { service: options.service },
      redact: { paths: redactPaths, censor: REDACTED },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? pino.destination({ sync: false }),
  );
}
