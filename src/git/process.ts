/**
 * The one module that starts git. Every call that carries a user value puts `--end-of-options` before
 * it (`git show --output=FILE` would write a file otherwise) or passes it as a line on stdin (where
 * git reads a name, never an option), nothing goes through a shell, and refs are validated before use
 * (`isLineSafeRef`, `SHA`). The other modules of this folder build the argv; git runs only from here,
 * with the environment `gitEnv` makes.
 *
 * Git runs through `spawn` directly rather than simple-git: loading simple-git cost about a third of
 * the whole `check` run, and every command here is a fixed argv. Its environment guard is kept as it
 * was (see `gitEnv`).
 */
import { spawn, type ChildProcessByStdio, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { UsageError } from '../errors.js';
import { GIT_OUTPUT_MAX_BYTES, limitText } from '../limits.js';

/**
 * A pre-commit hook under `git commit -a` or `git commit PATH` must see GIT_INDEX_FILE (a temporary
 * index) or it reads a stale one: these variables pass through to git.
 */
const HOOK_ENVIRONMENT = [
  'GIT_INDEX_FILE',
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_COMMON_DIR',
];
const ALLOWED = new Set(HOOK_ENVIRONMENT.map((k) => k.toLowerCase()));
/** Not GIT_* but still read by git to run programs: simple-git's guard removes these too. */
const GUARDED = new Set(['editor', 'pager', 'prefix', 'ssh_askpass', 'visual']);

/**
 * The environment git runs with, as simple-git 4's `allowEnvironment` guard made it: inherited GIT_*
 * variables (GIT_CONFIG_*, GIT_EXTERNAL_DIFF, GIT_SSH_COMMAND...) and EDITOR, PAGER, PREFIX,
 * SSH_ASKPASS, VISUAL are dropped, except the hook variables above; abbreviated options are refused.
 */
export function gitEnv(source: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(source)) {
    const name = key.toLowerCase().trim();
    if (!(name.startsWith('git_') || GUARDED.has(name)) || ALLOWED.has(name)) env[key] = value;
  }
  env.GIT_TEST_DISALLOW_ABBREVIATED_OPTIONS = 'true';
  return env;
}

/**
 * gitEnv for diff-tree over many pairs: glibc's allocator would hand each blob's memory back to the
 * system and take it again for the next (some 3,200 `brk` calls for 2,000 pairs of a 45 KB file;
 * git's time in the kernel falls from about 95 to 60 ms with this). Keeping it costs a few MB for
 * the life of the process. Other C libraries ignore the variable; one the user set is kept.
 */
function diffEnv(): NodeJS.ProcessEnv {
  const env = gitEnv();
  env.GLIBC_TUNABLES ??= 'glibc.malloc.trim_threshold=67108864:glibc.malloc.top_pad=16777216';
  return env;
}

export interface GitResult {
  status: number;
  stdout: Buffer;
  stderr: string;
}

/**
 * Runs git to the end. Rejects when git cannot be started at all, and with a UsageError when it
 * prints more than `maxBytes` (it is stopped then: no output is held without bound). With
 * `onStdout`, stdout goes to it as git prints it (and `stdout` of the result is empty).
 */
export function runGit(
  cwd: string,
  args: string[],
  input?: string,
  maxBytes = GIT_OUTPUT_MAX_BYTES,
  onStdout?: (chunk: Buffer) => void,
): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd,
      env: gitEnv(),
      windowsHide: true,
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let over = false;
    /** Counts a chunk against the limit; false (and git stopped) once over it. */
    const within = (c: Buffer): boolean => {
      if (over) return false;
      size += c.length;
      if (size > maxBytes) {
        over = true;
        child.kill();
      }
      return !over;
    };
    const keep = (into: Buffer[]) => (c: Buffer) => {
      if (within(c)) into.push(c);
    };
    child.stdout!.on('data', onStdout ? (c: Buffer) => within(c) && onStdout(c) : keep(out));
    child.stderr!.on('data', keep(err));
    child.on('error', reject);
    child.on('close', (status) => {
      if (over) {
        reject(
          new UsageError(
            `git ${args.find((a) => !a.startsWith('-')) ?? ''} printed more than ${limitText(maxBytes)}: is the repository what it should be?`,
          ),
        );
        return;
      }
      resolve({ status: status ?? -1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') });
    });
    if (input !== undefined) {
      child.stdin!.on('error', () => undefined); // git stopped early: its status says so
      child.stdin!.end(input);
    }
  });
}

/** A git process with stdin, stdout and stderr piped. */
export type GitProcess = ChildProcessWithoutNullStreams;

/** Starts git for a caller that writes its stdin and reads its output as it runs (`cat-file --batch`). */
export function spawnGit(cwd: string, args: string[]): GitProcess {
  return spawn('git', args, { cwd, env: gitEnv(), windowsHide: true, stdio: ['pipe', 'pipe', 'pipe'] });
}

/**
 * Starts `git diff-tree --stdin` over many pairs (see diffEnv): stdin and stdout are pipes, stderr
 * is not read.
 */
export function spawnDiffTree(cwd: string, args: string[]): ChildProcessByStdio<Writable, Readable, null> {
  return spawn('git', args, { cwd, env: diffEnv(), windowsHide: true, stdio: ['pipe', 'pipe', 'ignore'] });
}

/** A ref that can go on a `cat-file` stdin line: one line, not an option. */
export function isLineSafeRef(ref: string): boolean {
  return ref !== '' && !ref.startsWith('-') && !/[\n\r\0]/.test(ref);
}

/** A full object id (SHA-1 or SHA-256), as git prints it. */
export const SHA = /^[0-9a-f]{40,64}$/;

export function notARepository(cwd: string): UsageError {
  return new UsageError(`${cwd} is not inside a git repository: run it in one, or compare files with 'diff OLD NEW'`);
}

/** Whether `error` (from starting a process) says there is no git to run. */
export function gitMissing(error: unknown): boolean {
  const e = error as NodeJS.ErrnoException;
  return e.code === 'ENOENT' && e.path === 'git';
}

export const GIT_MISSING = `git is not installed or not on PATH: install git, or compare files with 'diff OLD NEW'`;

export function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0] ?? '';
}
