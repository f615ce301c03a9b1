/**
 * Where known-code finds a file's registries (the rule's option, the shared settings, or the
 * checker's config), and how its messages show their paths.
 */
import path from 'node:path';
import { configuredRegistryPaths } from './registry.js';

/** Where a file's registries are, for one working directory: their absolute paths (one, usually), and as messages show them. */
export interface RegistryLocation {
  readonly cwd: string;
  readonly files: readonly string[];
  shown?: Map<string, string>;
}

/**
 * Registry locations by working directory and chosen path (`''`: the checker's config), and the
 * last one used: the same for every file of a run, so `path.resolve`/`path.relative` run once per
 * path instead of once per file. Only for an absolute working directory (ESLint's always is): a
 * relative one would depend on `process.cwd()`.
 */
const locations = new Map<string, Map<string, RegistryLocation>>();
let last: RegistryLocation | undefined;
let lastChosen: string | readonly string[] | undefined;

/** The registries: the rule's or the settings' choice (a path or a list), relative to `cwd`, else every registry of the checker's config. */
export function locate(cwd: string, chosen: string | readonly string[] | undefined): RegistryLocation {
  if (last !== undefined && last.cwd === cwd && lastChosen === chosen) return last;
  let byChosen = locations.get(cwd);
  if (byChosen === undefined && path.isAbsolute(cwd))
    locations.set(cwd, (byChosen = new Map<string, RegistryLocation>()));
  // Paths cannot hold NUL: a list joined with it is a key no single path or other list has.
  const key = chosen === undefined ? '' : typeof chosen === 'string' ? chosen : chosen.join('\0');
  let location = byChosen?.get(key);
  if (location === undefined) {
    const files =
      chosen === undefined
        ? configuredRegistryPaths(cwd)
        : (typeof chosen === 'string' ? [chosen] : chosen).map((c) => path.resolve(cwd, c));
    location = { cwd, files };
    if (byChosen === undefined) return location;
    byChosen.set(key, location);
  }
  last = location;
  lastChosen = chosen;
  return location;
}

/** A registry's path as messages show it: relative to the working directory with forward slashes, absolute only when there is no relative path (another drive on Windows). */
export function shownPath(location: RegistryLocation, file: string): string {
  location.shown ??= new Map();
  let shown = location.shown.get(file);
  if (shown === undefined) {
    const relative = path.relative(location.cwd, file);
    shown = relative && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : file;
    location.shown.set(file, shown);
  }
  return shown;
}

/** The registries as messages show them: one path, or several joined with ', '. */
export function shownPaths(location: RegistryLocation): string {
  return location.files.map((f) => shownPath(location, f)).join(', ');
}

/** A path or a non-empty list of paths from the shared settings; anything else is not a choice. */
export function settingsChoice(value: unknown): string | readonly string[] | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' && v !== ''))
    return value as string[];
  return undefined;
}
