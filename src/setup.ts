/**
 * Setting a repository up: `init` (a commented config and the first snapshot) and the pre-commit
 * hook (`hook install|uninstall`), which joins husky or lefthook when the repository uses them.
 */
import {
  chmodSync,
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type Yaml from 'yaml';
import { CONFIG_FILE, DEFAULT_REGISTRY, loadConfig } from './config.js';
import { UsageError } from './errors.js';
import { GitRepo } from './git/repo.js';
import { parse } from './parse.js';
import { parseOrFail, readRegistryFile } from './source.js';
import { relativePosix } from './paths.js';

export interface SetupOptions {
  cwd: string;
  /** init: the registry to configure, when it is not at the default path. */
  registry?: string;
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

/** Write a new file, never replacing one: 'wx' fails if it exists. */
function writeNew(file: string, content: string): void {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      // eslint-disable-next-line error-registry/known-code -- Node system error code, not a problem code
      code === 'EEXIST' ? `${file} exists already: left as it is` : `cannot write ${file} (${code ?? 'error'})`,
    );
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
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
  return { kind: 'plain', file: path.resolve(repo.root, await repo.hooksDir(), 'pre-commit') };
}

/** `yaml`, loaded when a lefthook file is edited; required like the CLI's other CommonJS dependencies (see scripts/build-bundle.js). */
const yaml = () => createRequire(import.meta.url)('yaml') as typeof Yaml;

const LEFTHOOK_COMMAND = `npx --no-install error-registry-guard ${HOOK_COMMAND}`;

export async function installHook(options: SetupOptions): Promise<string> {
  const repo = await GitRepo.open(options.cwd);
  const hook = await findHook(repo);
  const shown = path.relative(repo.root, hook.file);
  if (hook.kind === 'lefthook') {
    const { parseDocument } = yaml();
    const doc = parseDocument(readFileSync(hook.file, 'utf8'));
    if (doc.errors.length > 0)
      throw new UsageError(`${shown} is not valid YAML (${doc.errors[0]!.message.split('\n')[0]}): fix it first`);
    if (doc.hasIn(['pre-commit', 'commands', 'error-registry-guard'])) return `already installed in ${shown}\n`;
    doc.setIn(['pre-commit', 'commands', 'error-registry-guard'], doc.createNode({ run: LEFTHOOK_COMMAND }));
    writeFileSync(hook.file, doc.toString());
    return `added the error-registry-guard command to pre-commit in ${shown}; run 'npx lefthook install' if lefthook is not installed yet\n`;
  }
  if (existsSync(hook.file)) {
    const text = readFileSync(hook.file, 'utf8');
    if (text.includes(MARK_BEGIN)) return `already installed in ${shown}\n`;
    if (hook.kind === 'plain') {
      throw new UsageError(
        `${shown} exists and is not ours: nothing was changed. Add this line to it by hand: npx --no-install error-registry-guard ${HOOK_COMMAND} || exit $?`,
      );
    }
    writeFileSync(hook.file, `${text.replace(/\n*$/, '\n')}\n${hookBlock()}\n`);
    return `added the check to ${shown}\n`;
  }
  const content = hook.kind === 'plain' ? `#!/bin/sh\n${hookBlock()}\n` : `${hookBlock()}\n`;
  writeNew(hook.file, content);
  chmodSync(hook.file, 0o755);
  return `installed the pre-commit hook at ${shown}\n`;
}

export async function uninstallHook(options: SetupOptions): Promise<string> {
  const repo = await GitRepo.open(options.cwd);
  const hook = await findHook(repo);
  const shown = path.relative(repo.root, hook.file);
  if (!existsSync(hook.file)) return `no pre-commit hook at ${shown}: nothing to remove\n`;
  const text = readFileSync(hook.file, 'utf8');
  if (hook.kind === 'lefthook') {
    const { parseDocument } = yaml();
    const doc = parseDocument(text);
    if (!doc.hasIn(['pre-commit', 'commands', 'error-registry-guard']))
      return `not installed in ${shown}: nothing to remove\n`;
    doc.deleteIn(['pre-commit', 'commands', 'error-registry-guard']);
    writeFileSync(hook.file, doc.toString());
    return `removed the error-registry-guard command from ${shown}\n`;
  }
  if (!text.includes(MARK_BEGIN)) return `${shown} has no error-registry-guard lines: nothing to remove\n`;
  const rest = removeBlock(text);
  // A hook that was only ours goes entirely; anyone else's lines stay.
  if (rest.trim() === '' || rest.trim() === '#!/bin/sh') {
    unlinkSync(hook.file);
    return `removed ${shown}\n`;
  }
  writeFileSync(hook.file, rest);
  return `removed the error-registry-guard lines from ${shown}\n`;
}

// ---------------------------------------------------------------------------------------------- init

/** A markdown file whose tables include one with `code` and `status` columns. */
async function findRegistry(repo: GitRepo): Promise<string | undefined> {
  if (existsSync(path.join(repo.root, DEFAULT_REGISTRY))) return DEFAULT_REGISTRY;
  const candidates = (await repo.listFiles('*.md')).filter((f) => !f.startsWith('node_modules/'));
  // Names that speak of errors first, so a README with a table does not win.
  candidates.sort(
    (a, b) => Number(!/error|problem|code/i.test(b)) - Number(!/error|problem|code/i.test(a)) || a.localeCompare(b),
  );
  for (const file of candidates) {
    let text: string;
    try {
      text = readFileSync(path.join(repo.root, file), 'utf8');
    } catch {
      continue;
    }
    if (!/\|\s*`?code`?\s*\|/i.test(text)) continue;
    const parsed = parse(text);
    if (parsed.entries.length > 0 && parsed.entries.some((e) => e.status !== null)) return file;
  }
  return undefined;
}

function configText(registry: string, baseBranch: string): string {
  return `{
  // error-registry-guard configuration. Every key is optional; see the README for all of them.
  "$schema": "./node_modules/error-registry-guard/schemas/config.schema.json",
  // The markdown registry of problem \`code\` values (a table with code | status | meaning | frontend handling).
  "registry": ${JSON.stringify(registry)},
  // Released versions of the registry, one JSON file each: commit them.
  "snapshots": "snapshots",
  // Pull requests target this branch: the check compares with their merge-base.
  "baseBranch": ${JSON.stringify(baseBranch)},
  // Severity overrides, e.g. { "HANDLING_CHANGED": "error" } or { "CODE_MOVED": "off" }.
  "rules": {},
  // Accepted breaking changes, each with a reason; 'snapshot' records them, then they can go. E.g.
  // { "rule": "MEANING_CHANGED", "code": "AUTH_TOKEN_EXPIRED", "reason": "Same semantics, clearer words" }
  "allow": []
}
`;
}

export async function runInit(options: SetupOptions): Promise<string> {
  const repo = await GitRepo.open(options.cwd);
  const out: string[] = [];
  const configFile = path.join(repo.root, CONFIG_FILE);
  if (existsSync(configFile)) {
    out.push(`${CONFIG_FILE} exists already: left as it is`);
  } else {
    const found = options.registry ?? (await findRegistry(repo));
    if (!found) {
      throw new UsageError(
        `no registry found: create ${DEFAULT_REGISTRY} (a markdown table with code | status | meaning | frontend handling), or pass --registry PATH`,
      );
    }
    // --registry is relative to where the user is; a found registry to the repository root.
    const file = options.registry !== undefined ? path.resolve(options.cwd, found) : path.join(repo.root, found);
    const registry = relativePosix(repo.root, file);
    // Everything that can refuse the registry runs before the config is written: nothing half-done.
    parseOrFail(readRegistryFile(file, registry, { root: repo.root }), registry);
    writeNew(configFile, configText(registry, await repo.defaultBranch()));
    out.push(`wrote ${CONFIG_FILE} (registry: ${registry})`);
  }
  const config = loadConfig(repo.root);
  const { runSnapshot } = await import('./commands.js');
  const result = await runSnapshot({ cwd: repo.root });
  if (!result.report.ok) {
    out.push(
      `the registry has errors, so no snapshot was recorded: run 'error-registry-guard lint' and fix them, then 'error-registry-guard snapshot'`,
    );
  }
  for (const file of result.written) out.push(`recorded the first snapshot: ${path.relative(repo.root, file)}`);
  for (const line of result.unchanged) out.push(line);
  out.push(
    '',
    'Next steps:',
    `  1. commit ${CONFIG_FILE} and ${config.registries.map((r) => `${r.snapshots}/`).join(', ')}`,
    '  2. npx error-registry-guard hook install   # check the staged registry before each commit',
    '  3. add the pull-request gate to CI (README: "CI and hooks", docs/ci.md)',
    '  4. npx error-registry-guard check          # what the gate sees now',
  );
  return `${out.join('\n')}\n`;
}

/**
 * For `check --only-if-staged` (what the hook runs): is any registry, snapshot or the config among
 * the staged paths? Commits that touch none of them skip the check.
 */
export async function registryStaged(cwd: string, explicitConfig?: string): Promise<boolean> {
  const config = loadConfig(cwd, explicitConfig);
  const repo = await GitRepo.open(config.root);
  const prefix = relativePosix(repo.root, config.root);
  const inRepo = (p: string) => (prefix ? `${prefix}/${p}` : p);
  const watched = config.registries.flatMap((r) => [inRepo(r.path), `${inRepo(r.snapshots)}/`]);
  if (config.file) watched.push(relativePosix(repo.root, config.file));
  return (await repo.stagedFiles()).some((f) => watched.some((w) => (w.endsWith('/') ? f.startsWith(w) : f === w)));
}
