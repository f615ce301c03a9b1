/**
 * The repository as the commands see it: commits resolved, files read at a commit or from the index
 * (and read ahead), a file's history, fetching, and the setup helpers. Git itself runs in
 * process.ts; this delegates cat-file's framing to objects.ts, diff-tree's streaming to
 * diff-tree.ts and git log's parsing to log.ts.
 */
import { UsageError } from '../errors.js';
import { holdsBytes, isRegularFile } from '../files/read.js';
import { GIT_OBJECT_MAX_BYTES } from '../limits.js';
import { diffPairs, type CommitPair } from './diff-tree.js';
import { fileHistoryArgs, parseFileHistory, type Commit } from './log.js';
import {
  batchFailed,
  bytesOf,
  ObjectReader,
  ObjectTooLarge,
  readBlobs,
  streamObjects,
  treeBlobs,
  type BatchEnd,
  type ObjectHandler,
  type TreeObject,
} from './objects.js';
import {
  firstLine,
  GIT_MISSING,
  gitMissing,
  isLineSafeRef,
  notARepository,
  runGit,
  SHA,
  type GitResult,
} from './process.js';

export class GitRepo {
  /** Commits already resolved (`ref` -> sha, or undefined when it names none): one batch answers several. */
  private readonly commits = new Map<string, string | undefined>();
  /** Objects read ahead by `prefetch` (`REF:PATH`, `:N:PATH` -> bytes, ObjectTooLarge, or undefined: no such blob). */
  private readonly blobs = new Map<string, Buffer | ObjectTooLarge | undefined>();
  /** The same blobs by object id (for sameAsBlobs). */
  private readonly blobsById = new Map<string, Buffer>();
  /** Trees read ahead by `prefetch` (`REF:DIR` -> bytes and id length), or undefined when there is no such tree. */
  private readonly trees = new Map<string, TreeObject | undefined>();
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
  private async run(args: string[], input?: string, onStdout?: (chunk: Buffer) => void): Promise<GitResult> {
    let result: GitResult;
    try {
      result = await runGit(this.dir, args, input, undefined, onStdout);
    } catch (error) {
      if (error instanceof UsageError) throw error;
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

  /** stdout of a git command ('' when `onStdout` takes it as git prints it); an error when git fails, saying why. */
  async raw(args: string[], onStdout?: (chunk: Buffer) => void): Promise<string> {
    const result = await this.run(args, undefined, onStdout);
    // The user's to fix (a broken repository, a lock, permissions): one line.
    if (result.status !== 0 && result.stderr !== '')
      throw new UsageError(`git ${args[0] ?? ''} failed: ${firstLine(result.stderr.trim())}`);
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
    const answers: [Buffer | undefined, string, string, number | undefined][] = [];
    try {
      await this.eachObject(names, (bytes, _, type, id, tooLarge) => answers.push([bytes, type, id, tooLarge]));
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
      const [bytes, type, id, tooLarge] = answers[askRefs.length + i]!;
      // Too large to read: a blob is an error when read (not a missing file); a tree is left to ls-tree.
      const blob = tooLarge === undefined ? bytes : new ObjectTooLarge(name, tooLarge);
      this.blobs.set(name, type === 'blob' ? blob : undefined);
      if (type === 'blob' && bytes) this.blobsById.set(id, bytes);
      if (type !== 'tree' || !tooLarge)
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
      if (this.blobs.has(`${name}:${path}`)) return bytesOf(this.blobs.get(`${name}:${path}`));
    }
    // Raw bytes matter: a registry may not be UTF-8, and must be reported, not mangled.
    const name = `${commit}:${path}`;
    // Through cat-file --batch: the size is checked before the content is read.
    if (isLineSafeRef(name)) return bytesOf((await this.readMany([name]))[0]);
    // A path no stdin line can carry: its size first, then its content.
    const size = Number((await this.run(['cat-file', '-s', '--end-of-options', name])).stdout.toString('utf8'));
    if (size > GIT_OBJECT_MAX_BYTES) throw new ObjectTooLarge(name, size);
    const result = await this.run(['cat-file', 'blob', '--end-of-options', name]);
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
    return bytesOf(staged);
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
    const out = await this.raw(fileHistoryArgs(path)).catch(() => '');
    return parseFileHistory(out, path);
  }

  /** Blobs by id, from what `prefetch` read already, else with one cat-file process for the rest. */
  async readBlobs(ids: string[]): Promise<(Buffer | undefined)[]> {
    const missing = ids.filter((id) => !this.blobsById.has(id));
    const read = missing.length > 0 ? await this.readMany(missing) : [];
    missing.forEach((id, i) => {
      const bytes = read[i];
      // Too large to read: the one-line error of the limit, as for any other object.
      if (bytes instanceof Error) throw bytes;
      if (bytes) this.blobsById.set(id, bytes);
    });
    return ids.map((id) => this.blobsById.get(id));
  }

  /**
   * Reads many blobs through one `git cat-file --batch` process (thousands of revisions in
   * seconds, instead of one process each). Missing objects (and other types) give undefined, blobs
   * over the size limit an ObjectTooLarge, never read.
   */
  readMany(objects: string[]): Promise<(Buffer | ObjectTooLarge | undefined)[]> {
    return readBlobs((names, handle) => this.eachObject(names, handle), objects);
  }

  /**
   * Streams objects through one `git cat-file --batch` process: `handle` gets each one, in order,
   * as soon as it arrives, so the caller works while git reads the next ones. A first failure with
   * nothing read means there is no repository, as in `run`.
   */
  async eachObject(objects: string[], handle: ObjectHandler): Promise<void> {
    let end: BatchEnd;
    try {
      end = await streamObjects(this.dir, objects, handle);
    } catch (error) {
      throw gitMissing(error) ? new UsageError(GIT_MISSING) : !this.verified ? notARepository(this.dir) : error;
    }
    const { status, count, stderr, failure } = end;
    this.verified ||= status === 0;
    if (failure !== undefined) throw failure;
    if (!this.verified && status !== 0 && count === 0) throw notARepository(this.dir);
    if (status !== 0 || count !== objects.length) throw batchFailed(status, stderr);
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
   * complete. Never rejects. The output does not depend on the user's configuration or attributes
   * (see diff-tree.ts).
   */
  diffPairs(path: string, pairs: readonly CommitPair[], processes: number): Promise<Buffer | null | undefined>[] {
    return diffPairs(this.dir, path, pairs, processes);
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
      return blob !== undefined && holdsBytes(file, blob);
    });
    // git hash-object reads what it is given: only regular files (a FIFO would block it, a device
    // never ends); anything else differs from every blob.
    const regular = files.map(isRegularFile);
    const recheck = files.filter((_, i) => !same[i] && regular[i]);
    if (recheck.length > 0) {
      const hashed = await this.hashFiles(recheck);
      let k = 0;
      files.forEach((_, i) => {
        if (!same[i] && regular[i]) same[i] = hashed[k++] === ids[i];
      });
    }
    return same;
  }

  async hashFiles(files: string[]): Promise<string[]> {
    if (files.length === 0) return [];
    return (await this.raw(['hash-object', '--', ...files])).trim().split('\n');
  }
}
