import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, V1, V2 } from './helpers/fixtures.js';
import { cli, tempDir } from './helpers/repo.js';

// dist/src/bin.cjs runs the CLI bundle with V8's code cache, kept in a per-user folder under the
// temp dir (TMPDIR here, so each test has its own).
const uid = process.getuid?.() ?? 0;
const cacheIn = (tmp: string) => path.join(tmp, `error-registry-guard-cache-${uid}`);
const diff = (tmp: string, env: NodeJS.ProcessEnv = {}) =>
  cli(['diff', V1, V2, '--format', 'json'], ROOT, { TMPDIR: tmp, ...env });

describe('compile cache (dist/src/bin.cjs)', () => {
  it('is written on the first run, private to the user, and a cached run reports the same', () => {
    const tmp = tempDir();
    const first = diff(tmp);
    expect(first.status).toBe(1);
    const dir = cacheIn(tmp);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const files = readdirSync(dir);
    // The bundle and the dependencies the command loaded, nothing half-written.
    expect(files.some((f) => f.includes('dist_cli.cjs.diff.'))).toBe(true);
    expect(files.some((f) => f.includes('markdown-it'))).toBe(true);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const second = diff(tmp);
    expect(second).toEqual(first);
    expect(readdirSync(dir).sort()).toEqual(files.sort());
    // Another command has its own entries (a cache holds what its first run compiled).
    expect(cli(['lint', V2], ROOT, { TMPDIR: tmp }).status).toBe(0);
    expect(readdirSync(dir).some((f) => f.includes('dist_cli.cjs.lint.'))).toBe(true);
  });

  it('replaces a corrupt cache file instead of failing', () => {
    const tmp = tempDir();
    const first = diff(tmp);
    const dir = cacheIn(tmp);
    const bundle = readdirSync(dir).find((f) => f.includes('dist_cli.cjs.diff.'))!;
    writeFileSync(path.join(dir, bundle), 'not a code cache');
    expect(diff(tmp)).toEqual(first);
    expect(readFileSync(path.join(dir, bundle)).toString('latin1')).not.toBe('not a code cache');
  });

  it('is not used from a folder others can write to, nor with NODE_DISABLE_COMPILE_CACHE', () => {
    const shared = tempDir();
    mkdirSync(cacheIn(shared));
    chmodSync(cacheIn(shared), 0o777);
    const first = diff(shared);
    expect(first.status).toBe(1);
    expect(readdirSync(cacheIn(shared))).toEqual([]);

    const off = tempDir();
    expect(diff(off, { NODE_DISABLE_COMPILE_CACHE: '1' })).toEqual(first);
    expect(existsSync(cacheIn(off))).toBe(false);
  });
});

describe('compile cache housekeeping', () => {
  it("drops a file's old entries for the command when the file changed, and keeps other commands' entries", () => {
    const tmp = tempDir();
    diff(tmp);
    const dir = cacheIn(tmp);
    const bundle = readdirSync(dir).find((f) => f.includes('dist_cli.cjs.diff.'))!;
    // What an older build of the bundle would have left for this command (same path, another size
    // and time), and another command's entry for an older build (not this run's to judge).
    const prefix = bundle.split('.cjs.diff.')[0]!;
    const stale = `${prefix}.cjs.diff.1234.1700000000000.5`;
    const other = `${prefix}.cjs.check.1234.1700000000000.5`;
    writeFileSync(path.join(dir, stale), 'old');
    writeFileSync(path.join(dir, other), 'other');
    // A run that writes the bundle's cache (here: after its entry was found corrupt) tidies up.
    writeFileSync(path.join(dir, bundle), 'corrupt');
    diff(tmp);
    const files = readdirSync(dir);
    expect(files).not.toContain(stale);
    expect(files).toContain(other);
    expect(files).toContain(bundle);
  });
});
