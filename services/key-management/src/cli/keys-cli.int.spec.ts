import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Connection } from 'mongoose';
import { confirmOperatorPassword } from '@bakuun/key-domain';
import { openMongoConnection } from '@bakuun/platform';
import { testNamespace } from '@bakuun/testing';
import { Argon2idPasswordHasher } from '../keys/adapters/argon2id-password-hasher';
import { OperatorAccountRepository } from '../keys/persistence/operator-account.repository';

const root = join(__dirname, '..', '..', '..', '..');
const cli = join(root, 'dist', 'services', 'key-management', 'src', 'cli', 'keys-cli.js');

/** `npm run keys -- …` as an administrator runs it, from the build, against the real database. */
describe('keys CLI', () => {
  const ns = testNamespace(__filename);
  const database = `${ns.databaseName}_keys`;
  let connection: Connection;
  const hasher = new Argon2idPasswordHasher();

  const run = (args: string[], input = '') =>
    spawnSync(process.execPath, [cli, ...args], { input, encoding: 'utf8', env: { ...process.env, MONGODB_URI: ns.mongoUri, KEYS_DATABASE: database }, timeout: 30_000 });

  beforeAll(async () => {
    connection = await openMongoConnection({ uri: ns.mongoUri, databaseName: database });
  });

  afterAll(async () => {
    try {
      await connection?.dropDatabase();
    } finally {
      await connection?.close();
    }
  });

  it('creates an operator from a password on standard input, stored as an argon2id hash only', async () => {
    const created = run(['operator', 'create', 'partner-cli', 'alice', '--password-stdin'], 'a long enough passphrase\n');
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
    expect(created.stdout).toContain('operator alice of partner partner-cli: created');

    const account = (await new OperatorAccountRepository(connection).get('partner-cli', 'alice'))!;
    expect(account.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const raw = JSON.stringify(await connection.db!.collection('operator_accounts').find({}).toArray());
    expect(raw).not.toContain('a long enough passphrase');
    expect((await confirmOperatorPassword(account, 'a long enough passphrase', new Date(), hasher)).confirmed).toBe(true);

    const again = run(['operator', 'create', 'partner-cli', 'alice'], 'another long passphrase');
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('OPERATOR.ALREADY_EXISTS');
  });

  it('sets a new password (clearing any lockout) and refuses one that breaks the policy without echoing it', async () => {
    run(['operator', 'create', 'partner-cli', 'bob'], 'the first passphrase');
    const accounts = new OperatorAccountRepository(connection);
    const before = (await accounts.get('partner-cli', 'bob'))!;
    await accounts.saveLockout(before, { failedAttempts: 0, lockedUntil: new Date(Date.now() + 60_000) });

    const set = run(['operator', 'set-password', 'partner-cli', 'bob', '--password-stdin'], 'the second passphrase\n');
    expect(set.status).toBe(0);
    const after = (await accounts.get('partner-cli', 'bob'))!;
    expect(after.lockout).toEqual({ failedAttempts: 0, lockedUntil: null });
    expect((await confirmOperatorPassword(after, 'the second passphrase', new Date(), hasher)).confirmed).toBe(true);

    const short = run(['operator', 'set-password', 'partner-cli', 'bob'], 'short1');
    expect(short.status).toBe(1);
    expect(short.stderr).toContain('OPERATOR.PASSWORD_TOO_SHORT');
    expect(short.stderr + short.stdout).not.toContain('short1');
    const missing = run(['operator', 'set-password', 'partner-cli', 'nobody'], 'a long enough passphrase');
    expect(missing.stderr).toContain('OPERATOR.NOT_FOUND');
  });

  it('lists the expiry choices and explains its usage', () => {
    const choices = run(['expiry-choices', '--json']);
    expect(JSON.parse(choices.stdout).choices.map((c: { code: string }) => c.code)).toEqual(['NOW', 'PT1H', 'PT24H', 'P3D', 'P7D']);
    const usage = run(['frobnicate']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('unknown command');
  });
});
