/**
 * Writes that fail, or are cut short: the bytes a write call reports are counted (a short write is
 * continued, an error mid-file leaves nothing), a full disk ends in one line and exit 2, and a run
 * killed at any moment leaves no partial snapshot and nothing `git add -A` would pick up.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, watch, writeSync } from 'node:fs';
type Fs = typeof fs;
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeWhole } from '../src/files/write.js';
import { BIN, registry } from './helpers/fixtures.js';
import { cleanEnv, Repo, REGISTRY, tempDir } from './helpers/repo.js';

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<Fs>();
  return { ...real, default: real, writeSync: vi.fn(real.writeSync) };
});

const realWriteSync = (await vi.importActual<Fs>('node:fs')).writeSync;
const mockedWrite = vi.mocked(writeSync);

afterEach(() => {
  mockedWrite.mockImplementation(realWriteSync);
});

/** writeSync(fd, buffer, offset, length) as the writer calls it. */
type BufferWrite = (fd: number, buffer: Uint8Array, offset: number, length: number) => number;

describe('the writer counts what each write call wrote (failure injected)', () => {
  it('continues a short write until every byte is written', () => {
    const calls: number[] = [];
    mockedWrite.mockImplementation(((fd, buffer, offset, length) => {
      const n = Math.min(length, 1000);
      calls.push(n);
      return (realWriteSync as BufferWrite)(fd, buffer, offset, n);
    }) as BufferWrite as typeof writeSync);
    const dir = tempDir();
    const content = 'y'.repeat(10_500);
    writeWhole(path.join(dir, '1.1.0.json'), content, { display: 'snapshots/1.1.0.json' });
    expect(readFileSync(path.join(dir, '1.1.0.json'), 'utf8')).toBe(content);
    expect(calls.filter((n) => n === 1000).length).toBeGreaterThanOrEqual(10);
  });

  it('a disk that fills after 4,096 bytes: one line, no file, no temporary left', () => {
    let written = 0;
    mockedWrite.mockImplementation(((fd, buffer, offset, length) => {
      if (written >= 4096) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      const n = Math.min(length, 4096 - written);
      written += n;
      return (realWriteSync as BufferWrite)(fd, buffer, offset, n);
    }) as BufferWrite as typeof writeSync);
    const dir = tempDir();
    expect(() =>
      writeWhole(path.join(dir, '1.1.0.json'), 'z'.repeat(20_000), { display: 'snapshots/1.1.0.json' }),
    ).toThrow(/^ENOSPC: no space left writing snapshots\/1\.1\.0\.json; nothing was written$/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a write call that writes nothing is an error, not a loop', () => {
    mockedWrite.mockImplementation(() => 0);
    const dir = tempDir();
    expect(() => writeWhole(path.join(dir, 'x.json'), 'abc', { display: 'x.json' })).toThrow(
      /^EIO: input\/output error writing x\.json; nothing was written$/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });
});

/** A tmpfs can be mounted here (root with CAP_SYS_ADMIN): the real full-disk test runs only then. */
const canMount = (() => {
  if (process.getuid?.() !== 0) return false;
  const dir = fs.mkdtempSync('/tmp/erg-mount-probe-');
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', dir]).status === 0;
  if (mounted) spawnSync('umount', [dir]);
  rmSync(dir, { recursive: true, force: true });
  return mounted;
})();

/** Rows enough for a snapshot of some hundreds of KiB. */
function bigRegistry(rows: number): string {
  return registry(
    Array.from({ length: rows }, (_, i) => [
      `\`CODE_${String(i).padStart(5, '0')}\``,
      400 + (i % 100),
      `Meaning number ${i}: ${'the request could not be served as asked '.repeat(2)}`,
      `Handling ${i}: show the message and offer a retry`,
    ]),
  );
}

describe('snapshot on a full disk (a 16 KiB tmpfs as the snapshots folder)', () => {
  it.skipIf(!canMount)(
    'exits 2 with one line and leaves the folder empty (skipped unless root may mount a tmpfs)',
    () => {
      const repo = Repo.init();
      repo.write(REGISTRY, bigRegistry(300)).commit('registry');
      const folder = path.join(repo.dir, 'snapshots');
      mkdirSync(folder);
      expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', folder]).status).toBe(0);
      try {
        const result = repo.cli(['snapshot']);
        expect(result.stderr).toBe(
          'error-registry-guard: ENOSPC: no space left writing snapshots/1.0.0.json; nothing was written\n',
        );
        expect(result.status).toBe(2);
        expect(result.stdout).toBe('');
        expect(readdirSync(folder)).toEqual([]);
      } finally {
        spawnSync('umount', [folder]);
      }
    },
  );
});

describe('snapshot killed with SIGKILL at any moment', () => {
  it('never leaves a partial snapshot, nor anything git add -A would pick up; the next run cleans up', async () => {
    const repo = Repo.init();
    repo.write(REGISTRY, bigRegistry(6000)).commit('registry');
    const folder = path.join(repo.dir, 'snapshots');
    const final = path.join(folder, '1.0.0.json');
    const started = performance.now();
    expect(repo.cli(['snapshot']).status).toBe(0);
    const runMs = performance.now() - started;
    const expected = readFileSync(final);
    rmSync(final);

    const RUNS = 60;
    let killedMidWrite = 0;
    for (let i = 0; i < RUNS; i++) {
      const child = spawn(process.execPath, [BIN, 'snapshot'], { cwd: repo.dir, env: cleanEnv(), stdio: 'ignore' });
      const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      // Every other run is killed the moment its temporary folder appears (mid-write); the others at
      // a moment spread over a whole run.
      const watcher =
        i % 2 === 0
          ? watch(folder, (_, name) => {
              if (String(name).startsWith('.error-registry-guard-')) {
                killedMidWrite++;
                child.kill('SIGKILL');
              }
            })
          : undefined;
      const timer = setTimeout(() => child.kill('SIGKILL'), i % 2 === 0 ? runMs * 2 : (runMs * 1.2 * i) / RUNS);
      await exited;
      clearTimeout(timer);
      watcher?.close();

      // Untracked files git would add: at most the finished snapshot, never a temporary.
      const untracked = repo.git('status', '--porcelain', '--untracked-files=all').split('\n').filter(Boolean);
      expect(untracked.filter((line) => line !== '?? snapshots/1.0.0.json')).toEqual([]);
      if (existsSync(final)) {
        expect(readFileSync(final).equals(expected)).toBe(true); // whole, or not there
        rmSync(final);
      }
    }
    expect(killedMidWrite).toBeGreaterThan(0);
    const last = repo.cli(['snapshot']);
    expect(last.status).toBe(0);
    expect(readdirSync(folder)).toEqual(['1.0.0.json']);
    expect(readFileSync(final).equals(expected)).toBe(true);
  }, 240_000);
});
