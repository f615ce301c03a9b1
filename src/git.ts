/**
 * All git access, in one module. Every call that carries a user value puts `--end-of-options` before
 * it (`git show --output=FILE` would write a file otherwise), nothing goes through a shell, and refs
 * are validated before use.
 */
import { spawn } from 'node:child_process';
import { simpleGit, type SimpleGit } from 'simple-git';
import { UsageError } from './errors.js';

/**
 * simple-git 4 strips inherited GIT_* variables; a pre-commit hook under `git commit -a` or
 * `git commit PATH` must see GIT_INDEX_FILE (a temporary index) or it reads a stale one.
 */
const HOOK_ENVIRONMENT = ['GIT_INDEX_FILE', 'GIT_DIR', 'GIT_WORK_TREE', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_COMMON_DIR'];

function hookEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('GIT_') || HOOK_ENVIRONMENT.includes(key)) env[key] = value;
  }
  return env;
}

export interface Commit {
  sha: string;
  author: string;
  email: string;
  date: string;
  subject: string;
  /** Path of the file at this commit (differs from today's path before a rename). */
  path: string;
}

export class GitRepo {
  private constructor(
    readonly root: string,
    private readonly git: SimpleGit,
  ) {}

  /** Opens the repository containing `cwd`; UsageError when there is none. */
  static async open(cwd: string): Promise<GitRepo> {
    const git = simpleGit({ baseDir: cwd, allowEnvironment: HOOK_ENVIRONMENT });
    let root = '';
    try {
      root = (await git.raw(['rev-parse', '--show-toplevel'])).trim();
    } catch {
      // Falls through to the error below.
    }
    if (root === '') throw new UsageError(`${cwd} is not inside a git repository: run it in one, or compare files with 'diff OLD NEW'`);
    return new GitRepo(root, simpleGit({ baseDir: root, allowEnvironment: HOOK_ENVIRONMENT }));
  }

  private async raw(args: string[]): Promise<string> {
    return this.git.raw(args);
  }

  /** The commit a ref names, or undefined. `rev-parse -q` fails silently, so an empty answer is a failure. */
  async resolveCommit(ref: string): Promise<string | undefined> {
    if (ref.startsWith('-')) return undefined;
    try {
      const sha = (await this.raw(['rev-parse', '--verify', '-q', '--end-of-options', `${ref}^{commit}`])).trim();
      return /^[0-9a-f]{40,64}$/.test(sha) ? sha : undefined;
    } catch {
      return undefined;
    }
  }

  /** Like resolveCommit but throws a UsageError naming the fix. */
  async requireCommit(ref: string, what: string): Promise<string> {
    if (ref.startsWith('-')) throw new UsageError(`${what} '${ref}' is not a git ref: refs may not start with '-'`);
    const sha = await this.resolveCommit(ref);
    if (sha) return sha;
    const shallow = await this.isShallow();
    if (shallow) {
      throw new UsageError(
        `${what} '${ref}' is not in this shallow clone: fetch full history (actions/checkout with fetch-depth: 0) or run 'git fetch origin <branch>'`,
      );
    }
    throw new UsageError(`${what} '${ref}' does not name a commit in this repository: check the ref or fetch it`);
  }

  async isShallow(): Promise<boolean> {
    try {
      return (await this.raw(['rev-parse', '--is-shallow-repository'])).trim() === 'true';
    } catch {
      return false;
    }
  }

  async headCommit(): Promise<string | undefined> {
    return this.resolveCommit('HEAD');
  }

  /** merge-base of two commits; undefined when they share no history (an empty answer is a failure). */
  async mergeBase(a: string, b: string): Promise<string | undefined> {
    try {
      const sha = (await this.raw(['merge-base', '--end-of-options', a, b])).trim();
      return sha === '' ? undefined : sha;
    } catch {
      return undefined;
    }
  }

  /** Bytes of PATH at a commit, or undefined when the file does not exist there. */
  async readAt(commit: string, path: string): Promise<Buffer | undefined> {
    return this.catFile(`${commit}:${path}`);
  }

  /** Bytes of PATH as staged in the index, or undefined when it is not in the index. */
  async readStaged(path: string): Promise<Buffer | undefined> {
    const conflicted = (await this.raw(['ls-files', '-u', '--', path])).trim();
    if (conflicted !== '') {
      throw new UsageError(`${path} has unresolved merge conflicts in the index: resolve them and 'git add' it first`);
    }
    return this.catFile(`:${path}`);
  }

  /** `git cat-file blob OBJECT` as raw bytes; undefined when the object does not exist. */
  private catFile(object: string): Promise<Buffer | undefined> {
    return new Promise((resolve, reject) => {
      // Raw bytes matter (a registry may not be UTF-8 and must be reported, not mangled), which
      // simple-git's string API cannot give; this stays a plain argv spawn, no shell.
      const child = spawn('git', ['cat-file', 'blob', '--end-of-options', object], { cwd: this.root, env: hookEnv() });
      const chunks: Buffer[] = [];
      child.stdout.on('data', (c: Buffer) => chunks.push(c));
      child.stderr.resume();
      child.on('error', reject);
      child.on('close', (status) => resolve(status === 0 ? Buffer.concat(chunks) : undefined));
    });
  }

  /** Commit that the git index's path belongs to is irrelevant; this says whether the path is tracked at all. */
  async isTracked(path: string): Promise<boolean> {
    return (await this.raw(['ls-files', '--', path])).trim() !== '';
  }

  async remoteBranchExists(name: string): Promise<boolean> {
    return (await this.resolveCommit(name)) !== undefined;
  }

  /** `git fetch --depth=1 origin SHA`: gets just the base commit of a pull request in a shallow clone. */
  async fetchCommit(remote: string, sha: string): Promise<void> {
    try {
      await this.raw(['fetch', '--no-tags', '--depth=1', '--end-of-options', remote, sha]);
    } catch (error) {
      throw new UsageError(`could not fetch ${sha} from ${remote}: ${firstLine(error)}; use fetch-depth: 0 instead`);
    }
  }

  /**
   * Commits that touched PATH, newest first, following renames, with the path each had then.
   * One `git log` process for the whole history.
   */
  async fileHistory(path: string): Promise<Commit[]> {
    const sep = '\u001f';
    const out = await this.raw([
      'log',
      '--follow',
      '--name-only',
      `--format=%x1e%H${sep}%an${sep}%ae${sep}%aI${sep}%s`,
      '--end-of-options',
      'HEAD',
      '--',
      path,
    ]).catch(() => '');
    const commits: Commit[] = [];
    for (const record of out.split('\u001e')) {
      if (record.trim() === '') continue;
      const [header = '', ...rest] = record.split('\n');
      const [sha = '', author = '', email = '', date = '', subject = ''] = header.split(sep);
      const file = rest.map((l) => l.trim()).find((l) => l !== '') ?? path;
      commits.push({ sha, author, email, date, subject, path: file });
    }
    return commits;
  }

  /**
   * Reads many blobs through one `git cat-file --batch` process (thousands of revisions in
   * seconds, instead of one process each). Missing objects give undefined.
   */
  readMany(objects: string[]): Promise<(Buffer | undefined)[]> {
    return new Promise((resolve, reject) => {
      const child = spawn('git', ['cat-file', '--batch'], { cwd: this.root, env: hookEnv() });
      const results: (Buffer | undefined)[] = [];
      let buffer: Buffer = Buffer.alloc(0);
      let need = -1; // bytes of the current object's content still expected (+1 for its newline)
      child.stdout.on('data', (chunk: Buffer) => {
        buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
        for (;;) {
          if (need < 0) {
            const nl = buffer.indexOf(10);
            if (nl === -1) return;
            const header = buffer.subarray(0, nl).toString('utf8');
            buffer = buffer.subarray(nl + 1);
            if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
              results.push(undefined);
              continue;
            }
            need = Number(header.split(' ')[2]);
          }
          if (buffer.length < need + 1) return;
          results.push(Buffer.from(buffer.subarray(0, need)));
          buffer = buffer.subarray(need + 1);
          need = -1;
        }
      });
      child.stderr.resume();
      child.on('error', reject);
      child.on('close', (status) => {
        if (status !== 0 || results.length !== objects.length) reject(new UsageError(`git cat-file --batch failed (exit ${status ?? 'signal'})`));
        else resolve(results);
      });
      // Object names cannot carry options here: each is one stdin line, read as a name.
      child.stdin.end(objects.map((o) => `${o}\n`).join(''));
    });
  }
  // ---- setup helpers (init, hook install) -------------------------------------------------------

  /** Hooks folder relative to the root; honours core.hooksPath. */
  async hooksDir(): Promise<string> {
    return (await this.raw(['rev-parse', '--git-path', 'hooks'])).trim() || '.git/hooks';
  }

  /** Tracked files matching a pathspec glob, e.g. `*.md`. */
  async listFiles(glob: string): Promise<string[]> {
    return (await this.raw(['ls-files', '-z', '--', glob])).split('\0').filter((f) => f !== '');
  }

  /** Paths staged for the next commit (added, copied, modified, renamed or deleted). */
  async stagedFiles(): Promise<string[]> {
    return (await this.raw(['diff', '--cached', '--name-only', '-z'])).split('\0').filter((f) => f !== '');
  }

  /** The branch pull requests most likely target: origin's HEAD, else main or master, else main. */
  async defaultBranch(): Promise<string> {
    try {
      const ref = (await this.raw(['symbolic-ref', '-q', '--short', 'refs/remotes/origin/HEAD'])).trim();
      if (ref.startsWith('origin/')) return ref.slice('origin/'.length);
    } catch {
      // No remote HEAD: look at local branches.
    }
    if (await this.resolveCommit('refs/heads/main')) return 'main';
    if (await this.resolveCommit('refs/heads/master')) return 'master';
    return 'main';
  }
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0] ?? '';
}
