/**
 * The rules over real frontends (test/fixtures/frontends): recall and precision of
 * no-detail-branching computed from the hand-read expectations, RESULTS.md generated from them, and
 * the rules held to exactly the classified reports. The projects' files are not committed: they are
 * written out of local git snapshots (scripts/frontends.js); where none is on the machine, the last
 * part cannot run and says which snapshots are missing.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  EXPECTED,
  RESULTS,
  lintCorpus,
  measure,
  readManifest,
  renderResults,
  type Expected,
} from '../../scripts/frontends.js';
import plugin from '../../rules/index.js';
import { ROOT } from '../helpers/fixtures.js';

const expected = JSON.parse(readFileSync(EXPECTED, 'utf8')) as Expected;
const key = (r: { rule?: string; project: string; file: string; line: number; column?: number }) =>
  `${r.rule ?? ''} ${r.project}/${r.file}:${r.line}${r.column === undefined ? '' : `:${r.column}`}`;

describe('real frontends: the hand-read expectations', () => {
  it('name only projects of the manifest, and classify every report', () => {
    const projects = new Set(readManifest().map((p) => p.name));
    for (const r of [...expected.branches, ...expected.reports]) expect(projects, key(r)).toContain(r.project);
    const verdicts = {
      'no-detail-branching': ['detail branch', 'not a detail branch'],
      'known-code': ['API code', "frontend's own code", 'other namespace'],
    };
    for (const r of expected.reports) {
      expect(verdicts[r.rule as keyof typeof verdicts], key(r)).toContain(r.verdict);
      expect(r.why.trim(), key(r)).not.toBe('');
    }
  });

  it('agree: a no-detail-branching report is correct exactly when it is one of the branches found by reading', () => {
    const branches = new Set(expected.branches.map((b) => key({ ...b, rule: 'no-detail-branching' })));
    for (const r of expected.reports.filter((x) => x.rule === 'no-detail-branching'))
      expect(r.verdict === 'detail branch', key(r)).toBe(branches.has(key({ ...r, column: undefined })));
  });

  it('give no-detail-branching a recall of at least 90% and a precision of at least 97%', () => {
    const m = measure(expected);
    expect(m.branches).toBeGreaterThanOrEqual(15);
    expect(m.recall).toBeGreaterThanOrEqual(0.9);
    expect(m.precision).toBeGreaterThanOrEqual(0.97);
  });

  it('are what RESULTS.md shows', () => {
    expect(readFileSync(RESULTS, 'utf8')).toBe(renderResults(expected));
  });
});

/**
 * The files of the corpus that hold a report or a hand-found branch are vendored (with their sources
 * and licences: test/fixtures/frontends/files/SOURCES.md), so this runs on every machine. The whole
 * corpus (some 9,800 files, written out of local snapshots by scripts/frontends.js) is linted by
 * `node scripts/frontends.js --lint`, where the snapshots are.
 */
const VENDORED = path.join(ROOT, 'test/fixtures/frontends/files');

describe('real frontends: the rules', () => {
  it('report exactly the classified reports in the vendored files, without type information', async () => {
    const reports = await lintCorpus({
      plugin,
      registry: path.join(ROOT, expected.registry),
      onlyMentioning: ['detail', 'code'],
      dir: VENDORED,
      // Projects none of whose files holds a report or a branch have no vendored file.
      projects: readManifest().filter((p) => existsSync(path.join(VENDORED, p.name))),
    });
    expect(
      reports.filter((r) => !r.rule.startsWith('error-registry/')).map((r) => `${r.project}/${r.file}: ${r.message}`),
    ).toEqual([]);
    const actual = reports.map((r) => key({ ...r, rule: r.rule.replace('error-registry/', '') })).sort();
    expect(actual).toEqual(expected.reports.map((r) => key(r)).sort());
  }, 300_000);
});
