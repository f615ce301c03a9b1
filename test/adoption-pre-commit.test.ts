/**
 * Issue 15: the pre-commit framework installs this repository from a git URL and a tag, as the
 * documented `repos:` entry says, with the real `pre-commit` tool. It installs what is committed:
 * the test clones this repository's HEAD (commit before running it) and tags the clone.
 * Slow (pre-commit runs `npm install` with the dev dependencies in its clone, then `npm pack`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT, SMALL } from './helpers/fixtures.js';
import { cleanEnv, Repo, REGISTRY, tempDir } from './helpers/repo.js';

const preCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
const available = preCommit.status === 0;

const ONE = SMALL.one;
const ADDED = SMALL.added;
const REMOVED = SMALL.removed;

describe('the pre-commit framework', () => {
  // The one test allowed to skip (issue 15): where the pre-commit tool is not installed
  // (`apt-get install pre-commit` or `pip install pre-commit`).
  it.skipIf(!available)(
    'installs the hook from a git URL and a tag, lets additions through and refuses a removal',
    () => {
      const upstream = tempDir('erg-upstream-');
      execFileSync('git', ['clone', '-q', '--no-local', ROOT, upstream], { env: cleanEnv(), stdio: 'pipe' });
      execFileSync('git', ['tag', 'v0.0.0-test'], { cwd: upstream, env: cleanEnv(), stdio: 'pipe' });
      const repo = Repo.init();
      repo.write(REGISTRY, ONE);
      repo.write(
        '.pre-commit-config.yaml',
        `repos:\n  - repo: file://${upstream}\n    rev: v0.0.0-test\n    hooks:\n      - id: error-registry-guard\n`,
      );
      repo.commit('v1');
      const env = cleanEnv({ PRE_COMMIT_HOME: tempDir('erg-pre-commit-home-') });
      const install = spawnSync('pre-commit', ['install', '--install-hooks'], { cwd: repo.dir, encoding: 'utf8', env });
      expect(install.status, `${install.stdout}${install.stderr}`).toBe(0);
      const commit = (message: string) => {
        const result = spawnSync('git', ['commit', '-q', '-m', message], { cwd: repo.dir, encoding: 'utf8', env });
        return { status: result.status, output: `${result.stdout}${result.stderr}` };
      };
      repo.write(REGISTRY, ADDED).git('add', REGISTRY);
      const added = commit('add A_THREE');
      expect(added.status, added.output).toBe(0);
      expect(added.output).toMatch(/error-registry-guard.*Passed/);
      repo.write(REGISTRY, REMOVED).git('add', REGISTRY);
      const refused = commit('remove A_TWO');
      expect(refused.status).not.toBe(0);
      expect(refused.output).toContain('CODE_REMOVED');
      expect(refused.output).toContain('git commit --no-verify');
      expect(repo.git('show', `HEAD:${REGISTRY}`)).toBe(ADDED);
      // An unrelated commit does not run the hook at all (its `files` pattern).
      repo.git('checkout', '-q', 'HEAD', '--', REGISTRY);
      repo.write('notes.txt', 'x').git('add', 'notes.txt');
      const unrelated = commit('notes');
      expect(unrelated.status).toBe(0);
      expect(unrelated.output).toMatch(/error-registry-guard.*Skipped/);
    },
    600_000,
  );
});
