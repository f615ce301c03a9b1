/** `check` with `sources`: the scan joins the gate (CI: every source; --staged: the staged ones). */
import { cpSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/fixtures.js';
import { Repo } from '../helpers/repo.js';
import { EXPECTED_FINDINGS } from './example-expected.js';

interface CheckJson {
  ok: boolean;
  findings: { rule: string; code?: string; path: string; line: number; message: string }[];
  usage?: { code: string }[];
}

const REGISTRY = 'docs/http-error-codes.md';
const NEW_ROW = '| `AUTH_PASSWORD_EXPIRED` | 401 | Password expired | Ask for a new password |\n';

function exampleOnBranch(): Repo {
  const repo = Repo.init();
  cpSync(path.join(FIXTURES, 'scan-example'), repo.dir, { recursive: true });
  repo.commit('example');
  repo.git('checkout', '-q', '-b', 'feature');
  return repo;
}

function addCode(repo: Repo): void {
  const text = repo.read(REGISTRY).replace(/(\| `AUTH_UNAUTHORIZED` .*\n)/, (row) => `${row}${NEW_ROW}`);
  repo.write(REGISTRY, text);
}

describe('check with sources', () => {
  it('scans every source and names the consumers that do not handle a code the change adds', () => {
    const repo = exampleOnBranch();
    addCode(repo);
    repo.write('web/src/password.ts', "export const expired = (e) => e.code === 'AUTH_PASSWORD_EXPIRED';\n");
    repo.commit('add AUTH_PASSWORD_EXPIRED, handled by the web app only');
    const result = repo.cli(['check', '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as CheckJson;
    expect(report.findings.filter((f) => f.code === 'AUTH_PASSWORD_EXPIRED').map((f) => [f.rule, f.message])).toEqual([
      ['CODE_ADDED', expect.any(String)],
      ['CODE_NOT_RAISED', 'no producer raises AUTH_PASSWORD_EXPIRED'],
      [
        'CODE_UNHANDLED',
        'AUTH_PASSWORD_EXPIRED is added by this change and client-visible: not handled yet by the consumers app/lib/**/*.dart',
      ],
    ]);
    // Every finding of the scan is there too, and the usage matrix.
    const rules = new Set(report.findings.map((f) => f.rule));
    for (const rule of ['DETAIL_BRANCHING', 'UNKNOWN_CODE', 'UNREGISTERED_CODE']) expect(rules).toContain(rule);
    expect(report.usage?.map((u) => u.code)).toContain('AUTH_PASSWORD_EXPIRED');
  });

  it('with --staged, judges only the staged source files, with the per-file rules', () => {
    const repo = exampleOnBranch();
    repo.write('app/lib/screens/upload.dart', "bool dup(Map data) => data['detail'] == 'Duplicate content';\n");
    repo.git('add', 'app/lib/screens/upload.dart');
    // Unstaged work is not what is being committed: not read.
    repo.write('app/lib/screens/draft.dart', "bool x(String detail) => detail == 'draft';\n");
    const result = repo.cli(['check', '--staged', '--format', 'json']);
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as CheckJson;
    expect(report.findings.map((f) => `${f.rule} ${f.path}:${f.line}`)).toEqual([
      'DETAIL_BRANCHING app/lib/screens/upload.dart:1',
    ]);
  });

  it('the pre-commit hook (--only-if-staged) runs when a source file is staged', () => {
    const repo = exampleOnBranch();
    repo.write('web/src/quota.ts', "export const q = (e) => e.detail === 'Quota exceeded';\n");
    repo.git('add', 'web/src/quota.ts');
    const result = repo.cli(['check', '--staged', '--only-if-staged', '--format', 'json']);
    expect(result.status).toBe(1);
    expect((JSON.parse(result.stdout) as CheckJson).findings.map((f) => `${f.rule} ${f.path}`)).toEqual([
      'DETAIL_BRANCHING web/src/quota.ts',
    ]);
    // A staged file no source selects does not start the check.
    repo.git('reset', '-q');
    repo.write('notes.txt', 'detail\n');
    repo.git('add', 'notes.txt');
    const quiet = repo.cli(['check', '--staged', '--only-if-staged']);
    expect([quiet.status, quiet.stdout]).toEqual([0, '']);
  });

  it('is judged by the base’s sources: a change that drops them is still scanned', () => {
    const repo = exampleOnBranch();
    repo.write('error-registry-guard.config.json', JSON.stringify({ registry: REGISTRY }));
    repo.commit('drop sources');
    const report = JSON.parse(repo.cli(['check', '--format', 'json']).stdout) as CheckJson;
    expect(report.findings.map((f) => f.rule)).toContain('DETAIL_BRANCHING');
    expect(report.findings.map((f) => f.rule)).toContain('POLICY_CHANGED');
  });

  it('without sources, reports no scan and no usage', () => {
    const repo = exampleOnBranch();
    repo.write('error-registry-guard.config.json', JSON.stringify({ registry: REGISTRY }));
    repo.commit('no sources', 'error-registry-guard.config.json');
    repo.git('checkout', '-q', '-b', 'plain');
    const base = repo.git('rev-parse', 'HEAD').trim();
    const result = repo.cli(['check', '--base', base, '--format', 'json']);
    const report = JSON.parse(result.stdout) as CheckJson;
    expect(report.usage).toBeUndefined();
    expect(report.findings.filter((f) => EXPECTED_FINDINGS.some((line) => line.startsWith(f.rule)))).toEqual([]);
  });
});
