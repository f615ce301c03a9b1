/**
 * The one way the tool writes a file (snapshots, the config `init` writes, git hooks): the content
 * goes to a temporary file first, every byte of it written and checked, the file fsync'ed; only then
 * is it published under its name, by a hard link that fails if the name exists ('create': nothing is
 * ever overwritten) or by a rename over the old file ('replace'), and the folder is fsync'ed so the
 * name lasts. A failure anywhere removes the temporary file and ends in one line:
 * `ENOSPC: no space left writing snapshots/1.1.0.json; nothing was written`.
 *
 * The temporary file lives in a folder of its own next to the target, `.error-registry-guard-PID-X.tmp`,
 * whose `.gitignore` ignores everything in it: a run killed half-way leaves nothing that `git add -A`
 * would pick up, and the next write to that folder removes what dead runs left. The `.gitignore` is
 * written as `.git` first, a name git never lists or adds, and renamed: it is never there half-written.
 */
import {
  closeSync,
  fchmodSync,
  fstatSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';

export interface WriteSpec {
  /** The file as messages name it. */
  display: string;
  /** 'create' (default): publish with a no-clobber link. 'replace': rename over the file, keeping its mode. */
  mode?: 'create' | 'replace';
  /** The message when the file exists already ('create'). */
  exists?: string;
  /** Permissions of a new file (before the umask); default 0o666. */
  fileMode?: number;
}

/** Temporary folders this module makes: `.error-registry-guard-<pid>-<random>.tmp`. */
const TEMP_FOLDER = /^\.error-registry-guard-(\d+)-[0-9a-z]+\.tmp$/;
/** A temporary folder older than this is a dead run's, whatever its process id now names. */
const STALE_MS = 60 * 60 * 1000;

/** How a write error reads: `ENOSPC: no space left`. */
const WHAT: Record<string, string> = {
  ENOSPC: 'no space left',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  EIO: 'input/output error',
  EFBIG: 'file too large',
  ENOENT: 'the folder does not exist',
  ENOTDIR: 'a parent is not a folder',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'name too long',
  EXDEV: 'not on one file system',
};

function errnoCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** `ENOSPC: no space left writing snapshots/1.1.0.json; nothing was written` */
export function writeFailure(error: unknown, display: string): UsageError {
  if (error instanceof UsageError) return error;
  const code = errnoCode(error) ?? 'EIO';
  // Node words errors `ENOSPC: no space left on device, write`: the middle is the description.
  const described =
    WHAT[code] ?? /^[A-Z]+: (.*?), \w+/.exec(error instanceof Error ? error.message : '')?.[1] ?? 'cannot write';
  return new UsageError(`${code}: ${described} writing ${display}; nothing was written`);
}

/** Writes all of `bytes`, however many calls that takes; a call that writes nothing is an error. */
export function writeAll(fd: number, bytes: Uint8Array): void {
  let done = 0;
  while (done < bytes.length) {
    const n = writeSync(fd, bytes, done, bytes.length - done);
    if (!(n > 0)) throw Object.assign(new Error(`write wrote ${n} bytes`), { code: 'EIO' });
    done += n;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, as another user's process.
    return errnoCode(error) === 'EPERM';
  }
}

/**
 * Removes a temporary folder, its `.gitignore` last: killed half-way, what is left is still ignored.
 * Never throws (the next run's sweep tries again).
 */
function removeTempFolder(folder: string): void {
  let names: string[] = [];
  try {
    names = readdirSync(folder);
  } catch {
    // Gone, or unreadable: rmdir below says which.
  }
  for (const name of names)
    if (name !== '.gitignore') quietly(() => rmSync(path.join(folder, name), { recursive: true, force: true }));
  quietly(() => rmSync(path.join(folder, '.gitignore'), { force: true }));
  quietly(() => rmdirSync(folder));
}

/** Removes the temporary folders of runs that died (killed half-way) in `dir`. Never throws. */
export function sweepDeadTemps(dir: string, now = Date.now()): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const match = TEMP_FOLDER.exec(name);
    if (!match) continue;
    const full = path.join(dir, name);
    try {
      const stat = lstatSync(full);
      const pid = Number(match[1]);
      // This process's own id names a dead run's folder: this run makes its folder after the sweep.
      if (pid !== process.pid && alive(pid) && now - stat.mtimeMs < STALE_MS) continue;
      if (stat.isDirectory()) removeTempFolder(full);
      else rmSync(full, { force: true });
    } catch {
      // Gone already, or not ours to remove: the next run tries again.
    }
  }
}

/** fsync of a folder, where the platform can (Windows cannot open one; some file systems refuse). */
function syncFolder(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch (error) {
    const code = errnoCode(error);
    if (code !== 'EINVAL' && code !== 'ENOTSUP' && code !== 'EISDIR' && code !== 'EBADF') throw error;
  } finally {
    closeSync(fd);
  }
}

function quietly(step: () => void): void {
  try {
    step();
  } catch {
    // Cleaning up after a failure: what cannot be removed now, the next run's sweep removes.
  }
}

/** Writes `content` to `file` as the module comment says; a one-line UsageError on any failure. */
export function writeWhole(file: string, content: string | Uint8Array, spec: WriteSpec): void {
  const mode = spec.mode ?? 'create';
  let target = path.resolve(file);
  let keepMode: number | undefined;
  if (mode === 'replace') {
    // A symlinked file (a shared hook) is replaced where it really is, and keeps its permissions.
    try {
      target = realpathSync(target);
      keepMode = lstatSync(target).mode & 0o7777;
    } catch {
      // Not there yet: created.
    }
  }
  const dir = path.dirname(target);
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  sweepDeadTemps(dir);
  const temp = path.join(dir, `.error-registry-guard-${process.pid}-${Math.random().toString(36).slice(2, 10)}.tmp`);
  const ignore = path.join(temp, '.gitignore');
  const staged = path.join(temp, path.basename(target));
  let made = false;
  try {
    mkdirSync(temp, { mode: 0o700 });
    made = true;
    // First, so that git ignores the folder's content from the start (its own .gitignore included).
    const hidden = path.join(temp, '.git');
    const ignoreFd = openSync(hidden, 'wx', 0o600);
    try {
      writeAll(ignoreFd, Buffer.from('*\n'));
    } finally {
      closeSync(ignoreFd);
    }
    renameSync(hidden, ignore);
    const fd = openSync(staged, 'wx', keepMode ?? spec.fileMode ?? 0o666);
    try {
      writeAll(fd, bytes);
      if (keepMode !== undefined && (fstatSync(fd).mode & 0o7777) !== keepMode) {
        // The umask narrowed the mode a replaced file had: it keeps its own.
        fchmodSync(fd, keepMode);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (mode === 'create') {
      try {
        linkSync(staged, target);
      } catch (error) {
        if (errnoCode(error) === 'EEXIST')
          throw new UsageError(spec.exists ?? `${spec.display} exists already: left as it is`);
        throw error;
      }
    } else {
      renameSync(staged, target);
    }
    try {
      syncFolder(dir);
    } catch (error) {
      // The name may not last: a created file is taken back, so that no run trusts it.
      if (mode === 'create') quietly(() => unlinkSync(target));
      throw error;
    }
  } catch (error) {
    throw writeFailure(error, spec.display);
  } finally {
    if (made) removeTempFolder(temp);
  }
}
