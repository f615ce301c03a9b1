/**
 * Reading objects through `git cat-file --batch`: names go in as stdin lines (never options), and
 * the answers come back framed `<id> <type> <size>\n<content>\n`. Many objects in one process, read
 * as they arrive: a whole history's blobs in seconds instead of one process each. The size in the
 * header is checked before the content is read: an object over GIT_OBJECT_MAX_BYTES is skipped
 * unread, and handed on as too large.
 */
import { UsageError } from '../errors.js';
import { GIT_OBJECT_MAX_BYTES, tooLargeText } from '../limits.js';
import { GIT_MISSING, gitMissing, isLineSafeRef, spawnGit, type GitProcess } from './process.js';

/**
 * One object of a `git cat-file --batch` answer: its bytes, type and id; bytes undefined when it
 * does not exist, or when it is over the size limit: then `tooLarge` is its size (type and id are
 * still its own).
 */
export type ObjectHandler = (
  bytes: Buffer | undefined,
  index: number,
  type: string,
  id: string,
  tooLarge?: number,
) => void;

/** An object over the size limit, as a one-line error: `HEAD:docs/x.md: file is 50.0 MiB, over the 10.0 MiB limit…`. */
export class ObjectTooLarge extends UsageError {
  constructor(
    readonly object: string,
    readonly size: number,
    readonly limit: number = GIT_OBJECT_MAX_BYTES,
  ) {
    // `:0:path` is the staged file; a full commit id is shortened as git shows it.
    const shown = object.replace(/^:0:/, ':').replace(/^([0-9a-f]{7})[0-9a-f]{33,57}:/, '$1:');
    super(`${shown}: ${tooLargeText(size, limit)}`);
  }
}

/** Blobs through `eachObject` (GitRepo's): undefined for a missing object or another type, ObjectTooLarge for one over the limit. */
export async function readBlobs(
  eachObject: (objects: string[], handle: ObjectHandler) => Promise<void>,
  names: string[],
): Promise<(Buffer | ObjectTooLarge | undefined)[]> {
  const results: (Buffer | ObjectTooLarge | undefined)[] = [];
  await eachObject(names, (bytes, i, type, _id, size) =>
    results.push(type !== 'blob' ? undefined : size === undefined ? bytes : new ObjectTooLarge(names[i]!, size)),
  );
  return results;
}

/** The bytes of a read object; an object too large to read is thrown as the error it is. */
export function bytesOf(object: Buffer | ObjectTooLarge | undefined): Buffer | undefined {
  if (object instanceof ObjectTooLarge) throw object;
  return object;
}

/**
 * Splits `git cat-file --batch` output into objects, framed `<id> <type> <size>\n<content>\n` (or
 * `<name> missing`): content that lies within one chunk is handed on as a view of it; content that
 * spans chunks is copied once into a buffer of its size; content over `maxBytes` is skipped, never
 * held. `stopped` ends the reading early.
 */
class BatchFramer {
  private header: Buffer[] = []; // bytes of an unfinished header line
  private body: Buffer | undefined; // content being filled, when it spans chunks
  private filled = 0;
  private need = -1; // content bytes of the current object, or -1 while reading a header
  private skip = 0; // content bytes of a too large object still to pass over
  private newline = false; // the newline after a content still to skip
  private type = '';
  private id = '';

  constructor(
    private readonly deliver: (bytes: Buffer | undefined, type: string, id: string, tooLarge?: number) => void,
    private readonly stopped: () => boolean = () => false,
    private readonly maxBytes = GIT_OBJECT_MAX_BYTES,
  ) {}

  push(chunk: Buffer): void {
    let pos = 0;
    while (pos < chunk.length && !this.stopped()) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - pos);
        this.skip -= n;
        pos += n;
        if (this.skip === 0) this.newline = true;
      } else if (this.newline) {
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
        if (this.need > this.maxBytes) {
          // Told the size before the content: what is too large is never read into memory.
          const tooLarge = this.need;
          this.need = -1;
          this.skip = tooLarge;
          this.deliver(undefined, this.type, this.id, tooLarge);
          continue;
        }
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

/** The error for a `cat-file --batch` process that ended before answering everything. */
export function batchFailed(status: number | null, stderr: string): UsageError {
  return new UsageError(
    `git cat-file --batch failed (exit ${status ?? 'signal'}): ${stderr.trim().split('\n')[0] ?? ''}`,
  );
}

/** How a `streamObjects` process ended. */
export interface BatchEnd {
  /** git's exit status (null when a signal ended it). */
  status: number | null;
  /** Objects handed to the handler. */
  count: number;
  stderr: string;
  /** What the handler threw (the process was ended then). */
  failure?: Error;
}

/**
 * Streams objects through one `git cat-file --batch` process: `handle` gets each one, in order, as
 * soon as it arrives, so the caller works while git reads the next ones. Rejects only when git
 * cannot be started; what the end means is the caller's to judge (see `GitRepo.eachObject`).
 */
export function streamObjects(dir: string, objects: string[], handle: ObjectHandler): Promise<BatchEnd> {
  return new Promise((resolve, reject) => {
    const child = spawnGit(dir, ['cat-file', '--batch']);
    let count = 0;
    let failure: Error | undefined;
    const framer = new BatchFramer(
      (bytes, type, id, tooLarge) => {
        try {
          handle(bytes, count++, type, id, tooLarge);
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
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, count, stderr, ...(failure !== undefined ? { failure } : {}) }));
    // Object names cannot carry options here: each is one stdin line, read as a name.
    child.stdin.on('error', () => undefined); // git exits early when killed: its stdin closing is expected then
    child.stdin.end(objects.map((o) => `${o}\n`).join(''));
  });
}

/** See `GitRepo.objectReader`. */
export class ObjectReader {
  private child: GitProcess | undefined;
  /** Reads asked and not answered yet, in the order they were asked. */
  private readonly waiting: {
    name: string;
    resolve: (bytes: Buffer | undefined) => void;
    reject: (error: Error) => void;
  }[] = [];
  private failure: Error | undefined;

  constructor(private readonly dir: string) {}

  /**
   * The object's bytes (of whatever type, as `eachObject` gives them), or undefined when there is
   * none; rejects with ObjectTooLarge when it is over the size limit.
   */
  read(name: string): Promise<Buffer | undefined> {
    // One name a line: a name that cannot be one is none (as `prefetch` skips it).
    if (!isLineSafeRef(name)) return Promise.resolve(undefined);
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.waiting.push({ name, resolve, reject });
      this.start().stdin.write(`${name}\n`);
    });
  }

  /** Ends the process (after the reads under way). */
  close(): void {
    this.child?.stdin.end();
  }

  private start(): GitProcess {
    if (this.child) return this.child;
    const child = spawnGit(this.dir, ['cat-file', '--batch']);
    const framer = new BatchFramer((bytes, _type, _id, tooLarge) => {
      const next = this.waiting.shift();
      if (tooLarge === undefined) next?.resolve(bytes);
      else next?.reject(new ObjectTooLarge(next.name, tooLarge));
    });
    child.stdout.on('data', (chunk: Buffer) => framer.push(chunk));
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const fail = (error: Error) => {
      this.failure ??= error;
      for (const w of this.waiting.splice(0)) w.reject(this.failure);
    };
    child.on('error', (error) => fail(gitMissing(error) ? new UsageError(GIT_MISSING) : error));
    child.on('close', (status) => fail(batchFailed(status, stderr)));
    child.stdin.on('error', () => undefined); // reported on close
    return (this.child = child);
  }
}

/** A tree object's bytes, and how many bytes an object id takes in it (20 for SHA-1, 32 for SHA-256). */
export interface TreeObject {
  bytes: Buffer;
  idBytes: number;
}

/**
 * The blobs of a tree object (`<mode> <name>\0<id>` entries), as `ls-tree DIR/` lists them: path ->
 * hex id, for files and symlinks (not subtrees or submodules).
 */
export function treeBlobs(tree: TreeObject | undefined, folder: string): Map<string, string> {
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
