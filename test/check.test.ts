import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { registry, V1, V2, SMALL } from './helpers/fixtures.js';
import { BIN } from './helpers/fixtures.js';
import { json, Repo, REGISTRY, tempDir } from './helpers/repo.js';

const ONE = SMALL.one;
const ONE_MINUS_TWO = SMALL.removed;
const ONE_PLUS_THREE = SMALL.added;

const rules = (r: { findings: { rule: string; code?: string }[] }) =>
  r.findings.map((f) => `${f.rule} ${f.code ?? ''}`.trim());

describe('check: staged index vs working tree', () => {
  it('--staged judges what is staged, not the working tree', () => {
    const repo = Repo.init();
    repo.write(REGISTRY, ONE).commit('v1');
    repo.write(REGISTRY, ONE_PLUS_THREE).git('add', REGISTRY);
    repo.write(REGISTRY, ONE_MINUS_TWO); // unstaged removal

    const staged = repo.cli(['check', '--staged', '--format', 'json']);
    expect(staged.status).toBe(0);
    expect(rules(json(staged))).toEqual(['CODE_ADDED A_THREE']);

    const tree = repo.cli(['check', '--format', 'json']);
    expect(tree.status).toBe(1);
    expect(rules(json(tree))).toEqual(['CODE_REMOVED A_TWO']);
  });

  it('compares with the merge-base of the base branch, not its tip', () => {
    const repo = Repo.init();
    repo.write(REGISTRY, ONE).commit('v1');
    repo.git('checkout', '-q', '-b', 'feature');
    repo
      .write(
        REGISTRY,
        registry([
          ['`A_ONE`', 400, 'First thing failed', 'Retry'],
          ['`A_TWO`', 404, 'Second thing missing', 'Refresh'],
          ['`B_FEATURE`', 400, 'Feature', 'x'],
        ]),
      )
      .commit('feature adds');
    repo.git('checkout', '-q', 'main');
    repo.write(REGISTRY, ONE_PLUS_THREE).commit('main adds A_THREE after the branch point');
    repo.git('checkout', '-q', 'feature');

    const result = repo.cli(['check', '--format', 'json']);
    const report = json<{ registries: { baselines: { id: string }[] }[]; findings: { rule: string; code: string }[] }>(
      result,
    );
    expect(result.status).toBe(0);
    // Against main's tip A_THREE would look removed; against the merge-base it is simply not there yet.
    expect(report.findings.map((f) => `${f.rule} ${f.code}`)).toEqual(['CODE_ADDED B_FEATURE']);
    expect(report.registries[0]!.baselines[0]!.id).toMatch(/^git:main@[0-9a-f]{7}$/);
  });

  it('--base REF compares with that ref', () => {
    const repo = Repo.init();
    repo.write(REGISTRY, ONE).commit('v1');
    repo.write(REGISTRY, ONE_MINUS_TWO).commit('v2 removes');
    const result = repo.cli(['check', '--base', 'HEAD~1', '--format', 'json']);
    expect(result.status).toBe(1);
    expect(json(result).findings[0]).toMatchObject({
      rule: 'CODE_REMOVED',
      code: 'A_TWO',
      against: [expect.stringMatching(/^git:HEAD~1@/)],
    });
  });

  it('uses the GitHub pull request base from the event file in CI', () => {
    const repo = Repo.init();
    const base = repo.write(REGISTRY, ONE).commit('v1');
    repo.git('checkout', '-q', '-b', 'pr');
    repo.write(REGISTRY, ONE_MINUS_TWO).commit('pr removes');
    const event = path.join(tempDir(), 'event.json');
    writeFileSync(event, JSON.stringify({ pull_request: { base: { sha: base, ref: 'main' } } }));
    const result = repo.cli(['check', '--format', 'json'], { CI: 'true', GITHUB_EVENT_PATH: event });
    expect(result.status).toBe(1);
    expect(json(result).findings[0]!.against).toEqual([`git:origin/main@${base.slice(0, 7)}`]);
  });

  it('uses GitLab CI_MERGE_REQUEST_DIFF_BASE_SHA in CI', () => {
    const repo = Repo.init();
    const base = repo.write(REGISTRY, ONE).commit('v1');
    repo.write(REGISTRY, ONE_MINUS_TWO).commit('mr removes');
    const result = repo.cli(['check', '--format', 'json'], { CI: 'true', CI_MERGE_REQUEST_DIFF_BASE_SHA: base });
    expect(json(result).findings[0]).toMatchObject({
      rule: 'CODE_REMOVED',
      against: [`git:merge-request-base@${base.slice(0, 7)}`],
    });
  });

  it('treats a registry absent at the base as all-new', () => {
    const repo = Repo.init();
    repo.write('README.md', 'hello').commit('no registry yet');
    repo.copy(V1).commit('registry arrives');
    const result = repo.cli(['check', '--base', 'HEAD~1', '--format', 'json']);
    expect(result.status).toBe(0);
    const report = json(result);
    expect(report.findings.filter((f) => f.rule === 'CODE_ADDED')).toHaveLength(24);
    expect(report.findings.every((f) => f.rule === 'CODE_ADDED')).toBe(true);
  });

  it('on an unborn branch, --staged treats everything as new', () => {
    const repo = Repo.init();
    repo.copy(V1).git('add', '-A');
    const result = repo.cli(['check', '--staged', '--format', 'json']);
    expect(result.status).toBe(0);
    expect(json(result).findings).toHaveLength(24);
  });

  it('works on a detached HEAD', () => {
    const repo = Repo.init();
    repo.copy(V1).commit('v1');
    repo.git('checkout', '-q', '--detach');
    expect(repo.cli(['check']).status).toBe(0);
  });
});

describe('check: git errors are exit 2 with one clear line', () => {
  it('refuses refs that try option injection and never runs them', () => {
    const repo = Repo.init();
    repo.copy(V1).commit('v1');
    const target = path.join(repo.dir, 'pwned');
    for (const base of [`--output=${target}`, '-h', `HEAD --output=${target}`]) {
      const result = repo.cli(['check', `--base=${base}`]);
      expect(result.status).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
    const diff = repo.cli(['diff', `--output=${target}:${REGISTRY}`, REGISTRY]);
    expect(diff.status).toBe(2);
    expect(existsSync(target)).toBe(false);
  });

  it('names a ref that does not exist', () => {
    const repo = Repo.init();
    repo.copy(V1).commit('v1');
    const result = repo.cli(['check', '--base', 'no-such-branch']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("'no-such-branch' does not name a commit");
  });

  it('outside a git repository', () => {
    const dir = tempDir();
    const result = new Repo(dir).cli(['check']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('not inside a git repository');
  });

  it('when the registry is missing', () => {
    const repo = Repo.init();
    repo.write('README.md', 'x').commit('empty');
    const result = repo.cli(['check']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`registry ${REGISTRY} not found`);
  });

  it('when the staged registry has merge conflicts', () => {
    const repo = Repo.init();
    repo.write(REGISTRY, ONE).commit('v1');
    repo.git('checkout', '-q', '-b', 'other');
    repo.write(REGISTRY, ONE_MINUS_TWO).commit('other');
    repo.git('checkout', '-q', 'main');
    repo.write(REGISTRY, ONE_PLUS_THREE.replace('Second thing missing', 'Second thing gone')).commit('main');
    try {
      repo.git('merge', '-q', 'other');
    } catch {
      // The conflict is the point.
    }
    const result = repo.cli(['check', '--staged']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unresolved merge conflicts');
  });

  it('in a shallow clone without the base, says how to fetch it', () => {
    const origin = Repo.init();
    origin.write(REGISTRY, ONE).commit('v1');
    origin.write('a.txt', '1').commit('main moves on');
    origin.git('checkout', '-q', '-b', 'feature', 'HEAD~1');
    origin.write(REGISTRY, ONE_MINUS_TWO).commit('feature');
    const clone = new Repo(tempDir());
    clone.git('clone', '-q', '--depth', '1', '--no-single-branch', `file://${origin.dir}`, '.');
    clone.git('checkout', '-q', 'feature');
    // --base names a commit that is there: fine. The merge-base is what a shallow clone lacks.
    expect(clone.cli(['check', '--base', 'origin/main']).status).toBe(1);
    const ci = clone.cli(['check'], { CI: 'true', GITHUB_BASE_REF: 'main' });
    expect(ci.status).toBe(2);
    expect(ci.stderr).toMatch(/shallow clone.*fetch-depth: 0/);
    const single = new Repo(tempDir());
    single.git('clone', '-q', '--depth', '1', '--branch', 'feature', `file://${origin.dir}`, '.');
    const missing = single.cli(['check', '--base', 'origin/main']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('fetch-depth: 0');
  });

  it('with --fetch, fetches just the pull request base into a shallow clone', () => {
    const origin = Repo.init();
    origin.git('config', 'uploadpack.allowReachableSHA1InWant', 'true');
    const base = origin.write(REGISTRY, ONE).commit('v1');
    origin.git('checkout', '-q', '-b', 'feature');
    origin.write(REGISTRY, ONE_MINUS_TWO).commit('feature');
    const clone = new Repo(tempDir());
    clone.git('clone', '-q', '--depth', '1', '--branch', 'feature', `file://${origin.dir}`, '.');
    const event = path.join(tempDir(), 'event.json');
    writeFileSync(event, JSON.stringify({ pull_request: { base: { sha: base, ref: 'main' } } }));
    const without = clone.cli(['check'], { CI: 'true', GITHUB_EVENT_PATH: event });
    expect(without.status).toBe(2);
    expect(without.stderr).toContain('--fetch');
    const fetched = clone.cli(['check', '--fetch', '--format', 'json'], { CI: 'true', GITHUB_EVENT_PATH: event });
    expect(fetched.status).toBe(1);
    expect(json(fetched).findings[0]).toMatchObject({ rule: 'CODE_REMOVED', code: 'A_TWO' });
  });
});

describe('check as a pre-commit hook in real commits', () => {
  function withHook(): Repo {
    const repo = Repo.init();
    repo.write(REGISTRY, ONE).commit('v1');
    const hook = path.join(repo.dir, '.git/hooks/pre-commit');
    writeFileSync(hook, `#!/bin/sh\nexec "${process.execPath}" "${BIN}" check --staged\n`);
    chmodSync(hook, 0o755);
    return repo;
  }
  const head = (repo: Repo) => repo.git('rev-parse', 'HEAD').trim();

  it('git commit -a is judged by what it commits (the temporary index)', () => {
    const repo = withHook();
    const before = head(repo);
    repo.write(REGISTRY, ONE_MINUS_TWO); // not staged: only `commit -a` stages it
    expect(() => repo.git('commit', '-q', '-a', '-m', 'remove A_TWO')).toThrow(/CODE_REMOVED/);
    expect(head(repo)).toBe(before);
    repo.write(REGISTRY, ONE_PLUS_THREE);
    repo.git('commit', '-q', '-a', '-m', 'add A_THREE');
    expect(head(repo)).not.toBe(before);
  });

  it('git commit PATH is judged by that path as committed', () => {
    const repo = withHook();
    const before = head(repo);
    repo.write(REGISTRY, ONE_MINUS_TWO);
    expect(() => repo.git('commit', '-q', '-m', 'remove A_TWO', '--', REGISTRY)).toThrow(/CODE_REMOVED/);
    expect(head(repo)).toBe(before);
    expect(readFileSync(path.join(repo.dir, REGISTRY), 'utf8')).toBe(ONE_MINUS_TWO);
  });

  it('a staged additive change commits while the unstaged removal stays out', () => {
    const repo = withHook();
    repo.write(REGISTRY, ONE_PLUS_THREE).git('add', REGISTRY);
    repo.write(REGISTRY, ONE_MINUS_TWO);
    repo.git('commit', '-q', '-m', 'add A_THREE');
    expect(repo.git('show', `HEAD:${REGISTRY}`)).toBe(ONE_PLUS_THREE);
  });
});

describe('check: v2 on top of v1, as this repository guards itself', () => {
  it('reports the two breaking changes against HEAD', () => {
    const repo = Repo.init();
    repo.copy(V1).commit('v1');
    repo.copy(V2);
    const result = repo.cli(['check', '--format', 'json']);
    expect(result.status).toBe(1);
    expect(
      json(result)
        .findings.filter((f) => f.rule !== 'CODE_ADDED')
        .map((f) => `${f.rule} ${f.code}`),
    ).toEqual([
      'CODE_REMOVED AGENT_OUTPUT_DIVINATION_INVALID',
      'MEANING_CHANGED AGENT_SESSION_RUN_LIMIT_EXCEEDED',
      'NON_ERROR_STATUS TOOL_PENDING_APPROVAL',
    ]);
  });
});
