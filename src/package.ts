/** The package's own files: its folder, and the name and version its package.json declares. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBoundedText } from './files/read.js';
import { CONFIG_MAX_BYTES } from './limits.js';

let root: string | undefined;

/**
 * The package's own folder (where package.json and schemas/ are), found upwards from this module:
 * the same code runs from `src/` under the tests, from `dist/src/` when installed, and from
 * `dist/cli.cjs` in the CLI bundle.
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

export interface PackageManifest {
  name: string;
  version: string;
}

let manifest: PackageManifest | undefined;

/**
 * The package's name and version, read from its package.json once. Read at runtime rather than
 * compiled in, so that a release cannot report a stale version (ESLint's cache keys on the
 * plugin's, SARIF consumers show the driver's).
 */
export function packageManifest(): PackageManifest {
  if (!manifest) {
    const file = path.join(packageRoot(), 'package.json');
    const { name, version } = JSON.parse(
      readBoundedText(file, { what: "the package's", display: 'package.json', maxBytes: CONFIG_MAX_BYTES }),
    ) as PackageManifest;
    manifest = { name, version };
  }
  return manifest;
}

/** The package's version (`--version`, the SARIF driver's version). */
export function packageVersion(): string {
  return packageManifest().version;
}
