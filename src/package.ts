import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * The package's own folder (where package.json and schemas/ are), found upwards from this module:
 * the same code runs from `src/` under the tests and from `dist/src/` when installed.
 */
export function packageRoot(): string {
  if (root) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) || !existsSync(path.join(dir, 'schemas'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('error-registry-guard: package root not found');
    dir = parent;
  }
  root = dir;
  return dir;
}
