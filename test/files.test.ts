/**
 * The one way files are read (src/files/read.ts) and written (src/files/write.ts), and the bounds on
 * what is read from git: a FIFO or device is refused unread (each probe runs in a child process with a
 * timeout, so a hang fails the test instead of stopping the run), a file over its limit is refused
 * before it is read, a symlink out of the repository is refused, a write is whole or not at all, and a
 * git object over its limit is skipped unread.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readBounded, ReadError, readBoundedIfExists, type ReadSpec } from '../src/files/read.js';
import { sweepDeadTemps, writeFailure, writeWhole } from '../src/files/write.js';
import { ObjectTooLarge } from '../src/git/objects.js';
import { runGit } from '../src/git/process.js';
import { GitRepo } from '../src/git/repo.js';
import { GIT_OBJECT_MAX_BYTES, REGISTRY_MAX_BYTES } from '../src/limits.js';
import { DEFAULT_MAX_BYTES } from '../src/parse/parse.js';
import { ROOT } from './helpers/fixtures.js';
import { Repo, tempDir } from './helpers/repo.js';

const READER = pathToFileURL(path.join(ROOT, 'dist/src/files/read.js')).href;

/**
 * readBounded of `file` in a child process (the built module), killed after 10 s: its message, or
 * `ok N` with the bytes read, or `timeout` when it hung.
 */
function probe(file: string, spec: Partial<ReadSpec> = {}): string {
  const script = `import { readBounded } from ${JSON.stringify(READER)};
try { console.log('ok ' + readBounded(${JSON.stringify(file)}, ${JSON.stringify({ what: 'file', maxBytes: 1024, ...spec })}).length); }
catch (error) { console.log(error.message); }`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 10_000,
    killSignal: 'SIGKILL',
  });
  return result.status === null ? 'timeout' : result.stdout.trim();
}

function mkfifo(file: string): void {
  expect(spawnSync('mkfifo', [file]).status).toBe(0);
}

describe('reading: bounded, regular files only', () => {
  it('refuses a FIFO without blocking, however it is reached', () => {
    const dir = tempDir();
    mkfifo(path.join(dir, 'pipe'));
    symlinkSync(path.join(dir, 'pipe'), path.join(dir, 'link'));
    for (const file of ['pipe', 'link'])
      expect(probe(path.join(dir, file))).toBe(
        `file ${path.join(dir, file)} is a FIFO, not a regular file: point it at a regular file`,
      );
  });

  it('refuses devices without reading them: /dev/zero never ends, /dev/null is not a file', () => {
    expect(probe('/dev/zero')).toBe(
      'file /dev/zero is a character device, not a regular file: point it at a regular file',
    );
    expect(probe('/dev/null')).toMatch(/is a character device/);
  });

  it('refuses a file over the limit before reading it, and reads one at the limit', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'big'), Buffer.alloc(1025, 'a'));
    writeFileSync(path.join(dir, 'fits'), Buffer.alloc(1024, 'a'));
    expect(probe(path.join(dir, 'big'))).toMatch(/is 1025 bytes, over the 1024 bytes limit: is it the right file\?$/);
    expect(probe(path.join(dir, 'fits'))).toBe('ok 1024');
    // A sparse file of 1 TiB is refused by its size: nothing is read.
    spawnSync('truncate', ['-s', '1T', path.join(dir, 'sparse')]);
    expect(probe(path.join(dir, 'sparse'))).toMatch(/is 1048576\.0 MiB, over the/);
  });

  it('reads files whose size the kernel does not know (procfs), still bounded', () => {
    expect(probe('/proc/self/status', { maxBytes: 1024 * 1024 })).toMatch(/^ok [1-9]\d*$/);
    expect(probe('/proc/self/status', { maxBytes: 10 })).toMatch(/is over the 10 bytes limit/);
  });

  it('says what is missing, what is a folder and what cannot be read, with the fix given', () => {
    const dir = tempDir();
    const spec: ReadSpec = { what: 'snapshot', maxBytes: 100, display: 'x.json', fix: { missing: 'restore it' } };
    expect(() => readBounded(path.join(dir, 'x.json'), spec)).toThrow('snapshot x.json not found: restore it');
    expect(readBoundedIfExists(path.join(dir, 'x.json'), spec)).toBeUndefined();
    expect(() => readBounded(dir, spec)).toThrow('snapshot x.json is a directory: pass the file inside it');
    const error = (() => {
      try {
        readBounded(dir, spec);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ReadError);
    expect((error as ReadError).failure).toBe('directory');
  });

  it('refuses a path inside the repository that a symlink takes out of it; a path named outside is read', () => {
    const repo = tempDir();
    const outside = tempDir();
    writeFileSync(path.join(outside, 'secret.json'), '{}');
    mkdirSync(path.join(repo, 'snapshots'));
    symlinkSync(path.join(outside, 'secret.json'), path.join(repo, 'snapshots/1.0.0.json'));
    writeFileSync(path.join(repo, 'inside.json'), '{"a":1}');
    symlinkSync(path.join(repo, 'inside.json'), path.join(repo, 'snapshots/1.1.0.json'));
    const spec: ReadSpec = { what: 'snapshot', maxBytes: 100, root: repo };
    expect(() => readBounded(path.join(repo, 'snapshots/1.0.0.json'), spec)).toThrow(
      `resolves to ${path.join(outside, 'secret.json')}, outside the repository: replace the symlink with the file itself`,
    );
    // A symlink that stays inside is fine, and so is a file the user named outside it.
    expect(readBounded(path.join(repo, 'snapshots/1.1.0.json'), spec).toString()).toBe('{"a":1}');
    expect(readBounded(path.join(outside, 'secret.json'), spec).toString()).toBe('{}');
    // strictRoot (the registry): whatever names it, the file must resolve inside.
    expect(() => readBounded(path.join(outside, 'secret.json'), { ...spec, strictRoot: true })).toThrow(
      /outside the repository/,
    );
  });

  it('the registry limit is the parser’s', () => {
    expect(REGISTRY_MAX_BYTES).toBe(DEFAULT_MAX_BYTES);
    expect(GIT_OBJECT_MAX_BYTES).toBe(DEFAULT_MAX_BYTES);
  });
});

describe('writing: whole or not at all', () => {
  it('writes every byte, publishes without clobbering, and leaves no temporary folder', () => {
    const dir = tempDir();
    const file = path.join(dir, 'out.json');
    const content = 'x'.repeat(3 * 1024 * 1024 + 7);
    writeWhole(file, content, { display: 'out.json' });
    expect(readFileSync(file, 'utf8')).toBe(content);
    expect(readdirSync(dir)).toEqual(['out.json']);
    expect(() => writeWhole(file, 'other', { display: 'out.json', exists: 'out.json is there already' })).toThrow(
      'out.json is there already',
    );
    expect(readFileSync(file, 'utf8')).toBe(content);
    expect(readdirSync(dir)).toEqual(['out.json']);
  });

  it('replaces a file in place, keeping its permissions, and writes through a symlink to where it is', () => {
    const dir = tempDir();
    const hook = path.join(dir, 'pre-commit');
    writeFileSync(hook, '#!/bin/sh\n');
    chmodSync(hook, 0o755);
    symlinkSync(hook, path.join(dir, 'link'));
    writeWhole(path.join(dir, 'link'), '#!/bin/sh\necho hi\n', { display: 'link', mode: 'replace' });
    expect(readFileSync(hook, 'utf8')).toBe('#!/bin/sh\necho hi\n');
    expect(statSync(hook).mode & 0o777).toBe(0o755);
    expect(readdirSync(dir).sort()).toEqual(['link', 'pre-commit']);
  });

  it('words a failure as one line that says nothing was written', () => {
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    expect(writeFailure(enospc, 'snapshots/1.1.0.json').message).toBe(
      'ENOSPC: no space left writing snapshots/1.1.0.json; nothing was written',
    );
    const other = Object.assign(new Error('ESTALE: stale file handle, write'), { code: 'ESTALE' });
    expect(writeFailure(other, 'x').message).toBe('ESTALE: stale file handle writing x; nothing was written');
  });

  it('removes the temporary folders of dead runs, and leaves those of live ones', () => {
    const dir = tempDir();
    // A pid that cannot be alive (over the kernel's pid_max), and this test's parent (alive).
    const dead = path.join(dir, '.error-registry-guard-4194305-abc.tmp');
    const live = path.join(dir, `.error-registry-guard-${process.ppid}-def.tmp`);
    const old = path.join(dir, `.error-registry-guard-${process.ppid}-old.tmp`);
    for (const folder of [dead, live, old]) {
      mkdirSync(folder);
      writeFileSync(path.join(folder, '.gitignore'), '*\n');
      writeFileSync(path.join(folder, '1.0.0.json'), 'partial');
    }
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    utimesSync(old, twoHoursAgo, twoHoursAgo);
    writeFileSync(path.join(dir, '.error-registry-guard-notes.txt'), 'not ours');
    sweepDeadTemps(dir);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(old)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(path.join(dir, '.error-registry-guard-notes.txt'))).toBe(true);
  });

  it("keeps a temporary folder out of git's reach: its .gitignore ignores all of it", () => {
    const repo = Repo.init();
    repo.write('a.md', 'a\n').commit('a');
    mkdirSync(path.join(repo.dir, 'snapshots/.error-registry-guard-4194305-x.tmp'), { recursive: true });
    writeFileSync(path.join(repo.dir, 'snapshots/.error-registry-guard-4194305-x.tmp/.gitignore'), '*\n');
    writeFileSync(path.join(repo.dir, 'snapshots/.error-registry-guard-4194305-x.tmp/1.0.0.json'), '{"cut');
    expect(repo.git('status', '--porcelain', '--untracked-files=all')).toBe('');
    repo.git('add', '-A');
    expect(repo.git('diff', '--cached', '--name-only')).toBe('');
  });
});

describe('reading from git: sized before read', () => {
  const big = GIT_OBJECT_MAX_BYTES + 1;

  function bigRepo(): { repo: Repo; git: () => Promise<GitRepo> } {
    const repo = Repo.init();
    repo.write('small.md', 'small\n').write('big.md', Buffer.alloc(big, 'b')).write('after.md', 'after\n');
    repo.commit('files');
    repo.git('add', 'big.md');
    return { repo, git: () => GitRepo.open(repo.dir) };
  }

  it('skips an object over the limit unread, and reads the ones after it', async () => {
    const { git } = bigRepo();
    const repo = await git();
    const [small, large, after] = await repo.readMany(['HEAD:small.md', 'HEAD:big.md', 'HEAD:after.md']);
    expect(small?.toString()).toBe('small\n');
    expect(large).toBeInstanceOf(ObjectTooLarge);
    expect((large as ObjectTooLarge).message).toBe(
      'HEAD:big.md: file is 10.0 MiB, over the 10.0 MiB limit: is it the right file?',
    );
    expect(after?.toString()).toBe('after\n');
  });

  it('refuses it by name in every way a registry is read', async () => {
    const { git } = bigRepo();
    await expect((await git()).readAt('HEAD', 'big.md')).rejects.toThrow(ObjectTooLarge);
    await expect((await git()).readStaged('big.md')).rejects.toThrow(':big.md: file is 10.0 MiB');
    const prefetched = await git();
    await prefetched.prefetch(['HEAD'], ['HEAD:big.md', 'HEAD:small.md']);
    await expect(prefetched.readAt('HEAD', 'big.md')).rejects.toThrow(ObjectTooLarge);
    expect((await prefetched.readAt('HEAD', 'small.md'))?.toString()).toBe('small\n');
    const reader = (await git()).objectReader();
    try {
      await expect(reader.read('HEAD:big.md')).rejects.toThrow(ObjectTooLarge);
      expect((await reader.read('HEAD:after.md'))?.toString()).toBe('after\n');
    } finally {
      reader.close();
    }
  });

  it('stops git when its output passes the limit', async () => {
    const { repo } = bigRepo();
    await expect(runGit(repo.dir, ['cat-file', 'blob', 'HEAD:big.md'], undefined, 1024)).rejects.toThrow(
      'git cat-file printed more than 1024 bytes',
    );
  });
});
