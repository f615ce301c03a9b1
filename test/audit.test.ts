import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateHistory } from '../scripts/lib/generate.js';
import { V1, V2 } from './helpers/fixtures.js';
import { json, Repo, REGISTRY, tempDir } from './helpers/repo.js';

interface AuditReport {
  ok: boolean;
  findings: {
    rule: string;
    code?: string;
    path: string;
    against?: string[];
    commit?: { sha: string; author: string; date: string; subject: string };
  }[];
}

describe('audit', () => {
  it('reports each break of the real history with its commit, following a rename of the file', () => {
    const repo = Repo.init();
    repo.copy(V1, 'docs/errors.md').commit('registry v1');
    const v2 = repo.copy(V2, 'docs/errors.md').commit('registry v2 with notifications');
    mkdirSync(path.join(repo.dir, path.dirname(REGISTRY)), { recursive: true });
    repo.git('mv', 'docs/errors.md', REGISTRY);
    repo.commit('move the registry');
    const text = repo.read(REGISTRY).replace(/^\| `AUTH_USER_NOT_FOUND` .*\n/m, '');
    const removal = repo.write(REGISTRY, text).commit('drop AUTH_USER_NOT_FOUND');

    const result = repo.cli(['audit', '--format', 'json']);
    expect(result.status).toBe(1);
    const report = json<AuditReport>(result);
    expect(report.findings.map((f) => [f.rule, f.code, f.commit?.sha, f.commit?.subject])).toEqual([
      ['CODE_REMOVED', 'AGENT_OUTPUT_DIVINATION_INVALID', v2, 'registry v2 with notifications'],
      ['MEANING_CHANGED', 'AGENT_SESSION_RUN_LIMIT_EXCEEDED', v2, 'registry v2 with notifications'],
      ['CODE_REMOVED', 'AUTH_USER_NOT_FOUND', removal, 'drop AUTH_USER_NOT_FOUND'],
    ]);
    expect(report.findings[0]).toMatchObject({ path: 'docs/errors.md', commit: { author: 'Test' } });
    expect(report.findings[2]!.path).toBe(REGISTRY);
    expect(repo.cli(['audit']).stdout).toMatch(/commit [0-9a-f]{7} \d{4}-\d{2}-\d{2} Test: drop AUTH_USER_NOT_FOUND/);
  });

  it('finds every break of a generated history of 300 revisions, read in bulk', () => {
    const dir = tempDir();
    const { breaks } = generateHistory(dir, { revisions: 300, codes: 120 });
    const result = new Repo(dir).cli(['audit', '--format', 'json']);
    const report = json<AuditReport>(result);
    expect(breaks).toBeGreaterThan(0);
    expect(report.findings).toHaveLength(breaks);
    expect(new Set(report.findings.map((f) => f.commit?.sha)).size).toBeGreaterThan(breaks / 2);
  });

  it('exits 0 when the history never broke compatibility', () => {
    const repo = Repo.init();
    repo.copy(V2).commit('v2');
    expect(repo.cli(['audit']).status).toBe(0);
  });
});

describe('audit: review fixes', () => {
  const table = (...rows: string[]) =>
    `| code | status | meaning |\n|---|---|---|\n${rows.map((c) => `| ${c} | 400 | ${c.toLowerCase()} failed |`).join('\n')}\n`;

  it('follows the first-parent line: a merge reports no removal that never happened', () => {
    const repo = Repo.init();
    repo.write(REGISTRY, table('A_ONE')).commit('one');
    repo.git('checkout', '-q', '-b', 'side');
    repo.write(REGISTRY, table('A_ONE', 'B_TWO')).commit('side adds B_TWO');
    repo.git('checkout', '-q', 'main');
    repo.write(REGISTRY, table('A_ONE', 'C_THREE')).commit('main adds C_THREE');
    try {
      repo.git('merge', '-q', '--no-edit', 'side');
    } catch {
      repo.write(REGISTRY, table('A_ONE', 'B_TWO', 'C_THREE')).commit('merge side');
    }
    const report = json<AuditReport & { registries: { entries: number }[] }>(repo.cli(['audit', '--format', 'json']));
    expect(report.findings).toEqual([]);
    expect(report.registries[0]!.entries).toBe(3);
  });

  it('a deletion removes every code, even when the file comes back later', () => {
    const repo = Repo.init();
    repo.write(REGISTRY, table('A_ONE', 'A_TWO')).commit('two');
    repo.git('rm', '-q', REGISTRY);
    const deletion = repo.commit('delete the registry');
    repo.write(REGISTRY, table('A_ONE')).commit('back, with one code');
    const report = json<AuditReport>(repo.cli(['audit', '--format', 'json']));
    expect(report.findings.map((f) => [f.rule, f.code, f.commit?.sha])).toEqual([
      ['CODE_REMOVED', 'A_ONE', deletion],
      ['CODE_REMOVED', 'A_TWO', deletion],
    ]);
  });

  it('breaks the ledger accepted are reported as allowed', () => {
    const repo = Repo.init();
    repo.write(REGISTRY, table('A_ONE', 'A_TWO')).commit('two');
    repo.cli(['snapshot']);
    repo.write(REGISTRY, table('A_ONE'));
    repo.write(
      'error-registry-guard.config.json',
      JSON.stringify({ allow: [{ rule: 'CODE_REMOVED', code: 'A_TWO', reason: 'Gone for good' }] }),
    );
    repo.cli(['snapshot']);
    repo.write('error-registry-guard.config.json', '{}').commit('drop A_TWO');
    const result = repo.cli(['audit', '--format', 'json']);
    expect(result.status).toBe(0);
    expect(json<AuditReport & { findings: { allowed?: boolean; reason?: string }[] }>(result).findings).toEqual([
      expect.objectContaining({
        rule: 'CODE_REMOVED',
        code: 'A_TWO',
        allowed: true,
        reason: 'accepted in snapshot 2.0.0: Gone for good',
      }),
    ]);
  });

  it('a code that comes back with another meaning or status is CODE_REINTRODUCED, at the commit that brings it back', () => {
    const repo = Repo.init();
    const row = (code: string, status: number, meaning: string) => `| ${code} | ${status} | ${meaning} |`;
    const doc = (...rows: string[]) => `| code | status | meaning |\n|---|---|---|\n${rows.join('\n')}\n`;
    const first = repo
      .write(
        REGISTRY,
        doc(
          row('A_ONE', 400, 'one failed'),
          row('A_TWO', 404, 'two is missing'),
          row('A_THREE', 409, 'three conflicts'),
        ),
      )
      .commit('three codes');
    const removal = repo.write(REGISTRY, doc(row('A_ONE', 400, 'one failed'))).commit('drop two and three');
    repo.write(REGISTRY, doc(row('A_ONE', 400, 'one failed'), row('A_FOUR', 400, 'four failed'))).commit('add four');
    const back = repo
      .write(
        REGISTRY,
        doc(
          row('A_ONE', 400, 'one failed'),
          row('A_FOUR', 400, 'four failed'),
          row('A_TWO', 404, 'Two is missing.'),
          row('A_THREE', 410, 'three is gone'),
        ),
      )
      .commit('bring back two and three');

    const result = repo.cli(['audit', '--format', 'json']);
    const report = json<AuditReport & { findings: { message: string; against?: string[] }[] }>(result);
    expect(report.findings.map((f) => [f.rule, f.code, f.commit?.sha])).toEqual([
      ['CODE_REMOVED', 'A_THREE', removal],
      ['CODE_REMOVED', 'A_TWO', removal],
      // A_TWO is back as it was (only case and a period differ): a revert breaks nothing.
      ['CODE_REINTRODUCED', 'A_THREE', back],
    ]);
    expect(report.findings[2]).toMatchObject({
      message: `A_THREE was removed in ${removal.slice(0, 7)} and came back with another status 409 -> 410 and meaning "three conflicts" -> "three is gone": clients that still map it read the old one; choose a new code`,
      against: [`git:${first.slice(0, 7)}`],
      before: { code: 'A_THREE', status: 409 },
      after: { code: 'A_THREE', status: 410 },
    });

    // Its severity follows `rules`, like every finding; audit lists errors only.
    repo
      .write('error-registry-guard.config.json', JSON.stringify({ rules: { CODE_REINTRODUCED: 'warning' } }))
      .commit('config');
    expect(json<AuditReport>(repo.cli(['audit', '--format', 'json'])).findings.map((f) => f.rule)).toEqual([
      'CODE_REMOVED',
      'CODE_REMOVED',
    ]);
  });

  it('a code removed with the whole file and back with another meaning is CODE_REINTRODUCED', () => {
    const repo = Repo.init();
    repo.write(REGISTRY, table('A_ONE', 'A_TWO')).commit('two');
    repo.git('rm', '-q', REGISTRY);
    const deletion = repo.commit('delete the registry');
    const back = repo
      .write(
        REGISTRY,
        `| code | status | meaning |\n|---|---|---|\n| A_ONE | 400 | a_one failed |\n| A_TWO | 400 | something else |\n`,
      )
      .commit('back');
    const report = json<AuditReport>(repo.cli(['audit', '--format', 'json']));
    expect(report.findings.map((f) => [f.rule, f.code, f.commit?.sha])).toEqual([
      ['CODE_REMOVED', 'A_ONE', deletion],
      ['CODE_REMOVED', 'A_TWO', deletion],
      ['CODE_REINTRODUCED', 'A_TWO', back],
    ]);
  });

  it('compares around a revision it cannot read, and names the revision it compared with', () => {
    const repo = Repo.init();
    const first = repo.write(REGISTRY, table('A_ONE', 'A_TWO')).commit('two');
    const broken = repo
      .write(REGISTRY, Buffer.concat([Buffer.from(table('A_ONE', 'A_TWO')), Buffer.from([0xff, 0x0a])]))
      .commit('not UTF-8');
    const removal = repo.write(REGISTRY, table('A_ONE')).commit('drop A_TWO');
    const back = repo
      .write(REGISTRY, table('A_ONE').replace(/\n$/, '\n| A_TWO | 404 | a_two failed |\n'))
      .commit('A_TWO back as a 404');
    const report = json<AuditReport>(repo.cli(['audit', '--format', 'json']));
    expect(report.findings.map((f): unknown[] => [f.rule, f.code, f.commit?.sha, f.against])).toEqual([
      ['PARSE_ERROR', undefined, broken, undefined],
      ['CODE_REMOVED', 'A_TWO', removal, [`git:${first.slice(0, 7)}`]],
      ['CODE_REINTRODUCED', 'A_TWO', back, [`git:${first.slice(0, 7)}`]],
    ]);
  });

  it("counts only the differences the project treats as breaks in place, and lists a commit's findings by line", () => {
    const repo = Repo.init();
    const doc = (...rows: [string, number, string][]) =>
      `| code | status | meaning |\n|---|---|---|\n${rows.map(([c, st, m]) => `| ${c} | ${st} | ${m} |`).join('\n')}\n`;
    repo.write(REGISTRY, doc(['A_ONE', 400, 'one'], ['A_TWO', 400, 'two'], ['A_THREE', 400, 'three'])).commit('three');
    repo.write(REGISTRY, doc(['A_TWO', 400, 'two'], ['A_THREE', 400, 'three'])).commit('drop A_ONE');
    // A_ONE back at line 3 with another meaning; A_THREE's status changes in place at line 5.
    const back = repo
      .write(REGISTRY, doc(['A_ONE', 400, 'one, reworded'], ['A_TWO', 400, 'two'], ['A_THREE', 409, 'three']))
      .commit('A_ONE back');
    const shown = () =>
      json<AuditReport>(repo.cli(['audit', '--format', 'json']))
        .findings.filter((f) => f.commit?.sha === back)
        .map((f) => [f.rule, f.code]);
    expect(shown()).toEqual([
      ['CODE_REINTRODUCED', 'A_ONE'],
      ['STATUS_CHANGED', 'A_THREE'],
    ]);
    // Rewording is a warning in this project: coming back reworded is no break either.
    repo.write('error-registry-guard.config.json', JSON.stringify({ rules: { MEANING_CHANGED: 'warning' } }));
    expect(shown()).toEqual([['STATUS_CHANGED', 'A_THREE']]);
  });
});
