/**
 * All git access, in one module. Every call that carries a user value puts `--end-of-options` before
 * it (`git show --output=FILE` would write a file otherwise) or passes it as a line on stdin (where
 * git reads a name, never an option), nothing goes through a shell, and refs are validated before use.
 *
 * Git runs through `spawn` directly rather than simple-git: loading simple-git cost about a third of
 * the whole `check` run, and every command here is a fixed argv. Its environment guard is kept as it
 * was (see `gitEnv`).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';

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

interface GitResult {
  status: number;
  stdout: Buffer;
  stderr: string;
}

/** Runs git to the end. Rejects only when git cannot be started at all. */
function runGit(cwd: string, args: string[], input?: string): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd,
      env: gitEnv(),
      windowsHide: true,
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (c: Buffer) => out.push(c));
    child.stderr!.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (status) =>
      resolve({ status: status ?? -1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }),
    );
    if (input !== undefined) child.stdin!.end(input);
  });
}

/** A ref that can go on a `cat-file` stdin line: one line, not an option. */
export function isLineSafeRef(ref: string): boolean {
  return ref !== '' && !ref.startsWith('-') && !/[\n\r\0]/.test(ref);
}

const SHA = /^[0-9a-f]{40,64}$/;

export interface Commit {
  sha: string;
  author: string;
  email: string;
  date: string;
  subject: string;
  /** Path of the file at this commit (differs from today's path before a rename). */
  path: string;
}

/** One object of a `git cat-file --batch` answer: its bytes, type and id; bytes undefined when it does not exist. */
type ObjectHandler = (bytes: Buffer | undefined, index: number, type: string, id: string) => void;

/** Two commits whose versions of a file `diffPairs` compares: `previous` is the older. */
export interface CommitPair {
  commit: string;
  previous: string;
}

function isHexDigit(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66);
}

function notARepository(cwd: string): UsageError {
  return new UsageError(`${cwd} is not inside a git repository: run it in one, or compare files with 'diff OLD NEW'`);
}

function gitMissing(error: unknown): boolean {
  const e = error as NodeJS.ErrnoException;
  // eslint-disable-next-line error-registry/known-code -- Node system error code, not a problem code
  return e.code === 'ENOENT' && e.path === 'git';
}

const GIT_MISSING = `git is not installed or not on PATH: install git, or compare files with 'diff OLD NEW'`;

export class GitRepo {
  /** Commits already resolved (`ref` -> sha, or undefined when it names none): one batch answers several. */
  private readonly commits = new Map<string, string | undefined>();
  /** Objects read ahead by `prefetch` (`REF:PATH`, `:N:PATH` -> bytes, or undefined when there is no such blob). */
  private readonly blobs = new Map<string, Buffer | undefined>();
  /** The same blobs by object id (for sameAsBlobs). */
  private readonly blobsById = new Map<string, Buffer>();
  /** Trees read ahead by `prefetch` (`REF:DIR` -> bytes and id length), or undefined when there is no such tree. */
  private readonly trees = new Map<string, { bytes: Buffer; idBytes: number } | undefined>();
  private top: string | undefined;
  private shallow: boolean | undefined;
  /** Whether git has run here once: only then is a failure something other than "no repository". */
  private verified = false;

  /** `dir` is where git runs: the top level after `open`, any folder of the work tree after `inside`. */
  private constructor(private readonly dir: string) {}

  /** Opens the repository containing `cwd`; UsageError when there is none. */
  static async open(cwd: string): Promise<GitRepo> {
    let result: GitResult | undefined;
    try {
      result = await runGit(cwd, ['rev-parse', '--show-toplevel', '--is-shallow-repository']);
    } catch (error) {
      if (gitMissing(error)) throw new UsageError(GIT_MISSING);
      // Falls through: a working directory that does not exist is not a repository either.
    }
    const [root = '', shallow = ''] = result && result.status === 0 ? result.stdout.toString('utf8').split('\n') : [];
    if (root === '') throw notARepository(cwd);
    const repo = new GitRepo(root);
    repo.top = root;
    repo.shallow = shallow === 'true';
    repo.verified = true;
    return repo;
  }

  /**
   * A repository used from `dir` without asking git for its top level first (one process less for
   * `check`): the first git command tells whether `dir` is in a repository, with `open`'s error.
   * Paths given to it are relative to the top level, as in `REF:PATH`; `root` is not available.
   */
  static inside(dir: string): GitRepo {
    return new GitRepo(dir);
  }

  /**
   * `inside(dir)` when that reads the same as `open(dir)`: git takes a relative GIT_INDEX_FILE from
   * the top level wherever it runs, but a GIT_DIR or GIT_WORK_TREE from where it runs, so with those
   * set (a hook in a linked worktree, say) git runs from the top level as `open` makes it.
   */
  static async forWorkTree(dir: string): Promise<GitRepo> {
    const placed = [
      'GIT_DIR',
      'GIT_WORK_TREE',
      'GIT_COMMON_DIR',
      'GIT_OBJECT_DIRECTORY',
      'GIT_ALTERNATE_OBJECT_DIRECTORIES',
    ].some((k) => process.env[k] !== undefined);
    return placed ? GitRepo.open(dir) : GitRepo.inside(dir);
  }

  /** The repository's top level (after `open`). */
  get root(): string {
    if (this.top === undefined) throw new Error('GitRepo.root is known only for a repository from GitRepo.open');
    return this.top;
  }

  /** Runs git in the repository; for `inside`, a first failure to run at all means there is no repository. */
  private async run(args: string[], input?: string): Promise<GitResult> {
    let result: GitResult;
    try {
      result = await runGit(this.dir, args, input);
    } catch (error) {
      if (gitMissing(error)) throw new UsageError(GIT_MISSING);
      if (!this.verified) throw notARepository(this.dir);
      throw error;
    }
    if (
      !this.verified &&
      result.status === 128 &&
      /not a git repository|dubious ownership|safe\.directory/i.test(result.stderr)
    )
      throw notARepository(this.dir);
    this.verified ||= result.status === 0;
    return result;
  }

  /** stdout of a git command; an error when git fails and says why (a silent failure gives its output, like simple-git did). */
  private async raw(args: string[]): Promise<string> {
    const result = await this.run(args);
    if (result.status !== 0 && result.stderr !== '') throw new Error(result.stderr.trim());
    return result.stdout.toString('utf8');
  }

  /**
   * Resolves refs to commits and reads blobs (`REF:PATH`, `:N:PATH`) with one `git cat-file --batch`:
   * what a command will ask next, asked in one process. Later `resolveCommit`, `readAt` and
   * `readStaged` calls answer from what this learnt. Names that cannot be a stdin line are skipped.
   */
  async prefetch(refs: string[], objects: string[]): Promise<void> {
    const askRefs = [...new Set(refs.filter((r) => isLineSafeRef(r) && !this.commits.has(r)))];
    const askObjects = [...new Set(objects.filter((o) => isLineSafeRef(o) && !this.blobs.has(o)))];
    if (askRefs.length + askObjects.length === 0) return;
    const names = [...askRefs.map((r) => `${r}^{commit}`), ...askObjects];
    const answers: [Buffer | undefined, string, string][] = [];
    try {
      await this.eachObject(names, (bytes, _, type, id) => answers.push([bytes, type, id]));
    } catch (error) {
      if (error instanceof UsageError) throw error;
      return; // Could not batch: each later call asks git on its own, as without prefetching.
    }
    askRefs.forEach((ref, i) => {
      const [, type, id] = answers[i]!;
      // `REF^{commit}` peels tags and refuses trees and blobs, as `rev-parse --verify REF^{commit}` did.
      this.commits.set(ref, type === 'commit' && SHA.test(id) ? id : undefined);
    });
    askObjects.forEach((name, i) => {
      const [bytes, type, id] = answers[askRefs.length + i]!;
      this.blobs.set(name, type === 'blob' ? bytes : undefined);
      if (type === 'blob' && bytes) this.blobsById.set(id, bytes);
      this.trees.set(name, type === 'tree' && bytes ? { bytes, idBytes: id.length / 2 } : undefined);
    });
  }

  /**
   * Resolves several refs to commits with one `git cat-file --batch-check` (one process instead of
   * one `rev-parse` each); later `resolveCommit` calls answer from what this learnt.
   */
  async resolveCommits(refs: string[]): Promise<(string | undefined)[]> {
    const ask = [...new Set(refs.filter((r) => isLineSafeRef(r) && !this.commits.has(r)))];
    if (ask.length > 0) {
      const result = await this.run(['cat-file', '--batch-check'], ask.map((r) => `${r}^{commit}\n`).join(''));
      if (!this.verified && result.status !== 0) throw notARepository(this.dir);
      const lines = result.status === 0 ? result.stdout.toString('utf8').split('\n') : [];
      ask.forEach((ref, i) => {
        const [sha = '', type] = (lines[i] ?? '').split(' ');
        this.commits.set(ref, SHA.test(sha) && type === 'commit' ? sha : undefined);
      });
    }
    return refs.map((r) => (isLineSafeRef(r) ? this.commits.get(r) : undefined));
  }

  /** The commit a ref names, or undefined. */
  async resolveCommit(ref: string): Promise<string | undefined> {
    return (await this.resolveCommits([ref]))[0];
  }

  /** Like resolveCommit but throws a UsageError naming the fix. */
  async requireCommit(ref: string, what: string): Promise<string> {
    // Shown with control characters escaped: the message stays one line whatever the value holds.
    const shown = JSON.stringify(ref).slice(1, -1);
    if (ref.startsWith('-')) throw new UsageError(`${what} '${shown}' is not a git ref: refs may not start with '-'`);
    const sha = await this.resolveCommit(ref);
    if (sha) return sha;
    const shallow = await this.isShallow();
    if (shallow) {
      throw new UsageError(
        `${what} '${shown}' is not in this shallow clone: fetch full history (actions/checkout with fetch-depth: 0) or run 'git fetch origin <branch>'`,
      );
    }
    throw new UsageError(`${what} '${shown}' does not name a commit in this repository: check the ref or fetch it`);
  }

  async isShallow(): Promise<boolean> {
    if (this.shallow === undefined) {
      try {
        this.shallow = (await this.raw(['rev-parse', '--is-shallow-repository'])).trim() === 'true';
      } catch {
        this.shallow = false;
      }
    }
    return this.shallow;
  }

  /** merge-base of two commits; undefined when they share no history (an empty answer is a failure). */
  async mergeBase(a: string, b: string): Promise<string | undefined> {
    // A commit is its own merge-base: no process needed when both name the same commit (checking main on main).
    const [shaA, shaB] = [
      this.commits.get(a) ?? (SHA.test(a) ? a : undefined),
      this.commits.get(b) ?? (SHA.test(b) ? b : undefined),
    ];
    if (shaA !== undefined && shaA === shaB) return shaA;
    try {
      const sha = (await this.raw(['merge-base', '--end-of-options', a, b])).trim();
      return sha === '' ? undefined : sha;
    } catch {
      return undefined;
    }
  }

  /** Bytes of PATH at a commit, or undefined when the file does not exist there. */
  async readAt(commit: string, path: string): Promise<Buffer | undefined> {
    // Read ahead under this commit's name, or under a ref that resolved to it?
    for (const name of [commit, ...[...this.commits].filter(([, sha]) => sha === commit).map(([ref]) => ref)]) {
      if (this.blobs.has(`${name}:${path}`)) return this.blobs.get(`${name}:${path}`);
    }
    // Raw bytes matter: a registry may not be UTF-8, and must be reported, not mangled.
    const result = await this.run(['cat-file', 'blob', '--end-of-options', `${commit}:${path}`]);
    return result.status === 0 ? result.stdout : undefined;
  }

  /** Names to `prefetch` for `readStaged(path)`. */
  static stagedObjects(path: string): string[] {
    // Stage 0 is the staged file; stages 1 to 3 exist only while a merge conflict is unresolved.
    return [`:0:${path}`, `:1:${path}`, `:2:${path}`, `:3:${path}`];
  }

  /** Bytes of PATH as staged in the index, or undefined when it is not in the index. */
  async readStaged(path: string): Promise<Buffer | undefined> {
    const names = GitRepo.stagedObjects(path);
    // One process for all four stages (none when prefetched).
    const [staged, ...conflict] = names.every((n) => this.blobs.has(n))
      ? names.map((n) => this.blobs.get(n))
      : await this.readMany(names);
    if (conflict.some((b) => b !== undefined)) {
      throw new UsageError(`${path} has unresolved merge conflicts in the index: resolve them and 'git add' it first`);
    }
    return staged;
  }

  /** `git fetch --depth=1 origin SHA`: gets just the base commit of a pull request in a shallow clone. */
  async fetchCommit(remote: string, sha: string): Promise<void> {
    try {
      await this.raw(['fetch', '--no-tags', '--depth=1', '--end-of-options', remote, sha]);
    } catch (error) {
      throw new UsageError(`could not fetch ${sha} from ${remote}: ${firstLine(error)}; use fetch-depth: 0 instead`);
    } finally {
      // What was missing may be here now.
      this.commits.clear();
      this.blobs.clear();
      this.trees.clear();
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
      // The line of history that became HEAD: consecutive entries are then parent and child, and a
      // merge is compared with the branch it was merged into (not with a commit of the other branch).
      '--first-parent',
      '--diff-merges=first-parent',
      '--name-only',
      // NUL-terminated names, as they are: without -z git quotes a name with non-ASCII characters,
      // quotes or backslashes ("docs/err\303\266r.md"), and the quoted name is no object.
      '-z',
      `--format=%x1e%H${sep}%an${sep}%ae${sep}%aI${sep}%s`,
      '--end-of-options',
      'HEAD',
      '--',
      path,
    ]).catch(() => '');
    const commits: Commit[] = [];
    // Each record: "\x1e" header "\0" "\n"? name "\0".
    for (const record of out.split('\u001e')) {
      if (record.trim() === '' || record.replace(/\0/g, '').trim() === '') continue;
      const [header = '', ...rest] = record.split('\0');
      const [sha = '', author = '', email = '', date = '', subject = ''] = header.split(sep);
      const file = rest.map((l) => l.replace(/^\n/, '')).find((l) => l !== '') ?? path;
      commits.push({ sha, author, email, date, subject, path: file });
    }
    return commits;
  }

  /**
   * Reads many blobs through one `git cat-file --batch` process (thousands of revisions in
   * seconds, instead of one process each). Missing objects give undefined.
   */
  async readMany(objects: string[]): Promise<(Buffer | undefined)[]> {
    const results: (Buffer | undefined)[] = [];
    await this.eachObject(objects, (bytes) => results.push(bytes));
    return results;
  }

  /**
   * Streams objects through one `git cat-file --batch` process: `handle` gets each one, in order,
   * as soon as it arrives, so the caller works while git reads the next ones.
   */
  eachObject(objects: string[], handle: ObjectHandler): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn('git', ['cat-file', '--batch'], { cwd: this.dir, env: gitEnv(), windowsHide: true });
      let count = 0;
      let failure: Error | undefined;
      const framer = new BatchFramer(
        (bytes, type, id) => {
          try {
            handle(bytes, count++, type, id);
          } catch (error) {
            failure ??= error instanceof Error ? error : new Error(String(error));
            child.kill();
          }
        },
        () => failure !== undefined,
      );
      child.stdout.on('data', (chunk: Buffer) => framer.push(chunk));
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
      child.on('error', (error) =>
        reject(gitMissing(error) ? new UsageError(GIT_MISSING) : !this.verified ? notARepository(this.dir) : error),
      );
      child.on('close', (status) => {
        this.verified ||= status === 0;
        if (failure !== undefined) reject(failure);
        else if (!this.verified && status !== 0 && count === 0) reject(notARepository(this.dir));
        else if (status !== 0 || count !== objects.length)
          reject(
            new UsageError(
              `git cat-file --batch failed (exit ${status ?? 'signal'}): ${stderr.trim().split('\n')[0] ?? ''}`,
            ),
          );
        else resolve();
      });
      // Object names cannot carry options here: each is one stdin line, read as a name.
      child.stdin.on('error', () => undefined); // git exits early when killed: its stdin closing is expected then
      child.stdin.end(objects.map((o) => `${o}\n`).join(''));
    });
  }

  /**
   * A `git cat-file --batch` process that stays open for objects asked one at a time, when which
   * ones are needed is known only as the caller goes (audit's revisions that no patch gives).
   * Started on the first `read`; `close` ends it.
   */
  objectReader(): ObjectReader {
    return new ObjectReader(this.dir);
  }

  /**
   * The `git diff-tree -p` record of each pair: the patch that turns PATH at `previous` into PATH at
   * `commit`, as the bytes after the commit id line git starts it with; null when git printed none
   * (the same blob on both sides), undefined when git failed before it was complete (read the blob).
   * The pairs go to `processes` diff-tree processes running at once, each a contiguous run of them
   * on stdin (a name on a line, never an option); each promise settles as soon as its record is
   * complete. Never rejects.
   *
   * The output must not depend on the user's configuration or attributes: no context lines and no
   * merged hunks (diff.context, diff.interHunkContext), text even for `-diff` or binary-looking
   * files, no textconv, external diff, colour or rename detection, and PATH matched literally.
   */
  diffPairs(path: string, pairs: readonly CommitPair[], processes: number): Promise<Buffer | null | undefined>[] {
    const runs: Promise<Buffer | null | undefined>[][] = [];
    const size = Math.ceil(pairs.length / Math.max(1, processes));
    for (let from = 0; from < pairs.length; from += size) runs.push(this.diffRun(path, pairs.slice(from, from + size)));
    return runs.flat();
  }

  /** One diff-tree process for a run of pairs (see diffPairs). */
  private diffRun(path: string, pairs: readonly CommitPair[]): Promise<Buffer | null | undefined>[] {
    const settle: ((record: Buffer | null | undefined) => void)[] = [];
    const records = pairs.map(() => new Promise<Buffer | null | undefined>((resolve) => settle.push(resolve)));
    // Where each commit's record goes: records come in the order of the stdin lines, with none for
    // an unchanged pair, and each starts with a line holding just the commit's id.
    const position = new Map(pairs.map((p, i) => [p.commit, i]));
    if (position.size !== pairs.length || !pairs.every((p) => SHA.test(p.commit) && SHA.test(p.previous))) {
      for (const s of settle) s(undefined);
      return records;
    }
    const idLength = pairs[0]?.commit.length ?? 40;
    let next = 0; // first pair not settled yet
    let open = -1; // pair whose record is being received (then next === open), or -1
    let rest: Buffer = Buffer.alloc(0); // bytes from the open record's start (or from the last partial line)
    let scanned = 0; // bytes of `rest` already looked at: whole lines
    /** Settles the open record with `record`, and the pairs before `to` with null (git printed nothing for them). */
    const advance = (record: Buffer | null | undefined, to: number) => {
      if (open !== -1) settle[next++]!(record);
      open = -1;
      while (next < to) settle[next++]!(null);
    };
    const child = spawn(
      'git',
      [
        '--literal-pathspecs',
        'diff-tree',
        '--stdin',
        '-r',
        '-p',
        '-U0',
        '--inter-hunk-context=0',
        '--text',
        '--no-textconv',
        '--no-ext-diff',
        '--no-color',
        '--no-renames',
        '--end-of-options',
        '--',
        path,
      ],
      { cwd: this.dir, env: diffEnv(), windowsHide: true, stdio: ['pipe', 'pipe', 'ignore'] },
    );
    child.stdout.on('data', (chunk: Buffer) => {
      const data = rest.length === 0 ? chunk : Buffer.concat([rest, chunk]);
      let recordStart = 0;
      let pos = scanned;
      for (let nl = data.indexOf(10, pos); nl !== -1; pos = nl + 1, nl = data.indexOf(10, pos)) {
        // Patch lines start with a marker ('+', '-', ' ', '@', '\\') and headers with a word: a line
        // of just hex digits is a record's start.
        if (nl - pos !== idLength || !isHexDigit(data[pos]!)) continue;
        const at = position.get(data.toString('latin1', pos, nl));
        if (at === undefined || at < next || at === open) continue;
        advance(data.subarray(recordStart, pos), at);
        open = at;
        recordStart = nl + 1;
      }
      const keep = open === -1 ? pos : recordStart;
      rest = data.subarray(keep);
      scanned = pos - keep;
    });
    // Git failed, or could not start: what is not complete must be read otherwise.
    const fail = () => {
      open = -1;
      while (next < pairs.length) settle[next++]!(undefined);
    };
    child.on('error', fail);
    child.on('close', (status) => {
      if (status === 0) advance(rest, pairs.length);
      else fail();
    });
    child.stdin.on('error', () => undefined); // git gone early: settled on close
    child.stdin.end(pairs.map((p) => `${p.commit} ${p.previous}\n`).join(''));
    return records;
  }

  /** Files of a folder at a commit, with their blob ids (empty when the folder is not there). */
  async filesAt(commit: string, dir: string): Promise<Map<string, string>> {
    const folder = dir.replace(/\/$/, '');
    // Read ahead under this commit's name, or under a ref that resolved to it? Then no ls-tree.
    for (const name of [commit, ...[...this.commits].filter(([, sha]) => sha === commit).map(([ref]) => ref)]) {
      if (this.trees.has(`${name}:${folder}`)) return treeBlobs(this.trees.get(`${name}:${folder}`), folder);
    }
    const out = await this.raw(['ls-tree', '-z', '--end-of-options', commit, '--', `${dir.replace(/\/$/, '')}/`]).catch(
      () => '',
    );
    const files = new Map<string, string>();
    for (const line of out.split('\0')) {
      const match = /^\d+ blob ([0-9a-f]+)\t(.+)$/.exec(line);
      if (match) files.set(match[2]!, match[1]!);
    }
    return files;
  }

  /**
   * Which files have exactly the content of the blob with the matching id: compared byte for byte
   * with the blob when `prefetch` read it (no process, and no hashing: loading node's crypto alone
   * cost `check` some 6 ms), else, and where the bytes differ, by `git hash-object`, which applies
   * the repository's clean filters and line-ending rules as git would.
   */
  async sameAsBlobs(files: string[], ids: string[]): Promise<boolean[]> {
    const same = files.map((file, i) => {
      const blob = this.blobsById.get(ids[i] ?? '');
      if (!blob) return false;
      try {
        return readFileSync(file).equals(blob);
      } catch {
        return false;
      }
    });
    const recheck = files.filter((_, i) => !same[i]);
    if (recheck.length > 0) {
      const hashed = await this.hashFiles(recheck);
      let k = 0;
      files.forEach((_, i) => {
        if (!same[i]) same[i] = hashed[k++] === ids[i];
      });
    }
    return same;
  }

  async hashFiles(files: string[]): Promise<string[]> {
    if (files.length === 0) return [];
    return (await this.raw(['hash-object', '--', ...files])).trim().split('\n');
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
    const [main, master] = await this.resolveCommits(['refs/heads/main', 'refs/heads/master']);
    if (main) return 'main';
    if (master) return 'master';
    return 'main';
  }
}

/**
 * Splits `git cat-file --batch` output into objects, framed `<id> <type> <size>\n<content>\n` (or
 * `<name> missing`): content that lies within one chunk is handed on as a view of it; content that
 * spans chunks is copied once into a buffer of its size. `stopped` ends the reading early.
 */
class BatchFramer {
  private header: Buffer[] = []; // bytes of an unfinished header line
  private body: Buffer | undefined; // content being filled, when it spans chunks
  private filled = 0;
  private need = -1; // content bytes of the current object, or -1 while reading a header
  private newline = false; // the newline after a content still to skip
  private type = '';
  private id = '';

  constructor(
    private readonly deliver: (bytes: Buffer | undefined, type: string, id: string) => void,
    private readonly stopped: () => boolean = () => false,
  ) {}

  push(chunk: Buffer): void {
    let pos = 0;
    while (pos < chunk.length && !this.stopped()) {
      if (this.newline) {
        pos++;
        this.newline = false;
      } else if (this.need < 0) {
        const nl = chunk.indexOf(10, pos);
        if (nl === -1) {
          this.header.push(chunk.subarray(pos));
          return;
        }
        this.header.push(chunk.subarray(pos, nl));
        const line = (this.header.length === 1 ? this.header[0]! : Buffer.concat(this.header)).toString('utf8');
        this.header = [];
        pos = nl + 1;
        if (line.endsWith(' missing') || line.endsWith(' ambiguous')) {
          this.deliver(undefined, 'missing', '');
          continue;
        }
        const [id = '', type = '', size = ''] = line.split(' ');
        [this.id, this.type, this.need] = [id, type, Number(size)];
        if (pos + this.need <= chunk.length) {
          const bytes = chunk.subarray(pos, pos + this.need);
          pos += this.need;
          this.need = -1;
          this.newline = true;
          this.deliver(bytes, this.type, this.id);
        } else {
          this.body = Buffer.allocUnsafe(this.need);
          this.filled = 0;
        }
      } else {
        const n = Math.min(this.need - this.filled, chunk.length - pos);
        chunk.copy(this.body!, this.filled, pos, pos + n);
        this.filled += n;
        pos += n;
        if (this.filled === this.need) {
          const bytes = this.body!;
          this.body = undefined;
          this.need = -1;
          this.newline = true;
          this.deliver(bytes, this.type, this.id);
        }
      }
    }
  }
}

/** See `GitRepo.objectReader`. */
export class ObjectReader {
  private child: ChildProcessWithoutNullStreams | undefined;
  /** Reads asked and not answered yet, in the order they were asked. */
  private readonly waiting: { resolve: (bytes: Buffer | undefined) => void; reject: (error: Error) => void }[] = [];
  private failure: Error | undefined;

  constructor(private readonly dir: string) {}

  /** The object's bytes (of whatever type, as `eachObject` gives them), or undefined when there is none. */
  read(name: string): Promise<Buffer | undefined> {
    // One name a line: a name that cannot be one is none (as `prefetch` skips it).
    if (!isLineSafeRef(name)) return Promise.resolve(undefined);
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.waiting.push({ resolve, reject });
      this.start().stdin.write(`${name}\n`);
    });
  }

  /** Ends the process (after the reads under way). */
  close(): void {
    this.child?.stdin.end();
  }

  private start(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const child = spawn('git', ['cat-file', '--batch'], {
      cwd: this.dir,
      env: gitEnv(),
      windowsHide: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const framer = new BatchFramer((bytes) => this.waiting.shift()?.resolve(bytes));
    child.stdout.on('data', (chunk: Buffer) => framer.push(chunk));
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const fail = (error: Error) => {
      this.failure ??= error;
      for (const w of this.waiting.splice(0)) w.reject(this.failure);
    };
    child.on('error', (error) => fail(gitMissing(error) ? new UsageError(GIT_MISSING) : error));
    child.on('close', (status) =>
      fail(
        new UsageError(
          `git cat-file --batch failed (exit ${status ?? 'signal'}): ${stderr.trim().split('\n')[0] ?? ''}`,
        ),
      ),
    );
    child.stdin.on('error', () => undefined); // reported on close
    return (this.child = child);
  }
}

/**
 * The blobs of a tree object (`<mode> <name>\0<id>` entries), as `ls-tree DIR/` lists them: path ->
 * hex id, for files and symlinks (not subtrees or submodules).
 */
function treeBlobs(tree: { bytes: Buffer; idBytes: number } | undefined, folder: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!tree) return files;
  const { bytes, idBytes } = tree;
  for (let at = 0; at < bytes.length;) {
    const space = bytes.indexOf(0x20, at);
    const nul = bytes.indexOf(0, space);
    if (space === -1 || nul === -1) break;
    const mode = bytes.toString('latin1', at, space);
    const name = bytes.toString('utf8', space + 1, nul);
    if (mode.startsWith('10') || mode === '120000')
      files.set(`${folder}/${name}`, bytes.toString('hex', nul + 1, nul + 1 + idBytes));
    at = nul + 1 + idBytes;
  }
  return files;
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0] ?? '';
}
