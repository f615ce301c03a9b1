/**
 * The one way the tool reads a file (registry, config, package.json, snapshots, the CI event, hook
 * files; the ESLint rules too): the path is stat'ed and refused unless it is a regular file no larger
 * than the limit, so a FIFO never blocks, a device is never opened and `/dev/zero` is never read; a
 * file that must stay in the repository is refused when a symlink takes it out; then the file is
 * opened once (non-blocking, never as a controlling terminal), its descriptor checked to be that same
 * regular file, and read to its end, never past the limit. Every refusal is a one-line UsageError
 * that names the file and says what to do.
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { limitText, sizeText } from '../limits.js';

/** Why a read was refused. */
export type ReadFailure = 'missing' | 'directory' | 'special' | 'too-large' | 'outside' | 'unreadable';

export interface ReadSpec {
  /** What the file is, leading each message: `registry`, `snapshot`, `config file`… */
  what: string;
  /** The file as messages name it (default: the path given). */
  display?: string;
  /** Refused above this many bytes, before any is read. */
  maxBytes: number;
  /**
   * The repository the file must stay in. By default a path inside `root` that resolves outside it
   * (a symlink leaving the repository) is refused, and a path named outside it is read as named (the
   * user chose it). With `strictRoot`, the file must resolve inside `root` whatever names it.
   */
  root?: string;
  strictRoot?: boolean;
  /** What to do, said after the reason, for each kind of refusal. */
  fix?: Partial<Record<ReadFailure, string>>;
}

/** A refused read: `failure` says why, `reason` is the message's middle (`is a FIFO, not a regular file`). */
export class ReadError extends UsageError {
  constructor(
    readonly failure: ReadFailure,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

const DEFAULT_FIX: Partial<Record<ReadFailure, string>> = {
  directory: 'pass the file inside it',
  special: 'point it at a regular file',
  'too-large': 'is it the right file?',
  outside: 'replace the symlink with the file itself',
};

/** Open flags: a FIFO that got past the stat does not block the open, and a terminal never becomes ours. */
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

/** Is `child` `parent` or inside it (both absolute)? */
export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

function kindOf(stat: Stats): string {
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

function errnoCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

type Fail = (failure: ReadFailure, reason: string, code?: string) => ReadError;

function failer(file: string, spec: ReadSpec): Fail {
  const display = spec.display ?? file;
  return (failure, reason, code) => {
    const fix =
      spec.fix?.[failure] ??
      (failure === 'unreadable'
        ? code === 'EACCES' || code === 'EPERM'
          ? 'check its permissions'
          : undefined
        : DEFAULT_FIX[failure]);
    return new ReadError(failure, reason, `${spec.what} ${display} ${reason}${fix ? `: ${fix}` : ''}`);
  };
}

const MISSING_CODES = new Set(['ENOENT', 'ENOTDIR']);

function fromErrno(error: unknown, fail: Fail): ReadError {
  if (error instanceof ReadError) return error;
  const code = errnoCode(error);
  if (code !== undefined && MISSING_CODES.has(code)) return fail('missing', 'not found');
  if (code === 'EISDIR') return fail('directory', 'is a directory');
  return fail('unreadable', `cannot be read (${code ?? (error instanceof Error ? error.message : 'error')})`, code);
}

/** Real paths of roots: a scan reads hundreds of files under one root. */
const realRoots = new Map<string, string>();

function realRootOf(lexicalRoot: string): string {
  let real = realRoots.get(lexicalRoot);
  if (real === undefined) {
    try {
      real = realpathSync.native(lexicalRoot);
    } catch {
      // The root itself cannot be resolved: compare with it as named.
      return lexicalRoot;
    }
    realRoots.set(lexicalRoot, real);
  }
  return real;
}

/** Where `file` really is when that leaves `spec.root` as the spec forbids; undefined when it may be read. */
function outsideRoot(file: string, spec: ReadSpec & { root: string }): string | undefined {
  const abs = path.resolve(file);
  const lexicalRoot = path.resolve(spec.root);
  const realRoot = realRootOf(lexicalRoot);
  if (!spec.strictRoot && !isInside(abs, lexicalRoot) && !isInside(abs, realRoot)) return undefined;
  // One realpath(3) call, not a stat of each folder on the way.
  const real = realpathSync.native(abs);
  return isInside(real, realRoot) ? undefined : real;
}

/** Reads what `fd` holds, refusing it as soon as it is more than `maxBytes` (a file may grow while read). */
function readToEnd(fd: number, size: number, maxBytes: number, fail: Fail): Buffer {
  let buffer = Buffer.allocUnsafe(Math.min(size, maxBytes) + 1);
  let filled = 0;
  for (;;) {
    if (filled === buffer.length) {
      if (filled > maxBytes) throw fail('too-large', `is over the ${limitText(maxBytes)} limit`);
      const bigger = Buffer.allocUnsafe(Math.min(maxBytes + 1, buffer.length * 2));
      buffer.copy(bigger, 0, 0, filled);
      buffer = bigger;
    }
    const n = readSync(fd, buffer, filled, buffer.length - filled, null);
    if (n === 0) return buffer.subarray(0, filled);
    filled += n;
  }
}

/** The bytes of `file`, read as the module comment says; a ReadError (UsageError) otherwise. */
export function readBounded(file: string, spec: ReadSpec): Buffer {
  const fail = failer(file, spec);
  let stat: Stats;
  try {
    stat = statSync(file);
  } catch (error) {
    throw fromErrno(error, fail);
  }
  if (stat.isDirectory()) throw fail('directory', 'is a directory');
  if (!stat.isFile()) throw fail('special', `is ${kindOf(stat)}, not a regular file`);
  if (stat.size > spec.maxBytes)
    throw fail('too-large', `is ${sizeText(stat.size)}, over the ${limitText(spec.maxBytes)} limit`);
  if (spec.root !== undefined) {
    let real: string | undefined;
    try {
      real = outsideRoot(file, { ...spec, root: spec.root });
    } catch (error) {
      throw fromErrno(error, fail);
    }
    if (real !== undefined) throw fail('outside', `resolves to ${real}, outside the repository`);
  }
  let fd: number;
  try {
    fd = openSync(file, READ_FLAGS);
  } catch (error) {
    throw fromErrno(error, fail);
  }
  try {
    const opened = fstatSync(fd);
    if (!opened.isFile()) throw fail('special', `is ${kindOf(opened)}, not a regular file`);
    if (opened.ino !== stat.ino || opened.dev !== stat.dev)
      throw fail('unreadable', 'changed while it was being read', 'ECHANGED');
    if (opened.size > spec.maxBytes)
      throw fail('too-large', `is ${sizeText(opened.size)}, over the ${limitText(spec.maxBytes)} limit`);
    return readToEnd(fd, opened.size, spec.maxBytes, fail);
  } catch (error) {
    throw fromErrno(error, fail);
  } finally {
    closeSync(fd);
  }
}

/** Whether `file` is a regular file (symlinks followed); false when it cannot be stat'ed. */
export function isRegularFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Whether `file` holds exactly `bytes`: read bounded by their length, so that a larger file, a FIFO
 * or a device is never read; false when it cannot be read.
 */
export function holdsBytes(file: string, bytes: Uint8Array): boolean {
  try {
    return readBounded(file, { what: 'file', maxBytes: bytes.length }).equals(bytes);
  } catch {
    return false;
  }
}

/** readBounded as UTF-8 text. */
export function readBoundedText(file: string, spec: ReadSpec): string {
  return readBounded(file, spec).toString('utf8');
}

/** readBounded, or undefined when there is no such file (other refusals still throw). */
export function readBoundedIfExists(file: string, spec: ReadSpec): Buffer | undefined {
  try {
    return readBounded(file, spec);
  } catch (error) {
    if (error instanceof ReadError && error.failure === 'missing') return undefined;
    throw error;
  }
}
