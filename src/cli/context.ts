/** What the CLI asks its surroundings before it prints: colours, and where the config file is. */
import path from 'node:path';
import { findConfig, repositoryOf } from '../config/find.js';
import { CONFIG_FILE, PACKAGE_KEY } from '../config/types.js';
import { relativePosix } from '../paths.js';

/**
 * ANSI colours only for a terminal, or when FORCE_COLOR asks for them; NO_COLOR wins. Not for
 * `CI=true` (picocolors' choice): a redirected report must be plain text.
 */
export function colorWanted(isTty: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  if ('NO_COLOR' in env) return false;
  if ('FORCE_COLOR' in env) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTty === true && env.TERM !== 'dumb';
}

/**
 * The config file to name in a report's next steps, relative to `cwd`: `--config`, else the one the
 * commands read (the nearest config file, or package.json with its key), else where `init` would
 * write it (the repository's root).
 */
export function configFileShown(cwd: string, explicit?: string): string {
  if (explicit !== undefined) return explicit;
  let found: string | undefined;
  try {
    // Only where it is matters here (the commands have read and judged it already).
    found = findConfig(cwd, (_file, content) => {
      try {
        return JSON.parse(content) as unknown;
      } catch {
        return null;
      }
    })?.filepath;
  } catch {
    // Unreadable: named below as if there were none.
  }
  if (found !== undefined) {
    const shown = relativePosix(cwd, found) || path.basename(found);
    return path.basename(found) === 'package.json' ? `${shown} (its "${PACKAGE_KEY}" key)` : shown;
  }
  return relativePosix(cwd, path.join(repositoryOf(path.resolve(cwd)), CONFIG_FILE)) || CONFIG_FILE;
}
