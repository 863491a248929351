import 'reflect-metadata';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { isDomainError } from '@bakuun/errors';
import { KEY_EXPIRY_CHOICES } from '@bakuun/key-domain';
import { ConfigurationError, openMongoConnection } from '@bakuun/platform';
import { loadKeyManagementConfig, loadOperatorAdminConfig } from '../config';
import { Argon2idPasswordHasher } from '../keys/adapters/argon2id-password-hasher';
import { nodeRandomSource } from '../keys/adapters/node-random-source';
import { CreateOperatorHandler } from '../keys/commands/create-operator/create-operator.handler';
import { RewrapDataKeysHandler } from '../keys/commands/rewrap-data-keys/rewrap-data-keys.handler';
import { SetOperatorPasswordHandler } from '../keys/commands/set-operator-password/set-operator-password.handler';
import { EndpointKeysRepository } from '../keys/persistence/endpoint-keys.repository';
import { OperatorAccountRepository } from '../keys/persistence/operator-account.repository';
import { systemClock } from '../keys/ports/clock.port';

const USAGE = `Usage: npm run keys -- <command> [args]

Operator accounts (password confirmation of key rolls):
  operator create <partnerId> <operatorId> [--password-stdin]
  operator set-password <partnerId> <operatorId> [--password-stdin]
      The password is read from standard input (one line; a trailing newline is dropped), or
      asked twice without echo when standard input is a terminal. Never pass it as an argument.
Key rotation:
  expiry-choices [--json]         when the old key may expire after a roll
Master-key rotation:
  master-keys rewrap              re-wraps every data key under MASTER_KEY_ACTIVE

Environment: MONGODB_URI, KEYS_DATABASE (default bakuun_keys); master-keys rewrap needs the
service's environment (MASTER_KEYS, MASTER_KEY_ACTIVE, KAFKA_BROKERS, ...).`;

class UsageError extends Error {}

async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
    const text = Buffer.concat(chunks).toString('utf8');
    return text.replace(/\r?\n$/, '');
  }
  const first = await promptHidden('Password: ');
  const second = await promptHidden('Repeat password: ');
  if (first !== second) throw new UsageError('the passwords differ');
  return first;
}

/** Reads one line from the terminal without echoing it. */
async function promptHidden(prompt: string): Promise<string> {
  process.stderr.write(prompt);
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
  try {
    return await new Promise<string>((resolve) => rl.question('', resolve));
  } finally {
    rl.close();
    process.stderr.write('\n');
  }
}

async function withDatabase<T>(uri: string, databaseName: string, work: (connection: Awaited<ReturnType<typeof openMongoConnection>>) => Promise<T>): Promise<T> {
  const connection = await openMongoConnection({ uri, databaseName });
  try {
    return await work(connection);
  } finally {
    await connection.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'password-stdin': { type: 'boolean', default: false }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
  });
  const [command, sub, ...args] = positionals;
  if (!command || values.help) {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  if (command === 'expiry-choices') {
    process.stdout.write(values.json ? `${JSON.stringify({ choices: KEY_EXPIRY_CHOICES }, null, 2)}\n` : `${KEY_EXPIRY_CHOICES.map((c) => `${c.code.padEnd(6)} ${c.label}`).join('\n')}\n`);
    return 0;
  }
  if (command === 'operator' && (sub === 'create' || sub === 'set-password')) {
    const [partnerId, operatorId] = args;
    if (!partnerId || !operatorId) throw new UsageError(`operator ${sub} needs <partnerId> <operatorId>`);
    const password = await readPassword(values['password-stdin'] ?? false);
    const config = loadOperatorAdminConfig();
    const hasher = new Argon2idPasswordHasher();
    await withDatabase(config.MONGODB_URI, config.KEYS_DATABASE, async (connection) => {
      const accounts = new OperatorAccountRepository(connection);
      if (sub === 'create') await new CreateOperatorHandler(accounts, hasher, systemClock).execute({ partnerId, operatorId, password });
      else await new SetOperatorPasswordHandler(accounts, hasher, systemClock).execute({ partnerId, operatorId, password });
    });
    process.stdout.write(`operator ${operatorId} of partner ${partnerId}: ${sub === 'create' ? 'created' : 'password set, lockout cleared'}\n`);
    return 0;
  }
  if (command === 'master-keys' && sub === 'rewrap') {
    const config = loadKeyManagementConfig();
    const rewrapped = await withDatabase(config.MONGODB_URI, config.KEYS_DATABASE, (connection) =>
      new RewrapDataKeysHandler(new EndpointKeysRepository(connection), config.masterKeyring, nodeRandomSource, systemClock).execute(),
    );
    process.stdout.write(`re-wrapped ${rewrapped} data key(s) under master key ${config.masterKeyring.activeKeyId}\n`);
    return 0;
  }
  throw new UsageError(`unknown command "${[command, sub].filter(Boolean).join(' ')}"; see --help`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`usage error: ${error.message}\n`);
      process.exit(2);
    }
    if (isDomainError(error)) process.stderr.write(`error: ${error.code}: ${error.message}\n`);
    else if (error instanceof ConfigurationError) process.stderr.write(`${error.message}\n`);
    else process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
