/** Issue 15, hooks in every layout: real commits in scratch repositories, through the built CLI. */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, SMALL } from './helpers/fixtures.js';
import { cleanEnv, cli, Repo, REGISTRY } from './helpers/repo.js';

const ONE = SMALL.one;
const ADDED = SMALL.added;
const REMOVED = SMALL.removed;

/** `git commit` with the given environment; ok and what it printed. */
function commit(repo: Repo, message: string, env: NodeJS.ProcessEnv = {}): { ok: boolean; output: string } {
  const result = spawnSync('git', ['commit', '-q', '-m', message], {
    cwd: repo.dir,
    encoding: 'utf8',
    env: cleanEnv(env),
  });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

/** A CLI shim at `dir/node_modules/.bin` that logs each start to `log` (to see whether node ran). */
function shim(repo: Repo, dir: string, log?: string): void {
  const bin = path.join(repo.dir, dir, 'node_modules/.bin/error-registry-guard');
  mkdirSync(path.dirname(bin), { recursive: true });
  const record = log ? `echo started >> "${log}"\n` : '';
  writeFileSync(bin, `#!/bin/sh\n${record}exec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(bin, 0o755);
}

function started(log: string): number {
  return existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0;
}

describe('the hook in a monorepo', () => {
  it('installed from frontend/ with the registry at the root: unrelated commits pass, breaks are refused', () => {
    const repo = Repo.init();
    repo.write('.gitignore', 'node_modules/\n').write(REGISTRY, ONE).write('frontend/package.json', '{}\n');
    repo.write('error-registry-guard.config.json', '{}\n').commit('v1');
    // The package installed in frontend/ as npm lays it out: a real folder, and a .bin link to its bin.
    const pkg = path.join(repo.dir, 'frontend/node_modules/error-registry-guard');
    mkdirSync(pkg, { recursive: true });
    for (const part of ['package.json', 'dist', 'schemas'])
      cpSync(path.join(ROOT, part), path.join(pkg, part), { recursive: true });
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(pkg, 'node_modules'));
    chmodSync(path.join(pkg, 'dist/src/bin.cjs'), 0o755);
    mkdirSync(path.join(repo.dir, 'frontend/node_modules/.bin'));
    symlinkSync(
      '../error-registry-guard/dist/src/bin.cjs',
      path.join(repo.dir, 'frontend/node_modules/.bin/error-registry-guard'),
    );

    const installed = spawnSync(process.execPath, ['node_modules/.bin/error-registry-guard', 'hook', 'install'], {
      cwd: path.join(repo.dir, 'frontend'),
      encoding: 'utf8',
      env: cleanEnv(),
    });
    expect(installed.status).toBe(0);
    const hook = repo.read('.git/hooks/pre-commit');
    expect(hook).toContain("'frontend/node_modules/.bin/error-registry-guard'");
    // No install at the root, and the commit is unrelated: it goes through.
    repo.write('frontend/app.ts', 'export {};\n').git('add', 'frontend/app.ts');
    expect(commit(repo, 'app')).toMatchObject({ ok: true });
    repo.write(REGISTRY, ADDED).git('add', REGISTRY);
    expect(commit(repo, 'add A_THREE')).toMatchObject({ ok: true });
    repo.write(REGISTRY, REMOVED).git('add', REGISTRY);
    const refused = commit(repo, 'remove A_TWO');
    expect(refused.ok).toBe(false);
    expect(refused.output).toContain('CODE_REMOVED');
    expect(refused.output).toContain('git commit --no-verify');
  });

  it('finds the nearest install up from a config kept in a subfolder, and passes that config', () => {
    const repo = Repo.init();
    repo.write('.gitignore', 'node_modules/\n').write('api/errors.md', ONE);
    repo.write('api/error-registry-guard.config.json', JSON.stringify({ registry: 'errors.md' })).commit('v1');
    shim(repo, 'api');
    expect(cli(['hook', 'install'], path.join(repo.dir, 'api')).status).toBe(0);
    const hook = repo.read('.git/hooks/pre-commit');
    expect(hook).toContain("'api/node_modules/.bin/error-registry-guard'");
    expect(hook).toContain("--config 'api/error-registry-guard.config.json'");
    repo.write('api/errors.md', REMOVED).git('add', 'api/errors.md');
    expect(commit(repo, 'remove').ok).toBe(false);
  });
});

describe('the hook asks git before it starts node', () => {
  it('an unrelated commit does not start the CLI; a registry, snapshot or config commit does', () => {
    const repo = Repo.init();
    const log = path.join(repo.dir, '..', `${path.basename(repo.dir)}-starts.log`);
    repo.write('.gitignore', 'node_modules/\n').write(REGISTRY, ONE).commit('v1');
    shim(repo, '.', log);
    expect(repo.cli(['hook', 'install']).status).toBe(0);
    repo.write('notes.txt', 'hello').git('add', 'notes.txt');
    expect(commit(repo, 'notes').ok).toBe(true);
    expect(started(log)).toBe(0);
    repo.write(REGISTRY, ADDED).git('add', REGISTRY);
    expect(commit(repo, 'add').ok).toBe(true);
    expect(started(log)).toBe(1);
    repo.write('snapshots/9.9.9.json', '{}').git('add', 'snapshots');
    commit(repo, 'snapshot');
    expect(started(log)).toBe(2);
    repo.write('error-registry-guard.config.json', '{}').git('add', 'error-registry-guard.config.json');
    commit(repo, 'config');
    expect(started(log)).toBe(3);
    // `git commit -a` stages through a temporary index: the hook sees it too.
    repo.write(REGISTRY, REMOVED);
    const all = spawnSync('git', ['commit', '-q', '-a', '-m', 'remove'], {
      cwd: repo.dir,
      encoding: 'utf8',
      env: cleanEnv(),
    });
    expect(all.status).not.toBe(0);
    expect(started(log)).toBe(4);
  });

  it('a staged source file (config sources) starts the check; a file outside the sources does not', () => {
    const repo = Repo.init();
    const log = path.join(repo.dir, '..', `${path.basename(repo.dir)}-starts.log`);
    const config = { sources: [{ path: 'app/lib/**/*.dart', role: 'consumer' }] };
    repo.write('.gitignore', 'node_modules/\n').write(REGISTRY, ONE);
    repo.write('error-registry-guard.config.json', JSON.stringify(config)).write('app/lib/a.dart', 'void main() {}\n');
    repo.commit('v1');
    shim(repo, '.', log);
    expect(repo.cli(['hook', 'install']).status).toBe(0);
    repo.write('web/notes.txt', 'hello').git('add', '-A');
    expect(commit(repo, 'notes').ok).toBe(true);
    expect(started(log)).toBe(0);
    const branching = "void f(Map data) { if (data['detail'] == 'LDAP authentication is not enabled') {} }\n";
    repo.write('app/lib/src/login.dart', branching).git('add', '-A');
    const refused = commit(repo, 'detail branching');
    expect(started(log)).toBe(1);
    expect(refused.ok).toBe(false);
    expect(refused.output).toContain('DETAIL_BRANCHING');
  });

  it('a path with quotes or pathspec magic in the config cannot break out of the shell or the pathspec', () => {
    const repo = Repo.init();
    const file = "docs/it's :(exclude)*.md";
    repo.write('.gitignore', 'node_modules/\n').write(file, ONE);
    repo.write('error-registry-guard.config.json', JSON.stringify({ registry: file })).commit('v1');
    shim(repo, '.');
    expect(repo.cli(['hook', 'install']).status).toBe(0);
    repo.write(file, REMOVED).git('add', '-A');
    const refused = commit(repo, 'remove');
    expect(refused.ok).toBe(false);
    expect(refused.output).toContain('CODE_REMOVED');
  });
});

describe('hook install in other layouts', () => {
  it('creates a core.hooksPath folder that does not exist', () => {
    const repo = Repo.init();
    repo.write('.gitignore', 'node_modules/\n').write(REGISTRY, ONE).commit('v1');
    shim(repo, '.');
    repo.git('config', 'core.hooksPath', '.config/git-hooks');
    const installed = repo.cli(['hook', 'install']);
    expect(installed.status).toBe(0);
    expect(installed.stdout).toContain('.config/git-hooks/pre-commit');
    repo.write(REGISTRY, REMOVED).git('add', REGISTRY);
    expect(commit(repo, 'remove').ok).toBe(false);
  });

  it('lefthook: says plainly that its git hook is missing; once lefthook is installed, breaks are refused', () => {
    const repo = Repo.init();
    repo.write('.gitignore', 'node_modules/\n').write(REGISTRY, ONE);
    repo.write('lefthook.yml', 'pre-commit:\n  commands:\n    hello:\n      run: echo hello\n').commit('v1');
    shim(repo, '.');
    const first = repo.cli(['hook', 'install']);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain("NOT ACTIVE YET: lefthook's git hook is not installed");
    expect(first.stdout).toContain('npx lefthook install');
    // What the message warns of: without lefthook's git hook, a break goes through.
    repo.write(REGISTRY, REMOVED).git('add', REGISTRY);
    expect(commit(repo, 'unchecked removal').ok).toBe(true);
    repo.git('revert', '--no-edit', 'HEAD');
    // The real lefthook (a devDependency), as the message says.
    const env = { PATH: `${path.join(ROOT, 'node_modules/.bin')}:${process.env.PATH ?? ''}` };
    execFileSync(path.join(ROOT, 'node_modules/.bin/lefthook'), ['install'], {
      cwd: repo.dir,
      env: cleanEnv(env),
      stdio: 'pipe',
    });
    expect(repo.cli(['hook', 'install']).stdout).toContain("lefthook's git hook is installed");
    repo.write(REGISTRY, REMOVED).git('add', REGISTRY);
    const refused = commit(repo, 'removal', env);
    expect(refused.ok).toBe(false);
    expect(refused.output).toContain('CODE_REMOVED');
    repo.write(REGISTRY, ADDED).git('add', REGISTRY);
    expect(commit(repo, 'addition', env).ok).toBe(true);
    // lefthook matches the staged files itself: an unrelated commit does not start the CLI.
    const log = path.join(repo.dir, '..', `${path.basename(repo.dir)}-lefthook-starts.log`);
    shim(repo, '.', log);
    repo.write('notes.txt', 'hello').git('add', 'notes.txt');
    expect(commit(repo, 'notes', env).ok).toBe(true);
    expect(started(log)).toBe(0);
    repo.write(REGISTRY, REMOVED).git('add', REGISTRY);
    expect(commit(repo, 'removal again', env).ok).toBe(false);
    expect(started(log)).toBe(1);
  });

  it('lefthook: a path with glob characters is matched literally, not as a pattern', () => {
    const repo = Repo.init();
    const file = 'docs/[v2] errors.md';
    repo.write('.gitignore', 'node_modules/\n').write(file, ONE);
    repo.write('error-registry-guard.config.json', JSON.stringify({ registry: file }));
    repo.write('lefthook.yml', 'pre-commit:\n  commands:\n    hello:\n      run: echo hello\n').commit('v1');
    shim(repo, '.');
    const env = { PATH: `${path.join(ROOT, 'node_modules/.bin')}:${process.env.PATH ?? ''}` };
    execFileSync(path.join(ROOT, 'node_modules/.bin/lefthook'), ['install'], {
      cwd: repo.dir,
      env: cleanEnv(env),
      stdio: 'pipe',
    });
    expect(repo.cli(['hook', 'install']).status).toBe(0);
    repo.write(file, REMOVED).git('add', '-A');
    const refused = commit(repo, 'removal', env);
    expect(refused.ok).toBe(false);
    expect(refused.output).toContain('CODE_REMOVED');
  });

  it('husky (the real one, v9): still joins its pre-commit and refuses a break', () => {
    const repo = Repo.init();
    repo
      .write('.gitignore', 'node_modules/\n')
      .write(REGISTRY, ONE)
      .write('package.json', '{ "name": "app" }\n')
      .commit('v1');
    shim(repo, '.');
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules/husky/bin.js'), 'init'], {
      cwd: repo.dir,
      env: cleanEnv(),
      stdio: 'pipe',
    });
    repo.write('.husky/pre-commit', 'echo team hook ran\n');
    expect(repo.cli(['hook', 'install']).stdout).toBe('added the check to .husky/pre-commit\n');
    repo.write(REGISTRY, ADDED).git('add', '-A');
    expect(commit(repo, 'addition').ok).toBe(true);
    repo.write(REGISTRY, REMOVED).git('add', REGISTRY);
    const refused = commit(repo, 'removal');
    expect(refused.ok).toBe(false);
    expect(refused.output).toContain('team hook ran');
    expect(refused.output).toContain('CODE_REMOVED');
  });
});

describe('init never guesses', () => {
  it('lists two candidate registries, tracked or not, and asks for --registry; writes nothing', () => {
    const repo = Repo.init();
    repo.write('api/errors.md', ONE).commit('one registry');
    repo.write('billing/problem-codes.md', ONE); // untracked, not ignored
    repo.write('.gitignore', 'vendor/\n').write('vendor/errors.md', ONE); // ignored: not a candidate
    const result = repo.cli(['init']);
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe(
      'error-registry-guard: found 2 candidate registries (api/errors.md, billing/problem-codes.md): choose one with --registry PATH',
    );
    expect(existsSync(path.join(repo.dir, 'error-registry-guard.config.json'))).toBe(false);
    expect(repo.cli(['init', '--registry', 'billing/problem-codes.md']).status).toBe(0);
  });

  it('a second init over a missing registry is an error, not "the registry has errors" with exit 0', () => {
    const repo = Repo.init();
    repo.write('api/errors.md', ONE).commit('registry');
    expect(repo.cli(['init']).status).toBe(0);
    repo.git('rm', '-q', 'api/errors.md');
    const again = repo.cli(['init']);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('the configured registry api/errors.md does not exist');
  });

  it("init's next steps link only to what is installed or to absolute URLs", () => {
    const repo = Repo.init();
    repo.write('api/errors.md', ONE).commit('registry');
    const steps = repo.cli(['init']).stdout;
    expect(steps).toContain('https://github.com/error-registry-guard/error-registry-guard/blob/main/docs/ci.md');
    expect(steps).not.toMatch(/[^/]docs\/ci\.md/);
  });
});
