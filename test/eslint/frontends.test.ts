/**
 * The rules over real frontends (test/fixtures/frontends): recall and precision of
 * no-detail-branching computed from the hand-read expectations, and RESULTS.md generated from them.
 * The projects' code is never committed here (the manifest names repository, commit and licence):
 * `node scripts/frontends.js --lint` writes it out of local git snapshots and holds the rules to
 * exactly the classified reports, where the snapshots are. Each pattern found there has its own
 * RuleTester case beside the rules, which run everywhere.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXPECTED, RESULTS, measure, readManifest, renderResults, type Expected } from '../../scripts/frontends.js';

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
