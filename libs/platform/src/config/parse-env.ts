import { z } from 'zod';

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigurationError';
  }
}

/**
 * Parses the environment with a schema at start-up and names every bad key, so missing
 * configuration surfaces before the service takes traffic. Values are never echoed: some are secrets.
 */
export function parseEnv<S extends z.ZodTypeAny>(schema: S, env: Record<string, string | undefined>): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigurationError(result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`));
}

/** `host:port,host:port` lists, e.g. KAFKA_BROKERS. */
export const brokerList = z
  .string()
  .min(1)
  .transform((value) => value.split(',').map((b) => b.trim()).filter(Boolean))
  .refine((list) => list.every((b) => /^[^\s:]+:\d+$/.test(b)), 'expected host:port[,host:port...]');

export const port = z.coerce.number().int().min(0).max(65535);

/** `true`/`false`/`1`/`0`, for flags in the environment. */
export const booleanFlag = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');
