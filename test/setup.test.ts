import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, V1, SMALL } from './helpers/fixtures.js';
import { Repo, REGISTRY } from './helpers/repo.js';

const ONE = SMALL.one;
const ADDED = SMALL.added;
const REMOVED = SMALL.removed;

/** A repository where the CLI is "installed" as npm would: node_modules/.bin/error-registry-guard. */
function project(): Repo {
  const repo = Repo.init();
  const bin = path.join(repo.dir, 'node_modules/.bin/error-registry-guard');
  mkdirSync(path.dirname(bin), { recursive: true });
  writeFileSync(bin, `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(bin, 0o755);
  repo.write('.gitignore', 'node_modules/\n');
  repo.write(REGISTRY, ONE).commit('v1');
  return repo;
}

/** `git commit`, returning its exit status and stderr instead of throwing. */
function commit(repo: Repo, ...args: string[]): { ok: boolean; output: string } {
  try {
    repo.git('commit', '-q', ...args);
    return { ok: true, output: '' };
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('hook install: real commits', () => {
  it('lets an additive change through, refuses a removal with the report, and --no-verify bypasses', () => {
    const repo = project();
    const installed = repo.cli(['hook', 'install']);
    expect(installed.status).toBe(0);
    expect(installed.stdout).toBe('installed the pre-commit hook at .git/hooks/pre-commit\n');
    expect(statSync(path.join(repo.dir, '.git/hooks/pre-commit')).mode & 0o111).not.toBe(0);

    repo.write(REGISTRY, ADDED).git('add', REGISTRY);
    expect(commit(repo, '-m', 'add A_THREE').ok).toBe(true);

    repo.write(REGISTRY, REMOVED).git('add', REGISTRY);
    const refused = commit(repo, '-m', 'remove A_TWO');
    expect(refused.ok).toBe(false);
    expect(refused.output).toContain('CODE_REMOVED');
    expect(refused.output).toContain('A_TWO');
    expect(repo.git('show', `HEAD:${REGISTRY}`)).toBe(ADDED);

    expect(commit(repo, '--no-verify', '-m', 'remove A_TWO anyway').ok).toBe(true);
    expect(repo.git('show', `HEAD:${REGISTRY}`)).toBe(REMOVED);
  });

  it('says how to install when the CLI is not there, instead of failing obscurely', () => {
    const repo = project();
    repo.cli(['hook', 'install']);
    rmSync(path.join(repo.dir, 'node_modules'), { recursive: true });
    // An unrelated commit goes through: the hook asks git first and never needs the CLI.
    repo.write('notes.txt', 'hello').git('add', 'notes.txt');
    expect(commit(repo, '-m', 'notes').ok).toBe(true);
    repo.write(REGISTRY, ADDED).git('add', REGISTRY);
    const refused = commit(repo, '-m', 'add A_THREE');
    expect(refused.ok).toBe(false);
    expect(refused.output).toContain('error-registry-guard is not installed here (looked in node_modules)');
    expect(refused.output).toContain('run npm install');
  });

  it('does nothing on commits that touch no registry file', () => {
    const repo = project();
    repo.cli(['hook', 'install']);
    repo.write(REGISTRY, REMOVED); // unstaged: not part of the commit
    repo.write('notes.txt', 'hello').git('add', 'notes.txt');
    expect(commit(repo, '-m', 'notes').ok).toBe(true);
    expect(repo.cli(['check', '--staged', '--only-if-staged']).status).toBe(0);
    expect(repo.cli(['check', '--only-if-staged']).status).toBe(2);
  });

  it('is idempotent and uninstall removes the hook it wrote', () => {
    const repo = project();
    repo.cli(['hook', 'install']);
    expect(repo.cli(['hook', 'install']).stdout).toContain('already installed');
    expect(repo.cli(['hook', 'uninstall']).stdout).toBe('removed .git/hooks/pre-commit\n');
    expect(existsSync(path.join(repo.dir, '.git/hooks/pre-commit'))).toBe(false);
  });

  it('respects core.hooksPath', () => {
    const repo = project();
    repo.git('config', 'core.hooksPath', '.githooks');
    mkdirSync(path.join(repo.dir, '.githooks'));
    expect(repo.cli(['hook', 'install']).stdout).toContain('.githooks/pre-commit');
    repo.write(REGISTRY, REMOVED).git('add', REGISTRY);
    expect(commit(repo, '-m', 'remove').ok).toBe(false);
  });

  it('refuses to overwrite a foreign hook and says how to add the line', () => {
    const repo = project();
    const foreign = '#!/bin/sh\necho mine\n';
    repo.write('.git/hooks/pre-commit', foreign);
    const result = repo.cli(['hook', 'install']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('exists and is not ours');
    expect(result.stderr).toContain('error-registry-guard check --staged --only-if-staged');
    expect(repo.read('.git/hooks/pre-commit')).toBe(foreign);
  });

  it('adds to husky and removes only its own lines', () => {
    const repo = project();
    repo.write('.husky/pre-commit', 'npx lint-staged\n');
    expect(repo.cli(['hook', 'install']).stdout).toBe('added the check to .husky/pre-commit\n');
    const text = repo.read('.husky/pre-commit');
    expect(text.startsWith('npx lint-staged\n')).toBe(true);
    expect(text).toContain('"$erg" check --staged --only-if-staged');
    repo.cli(['hook', 'uninstall']);
    expect(repo.read('.husky/pre-commit')).toBe('npx lint-staged\n');
  });

  it('adds a command to lefthook and keeps what was there', () => {
    const repo = project();
    repo.write(
      'lefthook.yml',
      '# team hooks\npre-commit:\n  commands:\n    lint:\n      run: npx eslint {staged_files}\n',
    );
    expect(repo.cli(['hook', 'install']).status).toBe(0);
    const text = repo.read('lefthook.yml');
    expect(text).toContain('# team hooks');
    expect(text).toContain('run: npx eslint {staged_files}');
    expect(text).toContain('run: npx --no-install error-registry-guard check --staged --only-if-staged');
    repo.cli(['hook', 'uninstall']);
    expect(repo.read('lefthook.yml')).not.toContain('error-registry-guard');
    expect(repo.read('lefthook.yml')).toContain('run: npx eslint {staged_files}');
  });
});

describe('init', () => {
  it('writes a commented config, records 1.0.0 and prints next steps; never overwrites', () => {
    const repo = Repo.init();
    repo.copy(V1).commit('v1');
    const result = repo.cli(['init']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      'wrote error-registry-guard.config.json (registry: docs/protocols/common/http-error-codes.md)',
    );
    expect(result.stdout).toContain('recorded the first snapshot: snapshots/1.0.0.json');
    expect(result.stdout).toContain('hook install');
    const config = repo.read('error-registry-guard.config.json');
    expect(config).toContain('// ');
    expect(repo.cli(['check']).status).toBe(0); // the commented config is read back

    writeFileSync(path.join(repo.dir, 'error-registry-guard.config.json'), '{ "baseBranch": "main" }\n');
    const again = repo.cli(['init']);
    expect(again.stdout).toContain('exists already: left as it is');
    expect(again.stdout).toContain('no change since snapshot 1.0.0');
    expect(readFileSync(path.join(repo.dir, 'error-registry-guard.config.json'), 'utf8')).toBe(
      '{ "baseBranch": "main" }\n',
    );
  });

  it('finds a registry-looking markdown file when the default path is absent', () => {
    const repo = Repo.init();
    repo.write('README.md', '| a | b |\n|---|---|\n| 1 | 2 |\n');
    repo.write('api/errors.md', ONE).commit('registry elsewhere');
    const result = repo.cli(['init']);
    expect(result.stdout).toContain('(registry: api/errors.md)');
    expect(repo.cli(['lint', '--format', 'json']).stdout).toContain('"path": "api/errors.md"');
  });

  it('says what to do when there is no registry', () => {
    const repo = Repo.init();
    repo.write('README.md', 'hello').commit('nothing');
    const result = repo.cli(['init']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('no registry found');
    expect(existsSync(path.join(repo.dir, 'error-registry-guard.config.json'))).toBe(false);
  });
});

describe('integration manifests', () => {
  it('the pre-commit framework hook matches the registry, config and snapshot paths and runs the staged check', async () => {
    const { parse } = await import('yaml');
    const hooks = parse(readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as {
      id: string;
      entry: string;
      language: string;
      pass_filenames: boolean;
      files: string;
    }[];
    const hook = hooks[0]!;
    expect(hook).toMatchObject({
      id: 'error-registry-guard',
      entry: 'error-registry-guard check --staged --only-if-staged',
      language: 'node',
      pass_filenames: false,
    });
    const files = new RegExp(hook.files);
    for (const f of [REGISTRY, 'error-registry-guard.config.json', 'snapshots/1.0.0.json', 'snapshots/web/2.1.0.json'])
      expect(files.test(f)).toBe(true);
    for (const f of ['README.md', 'src/index.ts', 'docs/other.md']) expect(files.test(f)).toBe(false);
  });

  it('the GitHub Action runs the check (text report + annotations by default), the fail level and --fetch', async () => {
    const { parse } = await import('yaml');
    const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
      runs: { using: string; steps: { run: string }[] };
      inputs: Record<string, { default: string }>;
    };
    expect(action.runs.using).toBe('composite');
    expect(action.inputs.format!.default).toBe('');
    const run = action.runs.steps.find((step) => step.run)!.run;
    expect(run).toContain('check --format json --fail-on "$ERG_FAIL_ON" "${fetch[@]}"');
    expect(run).toContain('check "${format[@]}" --fail-on "$ERG_FAIL_ON" $ERG_ARGS');
  });
});

describe('setup edge cases', () => {
  it('init refuses a registry outside the repository and writes nothing', () => {
    const repo = Repo.init();
    repo.write('README.md', 'x').commit('start');
    const outside = path.join(repo.dir, '..', `outside-${path.basename(repo.dir)}.md`);
    writeFileSync(outside, ONE);
    const result = repo.cli(['init', '--registry', outside]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('outside the repository');
    expect(existsSync(path.join(repo.dir, 'error-registry-guard.config.json'))).toBe(false);
  });

  it('hook install follows an absolute core.hooksPath', () => {
    const repo = project();
    const hooks = path.join(repo.dir, '..', `hooks-${path.basename(repo.dir)}`);
    mkdirSync(hooks);
    repo.git('config', 'core.hooksPath', hooks);
    expect(repo.cli(['hook', 'install']).status).toBe(0);
    expect(existsSync(path.join(hooks, 'pre-commit'))).toBe(true);
  });
});
