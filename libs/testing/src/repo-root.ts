import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root, from sources (`libs/...`) or from builds (`dist/libs/...`) alike. */
export function findRepoRoot(start: string = __dirname): string {
  for (let dir = start; dirname(dir) !== dir; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'bakuun-webhooks') return dir;
  }
  throw new Error(`repository root not found above ${start}`);
}
