import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { findRepoRoot } from '@bakuun/testing';

export const repoRoot = findRepoRoot(__dirname);

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one of the repository's built CLIs (`dist/...`) the way a person would from a shell. */
export function runRepoCli(script: string, args: string[], options: { env?: Record<string, string>; stdin?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'dist', script), ...args], { cwd: repoRoot, env: { ...process.env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}
