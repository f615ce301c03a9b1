#!/usr/bin/env node
/**
 * The CLI's entry. It runs the CLI from its one-file CommonJS bundle (dist/cli.cjs, written by
 * scripts/build-bundle.js) with V8's code cache, so that a run does not parse and compile the CLI
 * and its dependencies anew: a pre-commit hook runs it on every commit, and that compiling was a
 * good part of what `check` cost above node's own start-up. Node 22 has this built in
 * (`module.enableCompileCache`), used when present; on Node 20 this file does the same for the
 * CommonJS code the process loads. Without a bundle (a plain `tsc` build) it imports the ES modules.
 *
 * The cache is per user, in a folder only that user can write (a code cache is code: another
 * user's file must never be loaded), one for each command, and keyed by each file's path, size,
 * modification time and inode; V8 also refuses data from another V8 version or set of flags.
 * NODE_DISABLE_COMPILE_CACHE=1 turns it off, as it does for Node's own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import Module from 'node:module';

interface CompilingModule {
  exports: unknown;
  filename: string;
}

type Compile = (this: CompilingModule, content: string, filename: string) => unknown;

interface ModuleInternals {
  prototype: { _compile: Compile };
  wrap(source: string): string;
  enableCompileCache?: () => unknown;
}

/** The cache folder, created private to this user; undefined when that cannot be ensured. */
function cacheFolder(): string | undefined {
  const uid = process.getuid?.();
  const dir = path.join(os.tmpdir(), `error-registry-guard-cache-${uid ?? 'user'}`);
  try {
    fs.mkdirSync(dir, { mode: 0o700 });
  } catch {
    // Exists already (or cannot be made: checked next).
  }
  try {
    const st = fs.lstatSync(dir);
    if (!st.isDirectory() || (uid !== undefined && (st.uid !== uid || (st.mode & 0o022) !== 0))) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

/** Compiles CommonJS modules with V8's code cache; returns what writes the caches it lacked. */
function enableCompileCache(profile: string): () => void {
  const nothing = () => {};
  const internals = Module as unknown as ModuleInternals;
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return nothing;
  if (internals.enableCompileCache) {
    internals.enableCompileCache();
    return nothing;
  }
  const dir = cacheFolder();
  if (!dir) return nothing;
  const fresh: { name: string; file: string; script: vm.Script }[] = [];
  const compile = internals.prototype._compile;
  internals.prototype._compile = function (this: CompilingModule, content: string, filename: string) {
    let key: string;
    const name = `${path.resolve(filename).replace(/[^A-Za-z0-9._-]/g, '_')}.${profile}`;
    try {
      const st = fs.statSync(filename);
      key = `${name}.${st.size}.${st.mtimeMs}.${st.ino}`;
    } catch {
      return compile.call(this, content, filename);
    }
    if (content.startsWith('#!')) return compile.call(this, content, filename);
    const file = path.join(dir, key);
    let cachedData: Buffer | undefined;
    try {
      cachedData = fs.readFileSync(file);
    } catch {
      // Not cached yet.
    }
    const script = new vm.Script(internals.wrap(content), {
      filename,
      ...(cachedData ? { cachedData } : {}),
    });
    if (!cachedData || script.cachedDataRejected) fresh.push({ name, file, script });
    const wrapper = script.runInThisContext() as (...args: unknown[]) => unknown;
    return wrapper.call(
      this.exports,
      this.exports,
      Module.createRequire(filename),
      this,
      filename,
      path.dirname(filename),
    );
  };
  return () => {
    if (fresh.length === 0) return;
    // A file that changed (an upgrade) leaves its old entries behind: those go.
    let entries: string[] = [];
    try {
      entries = fs.readdirSync(dir);
    } catch {
      // Nothing to tidy.
    }
    for (const { name, file, script } of fresh) {
      for (const old of entries) {
        if (
          !old.startsWith(`${name}.`) ||
          old === path.basename(file) ||
          !/^\d+\.\d+(\.\d+)?\.\d+$/.test(old.slice(name.length + 1))
        )
          continue;
        try {
          fs.rmSync(path.join(dir, old));
        } catch {
          // Gone already, or not ours to remove.
        }
      }
      // Another run may write the same file at the same time: each writes its own and renames it in.
      const temp = `${file}.${process.pid}.tmp`;
      try {
        fs.writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
        fs.renameSync(temp, file);
      } catch {
        fs.rmSync(temp, { force: true });
      }
    }
  };
}

/** The CLI's commands (src/cli.ts). */
const COMMANDS = new Set(['lint', 'diff', 'check', 'snapshot', 'audit', 'init', 'hook', 'generate', 'scan']);

interface Cli {
  run(argv: string[]): Promise<number>;
}

async function main(): Promise<void> {
  const bundle = path.join(__dirname, '..', 'cli.cjs');
  let cli: Cli;
  let saveCache = () => {};
  if (fs.existsSync(bundle)) {
    // One cache per command: a cache holds the code its first run compiled, and `check` should not
    // compile its own code on every run because `init` happened to run first.
    const command = process.argv[2] ?? '';
    saveCache = enableCompileCache(COMMANDS.has(command) ? command : 'cli');
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS on purpose: only CommonJS code can use the cache on Node 20
    cli = require(bundle) as Cli;
  } else {
    cli = await import('./cli.js');
  }
  process.exitCode = await cli.run(process.argv.slice(2));
  saveCache();
}

// run() reports every failure of a command itself; this is for the CLI failing to load at all.
main().catch((error: unknown) => {
  const message = (error instanceof Error ? error.message : String(error)).replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  process.stderr.on('error', () => undefined);
  process.stderr.write(`error-registry-guard: internal error: ${message} (please report it)\n`);
  process.exitCode = 2;
});
