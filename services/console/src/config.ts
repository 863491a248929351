import { z } from 'zod';
import { parseEnv, port } from '@bakuun/platform';

const grpcAddress = z.string().regex(/^[^\s:]+:\d+$/, 'expected host:port');

const schema = z
  .object({
    /** @defaultValue 8080 */
    CONSOLE_HTTP_PORT: port.default(8080),
    /** @defaultValue `127.0.0.1` */
    BIND_HOST: z.string().min(1).default('127.0.0.1'),
    /** The endpoint registry's gRPC address. @defaultValue `127.0.0.1:50051` */
    REGISTRY_URL: grpcAddress.default('127.0.0.1:50051'),
    /** Key management's gRPC address (sign-in, key info, expiry choices, key rolls). @defaultValue `127.0.0.1:50052` */
    KEY_MANAGEMENT_URL: grpcAddress.default('127.0.0.1:50052'),
    /** Deadline of one gRPC call; a key roll includes a password hash and a registry call. @defaultValue 10000 */
    CONSOLE_GRPC_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    /** A signed-in session ends after this long without a request. @defaultValue 30 */
    CONSOLE_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
    /** A signed-in session ends this long after sign-in, however active. @defaultValue 12 */
    CONSOLE_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(7 * 24).default(12),
    /** Sessions held in memory (signed-in and anonymous); anonymous ones are evicted first. @defaultValue 10000 */
    CONSOLE_MAX_SESSIONS: z.coerce.number().int().min(10).max(1_000_000).default(10_000),
    /** `auto`: the session cookie is Secure unless BIND_HOST is a loopback address. @defaultValue auto */
    CONSOLE_COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
    /** @defaultValue info */
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .transform(({ CONSOLE_COOKIE_SECURE, ...rest }) => ({
    ...rest,
    cookieSecure: CONSOLE_COOKIE_SECURE === 'auto' ? !isLoopbackHost(rest.BIND_HOST) : CONSOLE_COOKIE_SECURE === 'true',
  }));

export type ConsoleConfig = z.infer<typeof schema>;

/** 127.0.0.0/8, ::1 and localhost: the only hosts where a session cookie may travel without TLS. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

/** The only reader of the environment in this service. */
export function loadConsoleConfig(env: Record<string, string | undefined> = process.env): ConsoleConfig {
  return parseEnv(schema, env);
}
