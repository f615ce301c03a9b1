/**
 * Finding the config from a folder upwards, as lilconfig searched it (the config file, then a
 * package.json with an `"error-registry-guard"` key, in each folder up to the file system's root),
 * but reading every candidate through the bounded reader: a config that is a FIFO, a device, a huge
 * file or a symlink out of its repository is refused with one line instead of hanging or filling
 * the memory, and an unreadable one is named rather than crashing.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readBoundedIfExists, readBoundedText, type ReadSpec } from '../files/read.js';
import { CONFIG_MAX_BYTES } from '../limits.js';
import { CONFIG_FILE, PACKAGE_KEY } from './types.js';

export interface FoundConfig {
  config: unknown;
  filepath: string;
}

/** The work tree a folder is in (the nearest folder up with a `.git`), else the folder itself. */
export function repositoryOf(dir: string): string {
  for (let at = dir; ; at = path.dirname(at)) {
    if (existsSync(path.join(at, '.git'))) return at;
    if (path.dirname(at) === at) return dir;
  }
}

function spec(file: string, root?: string): ReadSpec {
  const what = path.basename(file) === 'package.json' ? 'package.json' : 'config file';
  return {
    what,
    display: file,
    maxBytes: CONFIG_MAX_BYTES,
    ...(root !== undefined ? { root } : {}),
    fix: {
      outside: 'keep the config in the repository',
      special: `replace it with a ${what === 'package.json' ? 'package.json' : 'JSON file'}`,
    },
  };
}

/** A config file named on the command line: read as named, wherever it is (the user chose it). */
export function readConfigFile(file: string, display: string): string {
  return readBoundedText(file, {
    ...spec(file),
    display,
    fix: { ...spec(file).fix, missing: 'check the --config path' },
  });
}

/** The text of a config file found before (for the allow entries' line numbers). */
export function rereadConfigFile(file: string): string {
  return readBoundedText(file, spec(file));
}

/**
 * The first config from `cwd` upwards: the config file (empty: no settings), or a package.json
 * whose key is set; null when there is none. `load` parses a file's text (and names its errors).
 */
export function findConfig(cwd: string, load: (file: string, content: string) => unknown): FoundConfig | null {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    for (const place of [CONFIG_FILE, 'package.json']) {
      const file = path.join(dir, place);
      if (!existsSync(file)) continue;
      // Found up the tree: it may not leave the repository it is found in.
      const bytes = readBoundedIfExists(file, spec(file, repositoryOf(dir)));
      if (bytes === undefined) continue;
      const content = bytes.toString('utf8');
      if (place === 'package.json') {
        const config = (load(file, content) as Record<string, unknown> | null)?.[PACKAGE_KEY];
        if (config !== undefined && config !== null) return { config, filepath: file };
        continue;
      }
      return { config: content.trim() === '' ? undefined : load(file, content), filepath: file };
    }
    if (path.dirname(dir) === dir) return null;
  }
}
