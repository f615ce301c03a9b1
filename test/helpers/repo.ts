/** Scratch git repositories and a way to run the built CLI in them, as a user would. */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { BIN } from './fixtures.js';

export const REGISTRY = 'docs/protocols/common/http-error-codes.md';

const created: string[] = [];
afterAll(() => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

/** Environment for child processes: no CI variables from the machine running the tests. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (
      k === 'CI' ||
      k.startsWith('GITHUB_') ||
      k.startsWith('CI_') ||
      k.startsWith('GIT_') ||
      k === 'NO_COLOR' ||
      k === 'FORCE_COLOR'
    )
      continue;
    env[k] = v;
  }
  return { ...env, GIT_CONFIG_NOSYSTEM: '1', ...extra };
}

export function tempDir(prefix = 'erg-test-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export class Repo {
  constructor(readonly dir: string) {}

  static init(): Repo {
    const repo = new Repo(tempDir());
    repo.git('init', '-q', '-b', 'main');
    repo.git('config', 'user.email', 'test@example.com');
    repo.git('config', 'user.name', 'Test');
    repo.git('config', 'commit.gpgsign', 'false');
    return repo;
  }

  git(...args: string[]): string {
    return execFileSync('git', args, {
      cwd: this.dir,
      encoding: 'utf8',
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  write(file: string, content: string | Buffer): this {
    mkdirSync(path.dirname(path.join(this.dir, file)), { recursive: true });
    writeFileSync(path.join(this.dir, file), content);
    return this;
  }

  copy(fixture: string, file = REGISTRY): this {
    mkdirSync(path.dirname(path.join(this.dir, file)), { recursive: true });
    copyFileSync(fixture, path.join(this.dir, file));
    return this;
  }

  read(file: string): string {
    return readFileSync(path.join(this.dir, file), 'utf8');
  }

  commit(message: string, ...paths: string[]): string {
    this.git('add', ...(paths.length ? paths : ['-A']));
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.git('rev-parse', 'HEAD').trim();
  }

  cli(args: string[], env: NodeJS.ProcessEnv = {}, timeout?: number): CliResult {
    return cli(args, this.dir, env, timeout);
  }
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built CLI. A run that outlives `timeout` is killed and has status null: a hang fails its
 * test rather than the whole run (a synchronous spawn cannot be interrupted by the test's timeout).
 */
export function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}, timeout = 120_000): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: cleanEnv(env),
    timeout,
    killSignal: 'SIGKILL',
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function json<
  T = {
    ok: boolean;
    findings: { rule: string; code?: string; against?: string[]; allowed?: boolean; reason?: string }[];
    summary: Record<string, number>;
  },
>(result: CliResult): T {
  return JSON.parse(result.stdout) as T;
}
