/**
 * `generate` and GENERATED_STALE through the built CLI in scratch repositories: the workflow the
 * README documents (edit the registry, `generate`, commit both), what `check` and the pre-commit hook
 * refuse, and every way a config or a path could make `generate` write where it must not.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/fixtures.js';
import { cli, json, Repo, REGISTRY, tempDir } from '../helpers/repo.js';

const TABLE = '| code | status | meaning | frontend handling |\n|---|---:|---|---|\n';
const ONE = `# Errors\n\n${TABLE}| \`A_ONE\` | 400 | First | Show it |\n| \`A_TWO\` | 404 | Second | Show it |\n`;
const ADDED = ONE.replace('| `A_TWO`', '| `A_NEW` | 409 | New one | Retry |\n| `A_TWO`');
const TARGETS = [
  { language: 'ts', path: 'web/src/error-codes.ts' },
  { language: 'dart', path: 'app/lib/error_code.dart' },
  { language: 'python', path: 'server/error_codes.py' },
  { language: 'kotlin', path: 'android/ErrorCode.kt', package: 'com.example.errors' },
  { language: 'swift', path: 'ios/ErrorCode.swift' },
];

function project(generate: unknown[] = TARGETS): Repo {
  const repo = Repo.init();
  repo.write('error-registry-guard.config.json', JSON.stringify({ registry: REGISTRY, generate }, null, 2));
  repo.write(REGISTRY, ONE);
  return repo;
}

/** A project whose generated files are committed and fresh. */
function generatedProject(): Repo {
  const repo = project();
  expect(repo.cli(['generate']).status).toBe(0);
  repo.commit('registry and generated code');
  return repo;
}

function commit(repo: Repo, message: string): { ok: boolean; output: string } {
  try {
    repo.git('commit', '-q', '-m', message);
    return { ok: true, output: '' };
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('generate', () => {
  it('writes every target, then finds them up to date; --check agrees', () => {
    const repo = project();
    const first = repo.cli(['generate']);
    expect(first.status).toBe(0);
    expect(first.stdout.split('\n').filter(Boolean)).toEqual(TARGETS.map((t) => `wrote ${t.path}`));
    expect(repo.read('web/src/error-codes.ts')).toContain('A_ONE: "A_ONE",');
    expect(repo.read('app/lib/error_code.dart')).toContain("aOne('A_ONE', 400),");
    expect(repo.read('android/ErrorCode.kt')).toContain('package com.example.errors');
    const again = repo.cli(['generate']);
    expect(again.stdout).toContain('web/src/error-codes.ts is up to date');
    expect(repo.cli(['generate', '--check'])).toMatchObject({ status: 0, stdout: '5 generated file(s) up to date\n' });
    // Nothing is left behind but the five files.
    expect(repo.git('status', '--porcelain', '--untracked-files=all').split('\n').filter(Boolean).length).toBe(7);
  });

  it('--check writes nothing and exits 1 with a unified diff of each stale file', () => {
    const repo = generatedProject();
    repo.write(REGISTRY, ADDED);
    const before = repo.read('web/src/error-codes.ts');
    const checked = repo.cli(['generate', '--check']);
    expect(checked.status).toBe(1);
    expect(checked.stdout).toContain("web/src/error-codes.ts is stale: run 'error-registry-guard generate'");
    expect(checked.stdout).toContain('--- a/web/src/error-codes.ts\n+++ b/web/src/error-codes.ts\n');
    expect(checked.stdout).toContain('+  A_NEW: "A_NEW",');
    expect(checked.stdout).toContain("+  aNew('A_NEW', 409),");
    expect(repo.read('web/src/error-codes.ts')).toBe(before);
    const asJson = json<{ ok: boolean; stale: { path: string; diff: string }[] }>(
      repo.cli(['generate', '--check', '--format', 'json']),
    );
    expect(asJson.ok).toBe(false);
    expect(asJson.stale.map((s) => s.path)).toEqual(TARGETS.map((t) => t.path));
  });

  it('reports a missing file as stale against /dev/null', () => {
    const repo = project([TARGETS[0]]);
    const checked = repo.cli(['generate', '--check']);
    expect(checked.status).toBe(1);
    expect(checked.stdout).toContain('--- /dev/null\n+++ b/web/src/error-codes.ts');
    expect(existsSync(path.join(repo.dir, 'web'))).toBe(false);
  });

  it('refuses a registry that cannot be read one way only, writing nothing', () => {
    const repo = project();
    repo.write(REGISTRY, `${ONE}| \`A_ONE\` | 500 | Again | Show it |\n`);
    const refused = repo.cli(['generate']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/DUPLICATE_CODE.*nothing was written/);
    expect(existsSync(path.join(repo.dir, 'web'))).toBe(false);
  });

  it.each([
    [[{ language: 'ts', path: '../outside.ts' }], 'is outside the repository'],
    [[{ language: 'ts', path: '/tmp/abs.ts' }], 'is absolute'],
    [[{ language: 'ts', path: REGISTRY }], 'is the registry'],
    [[{ language: 'ts', path: 'error-registry-guard.config.json' }], 'is the config file'],
    [[{ language: 'ts', path: '.git/hooks/pre-commit' }], 'is inside .git'],
    [
      [
        { language: 'ts', path: 'a.ts' },
        { language: 'dart', path: './a.ts' },
      ],
      'is generated twice',
    ],
    [[{ language: 'ts', path: 'a.ts', registry: 'docs/other.md' }], 'is not a configured registry'],
    [[{ language: 'ts', path: 'a.ts', package: 'com.example' }], 'package is for Kotlin only'],
    [[{ language: 'kotlin', path: 'a.kt', package: 'com.in.errors' }], "Kotlin keyword 'in'"],
    [[{ language: 'ts', path: 'a.ts', typeName: 'String' }], 'would hide a type'],
    [[{ language: 'ts', path: 'a.ts', typeName: 'errorCode' }], 'generate[0].typeName: must match pattern'],
    [[{ language: 'go', path: 'a.go' }], 'generate[0].language: must be equal to one of the allowed values'],
    [[{ language: 'ts', path: 'a.ts', output: 'x' }], "generate[0]: must NOT have additional properties 'output'"],
    [[{ path: 'a.ts' }], "generate[0]: must have required property 'language'"],
  ])('refuses the config %j: %s', (generate, message) => {
    const repo = project(generate);
    const refused = repo.cli(['generate']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(message);
    expect(refused.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('needs "registry" on each target when there are several registries', () => {
    const repo = Repo.init();
    repo.write(
      'error-registry-guard.config.json',
      JSON.stringify({ registries: ['docs/a.md', 'docs/b.md'], generate: [{ language: 'ts', path: 'a.ts' }] }),
    );
    repo.write('docs/a.md', ONE).write('docs/b.md', ONE.replace(/A_/g, 'B_'));
    expect(repo.cli(['generate']).stderr).toContain('does not say which registry it is generated from');
    repo.write(
      'error-registry-guard.config.json',
      JSON.stringify({
        registries: ['docs/a.md', 'docs/b.md'],
        generate: [{ language: 'ts', path: 'b.ts', registry: 'docs/b.md' }],
      }),
    );
    expect(repo.cli(['generate']).status).toBe(0);
    expect(repo.read('b.ts')).toContain('B_ONE');
    expect(repo.read('b.ts')).not.toContain('A_ONE');
  });

  it('refuses a target that is a link to the registry, or in a folder that leads outside the repository', () => {
    const repo = project([{ language: 'ts', path: 'gen/codes.ts' }]);
    mkdirSync(path.join(repo.dir, 'gen'));
    symlinkSync(path.join(repo.dir, REGISTRY), path.join(repo.dir, 'gen/codes.ts'));
    const linked = repo.cli(['generate']);
    expect(linked.status).toBe(2);
    expect(repo.read(REGISTRY)).toBe(ONE);

    const outside = tempDir();
    const other = project([{ language: 'ts', path: 'out/codes.ts' }]);
    symlinkSync(outside, path.join(other.dir, 'out'));
    const escaped = other.cli(['generate']);
    expect(escaped.status).toBe(2);
    expect(escaped.stderr).toContain('outside the repository');
    expect(existsSync(path.join(outside, 'codes.ts'))).toBe(false);
  });

  it('refuses report formats it has no use for before writing anything', () => {
    const repo = project();
    const refused = repo.cli(['generate', '--format', 'sarif']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('generate prints text or json');
    expect(existsSync(path.join(repo.dir, 'web'))).toBe(false);
    const written = json<{ written: string[]; unchanged: string[] }>(repo.cli(['generate', '--format', 'json']));
    expect(written).toEqual({ written: TARGETS.map((t) => t.path), unchanged: [] });
  });

  it('says what to do when no target is configured', () => {
    const repo = Repo.init();
    repo.write(REGISTRY, ONE);
    const refused = repo.cli(['generate']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('the config lists no "generate" targets');
  });
});

describe('check: GENERATED_STALE', () => {
  it('fails after a registry edit until generate runs (working tree, against the git base)', () => {
    const repo = generatedProject();
    expect(repo.cli(['check']).status).toBe(0);
    repo.write(REGISTRY, ADDED);
    const stale = json(repo.cli(['check', '--format', 'json']));
    expect(stale.ok).toBe(false);
    expect(stale.findings.filter((f) => f.rule === 'GENERATED_STALE')).toHaveLength(5);
    const text = repo.cli(['check']);
    expect(text.status).toBe(1);
    expect(text.stdout).toContain('GENERATED_STALE');
    expect(text.stdout).toContain("run 'error-registry-guard generate'");
    expect(repo.cli(['generate']).status).toBe(0);
    expect(repo.cli(['check']).status).toBe(0);
  });

  it('in CI judges the committed files: a build step that regenerates them first cannot hide a stale commit', () => {
    const repo = generatedProject();
    repo.write(REGISTRY, ADDED).commit('add A_NEW, forgot generate');
    expect(repo.cli(['generate']).status).toBe(0); // what a CI build step might do before the check
    const base = repo.git('rev-parse', 'HEAD~1').trim();
    const inCi = repo.cli(['check', '--base', base, '--format', 'json'], { CI: 'true' });
    const stale = json(inCi).findings.filter((f) => f.rule === 'GENERATED_STALE');
    expect(stale).toHaveLength(5);
    expect(JSON.stringify(stale[0])).toContain('from docs/protocols/common/http-error-codes.md');
    // Locally the working tree is judged: regenerated, it passes.
    expect(repo.cli(['check', '--base', base]).status).toBe(0);
    repo.commit('generate');
    expect(repo.cli(['check', '--base', base], { CI: 'true' }).status).toBe(0);
  });

  it('catches a generated file edited by hand, and one deleted', () => {
    const repo = generatedProject();
    const file = 'web/src/error-codes.ts';
    repo.write(file, repo.read(file).replace('A_TWO: "A_TWO",', 'A_TWO: "A_TWO",\n  A_FAKE: "A_FAKE",'));
    const edited = json(repo.cli(['check', '--format', 'json']));
    expect(edited.findings.map((f) => f.rule)).toEqual(['GENERATED_STALE']);
    repo.git('checkout', '--', file);
    repo.git('rm', '-q', 'server/error_codes.py');
    const deleted = repo.cli(['check']);
    expect(deleted.status).toBe(1);
    expect(deleted.stdout).toContain('server/error_codes.py is not in the working tree');
  });

  it('--staged judges the index: a staged registry edit without the regenerated files fails', () => {
    const repo = generatedProject();
    repo.write(REGISTRY, ADDED).git('add', REGISTRY);
    expect(repo.cli(['check', '--staged']).status).toBe(1);
    // Regenerated in the working tree but not staged: the commit would still be stale.
    expect(repo.cli(['generate']).status).toBe(0);
    const unstaged = repo.cli(['check', '--staged']);
    expect(unstaged.status).toBe(1);
    expect(unstaged.stdout).toContain('GENERATED_STALE');
    repo.git('add', '-A');
    expect(repo.cli(['check', '--staged']).status).toBe(0);
  });

  it('the pre-commit hook refuses a commit that forgot generate, and takes it once generated', () => {
    const repo = generatedProject();
    const bin = path.join(repo.dir, 'node_modules/.bin/error-registry-guard');
    mkdirSync(path.dirname(bin), { recursive: true });
    writeFileSync(bin, `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
    chmodSync(bin, 0o755);
    repo.write('.gitignore', 'node_modules/\n').commit('ignore node_modules');
    expect(repo.cli(['hook', 'install']).status).toBe(0);

    repo.write(REGISTRY, ADDED).git('add', REGISTRY);
    const refused = commit(repo, 'add A_NEW, forgot generate');
    expect(refused.ok).toBe(false);
    expect(refused.output).toContain('GENERATED_STALE');
    expect(repo.git('show', `HEAD:${REGISTRY}`)).toBe(ONE);

    expect(repo.cli(['generate']).status).toBe(0);
    repo.git('add', '-A');
    expect(commit(repo, 'add A_NEW').ok).toBe(true);

    // A hand edit of a generated file alone is checked too.
    repo.write('app/lib/error_code.dart', `${repo.read('app/lib/error_code.dart')}// edited\n`);
    repo.git('add', 'app/lib/error_code.dart');
    expect(commit(repo, 'hand edit').ok).toBe(false);
  });

  it('--staged reads the index where the project is a subfolder of the repository, and before the first commit', () => {
    const repo = Repo.init();
    repo.write(
      'api/error-registry-guard.config.json',
      JSON.stringify({ registry: 'errors.md', generate: [TARGETS[0]] }),
    );
    repo.write('api/errors.md', ONE);
    const api = path.join(repo.dir, 'api');
    const inApi = (args: string[]) => cli(args, api);
    expect(inApi(['generate']).status).toBe(0);
    repo.git('add', '-A');
    // No commit yet: the index alone is judged.
    expect(inApi(['check', '--staged']).status).toBe(0);
    repo.write('api/errors.md', ADDED).git('add', 'api/errors.md');
    expect(inApi(['check', '--staged']).stdout).toContain('GENERATED_STALE');
    expect(inApi(['generate']).status).toBe(0);
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'first');
    repo.write('api/errors.md', ONE).git('add', 'api/errors.md');
    const stale = inApi(['check', '--staged', '--format', 'json']);
    expect(json(stale).findings.map((f) => f.rule)).toContain('GENERATED_STALE');
  });

  it('reports a registry that cannot be generated from, even with its lint rule turned off', () => {
    const repo = Repo.init();
    repo.write(
      'error-registry-guard.config.json',
      JSON.stringify({ registry: REGISTRY, rules: { INVALID_STATUS: 'off' }, generate: [TARGETS[0]] }),
    );
    repo.write(REGISTRY, ONE.replace('| 404 |', '| 4O4 |'));
    const result = json(repo.cli(['check', '--format', 'json']));
    const finding = result.findings.find((f) => f.rule === 'GENERATED_STALE') as { message?: string } | undefined;
    expect(finding?.message).toContain('cannot be generated from');
    expect(result.ok).toBe(false);
  });

  it('a change that stops generating a file is a POLICY_CHANGED weakening', () => {
    const repo = generatedProject();
    repo.write(
      'error-registry-guard.config.json',
      JSON.stringify({ registry: REGISTRY, generate: TARGETS.slice(1) }, null, 2),
    );
    const result = json(repo.cli(['check', '--format', 'json']));
    const policy = result.findings.filter((f) => f.rule === 'POLICY_CHANGED');
    expect(policy).toHaveLength(1);
    expect(result.ok).toBe(false);
    expect(JSON.stringify(policy[0])).toContain('web/src/error-codes.ts');
  });

  it('the base’s rules judge: a change turning GENERATED_STALE off in its own config still fails', () => {
    const repo = generatedProject();
    repo.write(REGISTRY, ADDED);
    repo.write(
      'error-registry-guard.config.json',
      JSON.stringify({ registry: REGISTRY, rules: { GENERATED_STALE: 'off' }, generate: TARGETS }, null, 2),
    );
    const result = json(repo.cli(['check', '--format', 'json']));
    expect(result.findings.map((f) => f.rule).filter((r) => r === 'GENERATED_STALE')).toHaveLength(5);
    expect(result.ok).toBe(false);
    expect(readFileSync(path.join(repo.dir, 'web/src/error-codes.ts'), 'utf8')).not.toContain('A_NEW');
  });
});
