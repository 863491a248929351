import { z } from 'zod';
import { createMasterKeyring, KEY_ENVIRONMENTS, type MasterKeyring } from '@bakuun/key-domain';
import { brokerList, parseEnv, port } from '@bakuun/platform';

const MASTER_KEY_ENTRY = /^([A-Za-z0-9._-]{1,64}):([A-Za-z0-9+/]+={0,2})$/;
const millis = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/**
 * `id:base64[,id:base64]`, each key 32 bytes. Messages name ids and positions, never key bytes,
 * and the raw value is dropped once parsed.
 */
const masterKeys = z.string().transform((value, ctx) => {
  const entries: [string, Buffer][] = [];
  for (const [index, entry] of value.split(',').map((e) => e.trim()).filter(Boolean).entries()) {
    const match = MASTER_KEY_ENTRY.exec(entry);
    if (!match) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `entry ${index + 1} must be <id>:<base64 of 32 bytes>` });
      return z.NEVER;
    }
    const bytes = Buffer.from(match[2]!, 'base64');
    if (bytes.length !== 32) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `master key ${match[1]} must decode to 32 bytes, got ${bytes.length}` });
      return z.NEVER;
    }
    entries.push([match[1]!, bytes]);
  }
  if (entries.length === 0) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'at least one master key is required' });
    return z.NEVER;
  }
  if (new Set(entries.map(([id]) => id)).size !== entries.length) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'master key ids must be unique' });
    return z.NEVER;
  }
  return entries;
});

const schema = z
  .object({
    MONGODB_URI: z.string().url(),
    /** @defaultValue `bakuun_keys` */
    KEYS_DATABASE: z.string().min(1).default('bakuun_keys'),
    KAFKA_BROKERS: brokerList,
    /** @defaultValue `webhooks.endpoint-events.v1` */
    ENDPOINT_EVENTS_TOPIC: z.string().min(1).default('webhooks.endpoint-events.v1'),
    /** @defaultValue `key-management` */
    KEYS_CONSUMER_GROUP: z.string().min(1).default('key-management'),
    /** @defaultValue 50052 */
    KEYS_GRPC_PORT: port.default(50052),
    /** @defaultValue 8082 */
    KEYS_HTTP_PORT: port.default(8082),
    /** @defaultValue `127.0.0.1` */
    BIND_HOST: z.string().min(1).default('127.0.0.1'),
    /** The endpoint registry's gRPC address (RecordKeyRolled). @defaultValue `127.0.0.1:50051` */
    REGISTRY_URL: z.string().min(1).default('127.0.0.1:50051'),
    /** Master keys wrapping the per-endpoint data keys: `id:base64-32-bytes[,id:base64]`. Required, never logged. */
    MASTER_KEYS: masterKeys,
    /** Id of the master key new data keys are wrapped under. @defaultValue the only id when MASTER_KEYS holds one key */
    MASTER_KEY_ACTIVE: z.string().min(1).optional(),
    /** Which key prefixes are minted and accepted (`bk_live_` / `bk_test_`, `whsec_live` / `whsec_test`). @defaultValue test */
    KEY_ENVIRONMENT: z.enum(KEY_ENVIRONMENTS).default('test'),
    /** How often batched last-use times are written. @defaultValue 2000 */
    LAST_USE_FLUSH_MS: millis(50, 60_000).default(2000),
    /**
     * How long a validated API key is answered from memory. Changes made by this instance (roll,
     * delete) invalidate at once and expiry is checked on every hit; the TTL bounds how long
     * another instance's change can go unseen. @defaultValue 5000
     */
    VALIDATION_CACHE_TTL_MS: millis(0, 300_000).default(5000),
    /** @defaultValue 100000 */
    VALIDATION_CACHE_MAX_ENTRIES: z.coerce.number().int().min(0).max(10_000_000).default(100_000),
    /** Deadline of one RecordKeyRolled call to the registry. @defaultValue 5000 */
    REGISTRY_CALL_TIMEOUT_MS: millis(100, 60_000).default(5000),
    /** How often pending rolls are looked for and completed or abandoned. @defaultValue 5000 */
    ROLL_RECOVERY_INTERVAL_MS: millis(50, 600_000).default(5000),
    /** A pending roll is recovered once it is this old (longer than any RollKey call still in flight). @defaultValue 15000 */
    ROLL_RECOVERY_AFTER_MS: millis(0, 3_600_000).default(15_000),
    /** @defaultValue info */
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .transform(({ MASTER_KEYS, MASTER_KEY_ACTIVE, ...rest }, ctx) => {
    const activeKeyId = MASTER_KEY_ACTIVE ?? (MASTER_KEYS.length === 1 ? MASTER_KEYS[0]![0] : undefined);
    if (activeKeyId === undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['MASTER_KEY_ACTIVE'], message: 'required when MASTER_KEYS holds more than one key' });
      return z.NEVER;
    }
    if (!MASTER_KEYS.some(([id]) => id === activeKeyId)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['MASTER_KEY_ACTIVE'], message: `master key ${activeKeyId} is not in MASTER_KEYS` });
      return z.NEVER;
    }
    const masterKeyring: MasterKeyring = createMasterKeyring(activeKeyId, MASTER_KEYS);
    for (const [, bytes] of MASTER_KEYS) bytes.fill(0);
    return { ...rest, masterKeyring };
  })
  .refine((c) => c.ROLL_RECOVERY_AFTER_MS >= c.REGISTRY_CALL_TIMEOUT_MS, {
    path: ['ROLL_RECOVERY_AFTER_MS'],
    message: 'must be at least REGISTRY_CALL_TIMEOUT_MS, so recovery never races a RollKey call still waiting for the registry',
  });

export type KeyManagementConfig = z.infer<typeof schema>;

/** The only reader of the environment in this service. */
export function loadKeyManagementConfig(env: Record<string, string | undefined> = process.env): KeyManagementConfig {
  return parseEnv(schema, env);
}

const operatorAdminSchema = z.object({
  MONGODB_URI: z.string().url(),
  /** @defaultValue `bakuun_keys` */
  KEYS_DATABASE: z.string().min(1).default('bakuun_keys'),
});

export type OperatorAdminConfig = z.infer<typeof operatorAdminSchema>;

/** What the operator-accounts CLI needs: the database only (no master keys, no Kafka). */
export function loadOperatorAdminConfig(env: Record<string, string | undefined> = process.env): OperatorAdminConfig {
  return parseEnv(operatorAdminSchema, env);
}
