/**
 * `hook install|uninstall`: the pre-commit hook, which joins husky or lefthook when the repository
 * uses them; and what the hook asks first (`check --only-if-staged`): is anything it guards staged?
 */
import { existsSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import type Yaml from 'yaml';
import { loadConfig } from '../config/load.js';
import { UsageError } from '../errors.js';
import { readBoundedText } from '../files/read.js';
import { writeWhole } from '../files/write.js';
import { GitRepo } from '../git/repo.js';
import { hooksDir, stagedFiles } from '../git/setup.js';
import { lazyRequire } from '../lazy-require.js';
import { HOOK_MAX_BYTES } from '../limits.js';
import { relativePosix } from '../paths.js';
import { gitPath, gitPathOf, gitSnapshotsPath } from '../sources/worktree.js';

export interface HookOptions {
  cwd: string;
}

const MARK_BEGIN = '# >>> error-registry-guard >>>';
const MARK_END = '# <<< error-registry-guard <<<';
/** The command every hook flavour runs: a no-op unless a registry, snapshot or the config is staged. */
export const HOOK_COMMAND = 'check --staged --only-if-staged';

/** Shell lines for a plain or husky hook: the local install if there is one, else npx. */
function hookBlock(): string {
  return [
    MARK_BEGIN,
    '# Judges the staged error-code registry; skip once with git commit --no-verify.',
    'if [ -x ./node_modules/.bin/error-registry-guard ]; then',
    `  ./node_modules/.bin/error-registry-guard ${HOOK_COMMAND} || exit $?`,
    'elif command -v error-registry-guard >/dev/null 2>&1; then',
    `  error-registry-guard ${HOOK_COMMAND} || exit $?`,
    'else',
    "  echo 'error-registry-guard is not installed here: run npm install (git commit --no-verify skips the check once)' >&2",
    '  exit 1',
    'fi',
    MARK_END,
  ].join('\n');
}

function removeBlock(text: string): string {
  const start = text.indexOf(MARK_BEGIN);
  const end = text.indexOf(MARK_END);
  if (start === -1 || end === -1) return text;
  return (text.slice(0, start).replace(/\n+$/, '\n') + text.slice(end + MARK_END.length).replace(/^\n+/, '')).replace(
    /^\n+$/,
    '',
  );
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

const LEFTHOOK_COMMAND = `npx --no-install error-registry-guard ${HOOK_COMMAND}`;

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
  if (hook.kind === 'lefthook') {
    const { parseDocument } = yaml();
    const doc = parseDocument(readHook(hook.file, shown));
    if (doc.errors.length > 0)
      throw new UsageError(`${shown} is not valid YAML (${doc.errors[0]!.message.split('\n')[0]}): fix it first`);
    if (doc.hasIn(['pre-commit', 'commands', 'error-registry-guard'])) return `already installed in ${shown}\n`;
    doc.setIn(['pre-commit', 'commands', 'error-registry-guard'], doc.createNode({ run: LEFTHOOK_COMMAND }));
    rewriteHook(hook.file, shown, doc.toString());
    return `added the error-registry-guard command to pre-commit in ${shown}; run 'npx lefthook install' if lefthook is not installed yet\n`;
  }
  if (existsSync(hook.file)) {
    const text = readHook(hook.file, shown);
    if (text.includes(MARK_BEGIN)) return `already installed in ${shown}\n`;
    if (hook.kind === 'plain') {
      throw new UsageError(
        `${shown} exists and is not ours: nothing was changed. Add this line to it by hand: npx --no-install error-registry-guard ${HOOK_COMMAND} || exit $?`,
      );
    }
    rewriteHook(hook.file, shown, `${text.replace(/\n*$/, '\n')}\n${hookBlock()}\n`);
    return `added the check to ${shown}\n`;
  }
  const content = hook.kind === 'plain' ? `#!/bin/sh\n${hookBlock()}\n` : `${hookBlock()}\n`;
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
  const watched = config.registries.flatMap((r) => [gitPath(config, r), `${gitSnapshotsPath(config, r)}/`]);
  if (config.file) watched.push(relativePosix(repo.root, config.file));
  // A generated file edited by hand is checked too (GENERATED_STALE).
  watched.push(...(config.generate ?? []).map((t) => gitPathOf(config, t.path)));
  const staged = await stagedFiles(repo);
  if (staged.some((f) => watched.some((w) => (w.endsWith('/') ? f.startsWith(w) : f === w)))) return true;
  // A staged source file is checked too when `sources` is configured (loaded only then).
  if (!config.sources) return false;
  const { selectFiles } = await import('../scan/select.js');
  return selectFiles(staged, config.sources).length > 0;
}
