import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** The architecture rules are only worth having if lint really refuses a violation. */
describe('lint-enforced architecture', () => {
  const root = join(__dirname, '..');
  const bin = (name: string) => join(root, 'node_modules', '.bin', name);

  beforeAll(() => {
    execFileSync(bin('nx'), ['show', 'projects'], { cwd: root, env: { ...process.env, NX_DAEMON: 'false' } });
  });

  /** Lints `code` as if it were the file at `filePath` (ESLint's config is ESM, so it runs as a child process). */
  async function ruleIdsFor(code: string, filePath: string): Promise<string[]> {
    let output: string;
    try {
      output = execFileSync(bin('eslint'), ['--format', 'json', '--stdin', '--stdin-filename', join(root, filePath)], { cwd: root, input: code, encoding: 'utf8' });
    } catch (error) {
      output = (error as { stdout: string }).stdout;
    }
    const [result] = JSON.parse(output) as { messages: { ruleId: string | null; message: string }[] }[];
    return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
  }

  it.each(['@nestjs/common', 'mongoose', 'kafkajs'])('refuses %s inside a domain library', async (pkg) => {
    const ids = await ruleIdsFor(`import * as x from '${pkg}';\nexport const y = x;\n`, 'libs/endpoint-domain/src/violation.ts');
    expect(ids).toContain('no-restricted-imports');
  });

  it('refuses a domain library depending on an infrastructure library', async () => {
    const ids = await ruleIdsFor(`import { createLogger } from '@bakuun/platform';\nexport const y = createLogger;\n`, 'libs/errors/src/violation.ts');
    expect(ids).toContain('@nx/enforce-module-boundaries');
  });

  it('refuses reading the clock inside a domain library', async () => {
    const ids = await ruleIdsFor(`export const now = () => Date.now();\n`, 'libs/errors/src/violation.ts');
    expect(ids).toContain('no-restricted-syntax');
  });

  it('accepts an infrastructure library depending on a domain library', async () => {
    const ids = await ruleIdsFor(`import { DomainError } from '@bakuun/errors';\nexport const y = DomainError;\n`, 'libs/platform/src/fine.ts');
    expect(ids).toEqual([]);
  });
});
