/**
 * `hook install|uninstall`: the pre-commit hook, which joins husky or lefthook when the repository
 * uses them; and what the hook asks first (`check --only-if-staged`): is anything it guards staged?
 */
import { existsSync, mkdirSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import type Yaml from 'yaml';
import { CONFIG_FILE, loadConfig } from '../config/load.js';
import type { Config } from '../config/types.js';
import { UsageError } from '../errors.js';
import { readBoundedText } from '../files/read.js';
import { writeWhole } from '../files/write.js';
import { GitRepo } from '../git/repo.js';
import { hooksDir, stagedFiles } from '../git/setup.js';
import { lazyRequire } from '../lazy-require.js';
import { HOOK_MAX_BYTES } from '../limits.js';
import { packageRoot } from '../package.js';
import { relativePosix } from '../paths.js';
import { gitPath, gitPathOf, gitSnapshotsPath } from '../sources/worktree.js';
import {
  HOOK_COMMAND,
  MARK_BEGIN,
  hookBlock,
  removeBlock,
  replaceBlock,
  shellQuote,
  type HookPlan,
} from './hook-script.js';

export interface HookOptions {
  cwd: string;
}

export { HOOK_COMMAND };

const BIN = 'node_modules/.bin/error-registry-guard';

/**
 * Where the hook looks for the CLI, relative to the repository root, in order: the install this
 * command runs from (a monorepo's `frontend/node_modules`, also under pnpm), the nearest install up
 * from the config, then the root's. An install outside the repository (npx's cache) is not named.
 */
function installsToTry(root: string, configDir: string): string[] {
  const inside = (abs: string) => {
    const rel = relativePosix(root, abs);
    return rel.startsWith('..') || path.isAbsolute(rel) ? undefined : rel;
  };
  const bins: string[] = [];
  const invoked = process.argv[1] ? inside(path.resolve(process.argv[1])) : undefined;
  if (invoked?.endsWith(BIN)) bins.push(invoked);
  const own = inside(packageRoot());
  const at = own?.split('/').indexOf('node_modules') ?? -1;
  if (own && at !== -1) bins.push([...own.split('/').slice(0, at), BIN].join('/'));
  for (let dir = configDir; inside(dir) !== undefined; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, BIN))) bins.push(relativePosix(root, path.join(dir, BIN)));
    if (path.resolve(dir) === path.resolve(root)) break;
  }
  bins.push(BIN);
  return [...new Set(bins)];
}

/** The folders of a glob before its first wildcard (`web/src/**\/*.ts` -> `web/src`), `.` for the whole tree. */
function literalFolder(glob: string): string {
  const segments = glob.split('/');
  const wild = segments.findIndex((segment) => /[*?[\]{}()!+@]/.test(segment));
  const literal = (wild === -1 ? segments.slice(0, -1) : segments.slice(0, wild)).join('/');
  return literal === '' ? '.' : literal;
}

/**
 * The paths whose staging starts the check, from the top of the work tree: each registry, its
 * snapshot folder (`dir/`), the config file, and each generated file (edited by hand, it is
 * GENERATED_STALE). The hook's shell test and `--only-if-staged` both ask about these.
 */
function watchedPaths(config: Config, repo: GitRepo, configFile: string | undefined): string[] {
  const watched = config.registries.flatMap((r) => [gitPath(config, r), `${gitSnapshotsPath(config, r)}/`]);
  if (configFile) watched.push(relativePosix(repo.root, configFile));
  watched.push(...(config.generate ?? []).map((t) => gitPathOf(config, t.path)));
  return watched;
}

/** What the hook names: its CLI candidates, the paths that start it, and the config when not at the root. */
function planHook(repo: GitRepo, cwd: string): HookPlan {
  const config = loadConfig(cwd);
  const configFile = config.file ?? path.join(repo.root, CONFIG_FILE);
  // Folders without their `/`: git's pathspec and lefthook's globs (`dir/**`) name them so.
  const watched = watchedPaths(config, repo, configFile).map((w) => w.replace(/\/$/, ''));
  // Source files (config `sources`, globs): their folders before the first wildcard, a superset the
  // shell can ask git about; the CLI then decides by the globs themselves (registryStaged).
  watched.push(...(config.sources ?? []).map((source) => literalFolder(gitPathOf(config, source.path))));
  const configDir = path.dirname(configFile);
  const atRoot = path.resolve(configDir) === path.resolve(repo.root);
  return {
    bins: installsToTry(repo.root, configDir),
    watched: [...new Set(watched)],
    ...(config.file && !atRoot ? { config: relativePosix(repo.root, config.file) } : {}),
  };
}

// ---------------------------------------------------------------------------------------------- hook

type HookKind = { kind: 'lefthook'; file: string } | { kind: 'husky'; file: string } | { kind: 'plain'; file: string };

async function findHook(repo: GitRepo): Promise<HookKind> {
  for (const name of ['lefthook.yml', 'lefthook.yaml', '.lefthook.yml', '.lefthook.yaml']) {
    const file = path.join(repo.root, name);
    if (existsSync(file)) return { kind: 'lefthook', file };
  }
  if (existsSync(path.join(repo.root, '.husky')))
    return { kind: 'husky', file: path.join(repo.root, '.husky', 'pre-commit') };
  // core.hooksPath may be absolute, and a linked worktree's hooks live in the main repository.
  return { kind: 'plain', file: path.resolve(repo.root, await hooksDir(repo), 'pre-commit') };
}

/** `yaml`, loaded when a lefthook file is edited; required like the CLI's other CommonJS dependencies (see scripts/build-bundle.js). */
const yaml = lazyRequire<typeof Yaml>('yaml');

function lefthookCommand(plan: HookPlan): string {
  const [bin = BIN] = plan.bins;
  const run = bin === BIN ? 'npx --no-install error-registry-guard' : bin;
  return `${run} ${HOOK_COMMAND}${plan.config ? ` --config ${shellQuote(plan.config)}` : ''}`;
}

/**
 * The lefthook command: what it runs, and the staged files that start it (`glob`, matched by
 * lefthook itself, so an unrelated commit does not start node). A watched folder matches what is
 * under it; glob characters in a path are escaped. `.` (sources at the top) watches everything.
 */
function lefthookEntry(plan: HookPlan): { run: string; glob?: string[] } {
  const run = lefthookCommand(plan);
  if (plan.watched.includes('.')) return { run };
  const escaped = (p: string) => p.replace(/[\\*?[\]{}]/g, '\\$&');
  return { run, glob: plan.watched.flatMap((w) => [escaped(w), `${escaped(w)}/**`]) };
}

function lefthookEntryIn(parsed: unknown): unknown {
  const config = parsed as { 'pre-commit'?: { commands?: Record<string, unknown> } } | null;
  return config?.['pre-commit']?.commands?.['error-registry-guard'];
}

/** Has `lefthook install` written its git hook? Until it has, lefthook.yml runs nothing. */
async function lefthookHookInstalled(repo: GitRepo): Promise<boolean> {
  const file = path.resolve(repo.root, await hooksDir(repo), 'pre-commit');
  if (!existsSync(file)) return false;
  try {
    return readHook(file, 'pre-commit').includes('lefthook');
  } catch {
    return false;
  }
}

/** A hook file's text, read bounded (a FIFO or a huge file is refused in one line). */
function readHook(file: string, shown: string): string {
  return readBoundedText(file, { what: 'hook file', display: shown, maxBytes: HOOK_MAX_BYTES });
}

/** Rewrites a hook file whole (temporary file, then renamed over it), keeping its permissions. */
function rewriteHook(file: string, shown: string, text: string): void {
  writeWhole(file, text, { display: shown, mode: 'replace' });
}

export async function installHook(options: HookOptions): Promise<string> {
  const repo = await GitRepo.open(options.cwd);
  const hook = await findHook(repo);
  const shown = path.relative(repo.root, hook.file);
  const plan = planHook(repo, options.cwd);
  if (hook.kind === 'lefthook') {
    const { parseDocument } = yaml();
    const doc = parseDocument(readHook(hook.file, shown));
    if (doc.errors.length > 0)
      throw new UsageError(`${shown} is not valid YAML (${doc.errors[0]!.message.split('\n')[0]}): fix it first`);
    let said = `already installed in ${shown}`;
    const key = ['pre-commit', 'commands', 'error-registry-guard'];
    const entry = lefthookEntry(plan);
    if (!doc.hasIn(key)) {
      doc.setIn(key, doc.createNode(entry));
      rewriteHook(hook.file, shown, doc.toString());
      said = `added the error-registry-guard command to pre-commit in ${shown}`;
    } else if (JSON.stringify(lefthookEntryIn(doc.toJS())) !== JSON.stringify(entry)) {
      // What it runs and which staged files start it follow the config, as the plain hook's do.
      doc.setIn(key, doc.createNode(entry));
      rewriteHook(hook.file, shown, doc.toString());
      said = `updated the error-registry-guard command in ${shown}`;
    }
    // lefthook.yml alone runs nothing: lefthook's own git hook must be installed too.
    if (await lefthookHookInstalled(repo)) return `${said}; lefthook's git hook is installed, so it runs on commit\n`;
    return `${said}\nNOT ACTIVE YET: lefthook's git hook is not installed, so commits are not checked. Run now: npx lefthook install\n`;
  }
  const block = hookBlock(plan);
  if (existsSync(hook.file)) {
    const text = readHook(hook.file, shown);
    if (text.includes(MARK_BEGIN)) {
      const refreshed = replaceBlock(text, block);
      if (refreshed === text) return `already installed in ${shown}\n`;
      rewriteHook(hook.file, shown, refreshed);
      return `updated the check in ${shown}\n`;
    }
    if (hook.kind === 'plain') {
      throw new UsageError(
        `${shown} exists and is not ours: nothing was changed. Add this line to it by hand: npx --no-install error-registry-guard ${HOOK_COMMAND} || exit $?`,
      );
    }
    rewriteHook(hook.file, shown, `${text.replace(/\n*$/, '\n')}\n${block}\n`);
    return `added the check to ${shown}\n`;
  }
  // core.hooksPath may name a folder nobody created yet.
  mkdirSync(path.dirname(hook.file), { recursive: true });
  const content = hook.kind === 'plain' ? `#!/bin/sh\n${block}\n` : `${block}\n`;
  writeWhole(hook.file, content, { display: shown, exists: `${shown} exists already: left as it is`, fileMode: 0o755 });
  return `installed the pre-commit hook at ${shown}\n`;
}

export async function uninstallHook(options: HookOptions): Promise<string> {
  const repo = await GitRepo.open(options.cwd);
  const hook = await findHook(repo);
  const shown = path.relative(repo.root, hook.file);
  if (!existsSync(hook.file)) return `no pre-commit hook at ${shown}: nothing to remove\n`;
  const text = readHook(hook.file, shown);
  if (hook.kind === 'lefthook') {
    const { parseDocument } = yaml();
    const doc = parseDocument(text);
    if (!doc.hasIn(['pre-commit', 'commands', 'error-registry-guard']))
      return `not installed in ${shown}: nothing to remove\n`;
    doc.deleteIn(['pre-commit', 'commands', 'error-registry-guard']);
    rewriteHook(hook.file, shown, doc.toString());
    return `removed the error-registry-guard command from ${shown}\n`;
  }
  if (!text.includes(MARK_BEGIN)) return `${shown} has no error-registry-guard lines: nothing to remove\n`;
  const rest = removeBlock(text);
  // A hook that was only ours goes entirely; anyone else's lines stay.
  if (rest.trim() === '' || rest.trim() === '#!/bin/sh') {
    unlinkSync(hook.file);
    return `removed ${shown}\n`;
  }
  rewriteHook(hook.file, shown, rest);
  return `removed the error-registry-guard lines from ${shown}\n`;
}

/**
 * For `check --only-if-staged` (what the hook runs): is any registry, snapshot or the config among
 * the staged paths? Commits that touch none of them skip the check.
 */
export async function registryStaged(cwd: string, explicitConfig?: string): Promise<boolean> {
  const config = loadConfig(cwd, explicitConfig);
  const repo = await GitRepo.open(config.root);
  const watched = watchedPaths(config, repo, config.file);
  const staged = await stagedFiles(repo);
  if (staged.some((f) => watched.some((w) => (w.endsWith('/') ? f.startsWith(w) : f === w)))) return true;
  // A staged source file is checked too when `sources` is configured (loaded only then).
  if (!config.sources) return false;
  const { selectFiles } = await import('../scan/select.js');
  return selectFiles(staged, config.sources).length > 0;
}
