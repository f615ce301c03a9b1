/**
 * Where the project sits in its git work tree: the config (and so the root that registry and
 * snapshot paths are relative to) may be in a subfolder, while git names paths from the top.
 */
import path from 'node:path';
import { repositoryOf } from '../config/find.js';
import type { Config, RegistryConfig } from '../config/types.js';
import { relativePosix } from '../paths.js';

const prefixes = new Map<string, string>();

/** Where `root` is inside its work tree ('' at the top), found once per root: every git path of a run asks. */
export function workTreePrefix(root: string): string {
  let prefix = prefixes.get(root);
  if (prefix === undefined) prefixes.set(root, (prefix = findWorkTreePrefix(root)));
  return prefix;
}

/** The top of the work tree `root` is in. */
export function workTreeTop(root: string): string {
  const prefix = workTreePrefix(root);
  return prefix ? path.resolve(root, ...prefix.split('/').map(() => '..')) : root;
}

/** Found by looking for `.git` upwards: no git process. */
function findWorkTreePrefix(root: string): string {
  return relativePosix(repositoryOf(root), root);
}

/** A path relative to the config's root, as git names it: from the top of the work tree. */
export function gitPathOf(config: Config, relative: string): string {
  return path.posix.join(workTreePrefix(config.root), relative);
}

/** The registry's path from the top of the git work tree. */
export function gitPath(config: Config, registry: RegistryConfig): string {
  return gitPathOf(config, registry.path);
}

/** The registry's snapshot folder from the top of the git work tree, without a trailing slash. */
export function gitSnapshotsPath(config: Config, registry: RegistryConfig): string {
  return gitPathOf(config, registry.snapshots).replace(/\/$/, '');
}
