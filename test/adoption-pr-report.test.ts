/**
 * Issue 15: a change's report speaks of what the change does. Additions and warnings come from the
 * comparison with the git base; the snapshot and the ledger contribute breaks only, and a lagging
 * snapshot is one note on its baseline. And the other side (principle 2): no change gets a break
 * past this, whichever comparison finds it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { registry } from './helpers/fixtures.js';
import { json, Repo, REGISTRY } from './helpers/repo.js';

type Row = [string, number, string, string];
const row = (code: string, status = 400, meaning = `${code} failed`, handling = 'Retry'): Row => [
  `\`${code}\``,
  status,
  meaning,
  handling,
];
const CONFIG = 'error-registry-guard.config.json';

interface Report {
  ok: boolean;
  registries: { baselines: { id: string; note?: string }[] }[];
  findings: { rule: string; code?: string; severity: string; allowed?: boolean; against?: string[] }[];
}

/** main: rows released as 1.0.0, then `later` committed on main without a snapshot; branch `pr`. */
function lagging(released: Row[], later: Row[], config: object = {}): Repo {
  const repo = Repo.init();
  repo.write(CONFIG, JSON.stringify(config)).write(REGISTRY, registry(released));
  repo.commit('registry');
  expect(repo.cli(['snapshot']).status).toBe(0);
  repo.commit('release 1.0.0');
  repo.write(REGISTRY, registry(later)).commit('main moves on');
  repo.git('checkout', '-q', '-b', 'pr');
  return repo;
}

function check(repo: Repo): Report {
  const result = repo.cli(['check', '--base', 'main', '--format', 'json']);
  expect(result.stderr).toBe('');
  return json<Report>(result);
}

const ids = (r: Report, rule?: string) =>
  r.findings.filter((f) => rule === undefined || f.rule === rule).map((f) => `${f.rule} ${f.code ?? ''}`.trim());

describe("a change's report is about the change", () => {
  it("codes the base added since the snapshot are not the change's additions: one note on the snapshot", () => {
    const base = [row('A_ONE'), row('A_TWO'), row('A_THREE'), row('A_FOUR')];
    const repo = lagging([row('A_ONE')], base);
    repo.write(REGISTRY, registry([...base, row('A_FIVE')]));
    const report = check(repo);
    expect(ids(report, 'CODE_ADDED')).toEqual(['CODE_ADDED A_FIVE']);
    const snapshot = report.registries[0]!.baselines.find((b) => b.id === 'snapshot:1.0.0')!;
    expect(snapshot.note).toBe(
      'behind the base: 3 CODE_ADDED since this snapshot, not by this change (record a snapshot when releasing)',
    );
    // The text report shows it as that one line's note, not as findings.
    const text = repo.cli(['check', '--base', 'main', '--verbose']).stdout;
    expect(text.match(/CODE_ADDED/g)).toHaveLength(2); // A_FIVE's line and the note
    expect(text).toContain('behind the base: 3 CODE_ADDED');
  });

  it("an untouched row's warning is not the change's; editing that row brings it back", () => {
    const base = [row('A_ONE'), row('A_PENDING', 202)];
    const repo = lagging(base, base);
    repo.write(REGISTRY, registry([...base, row('A_NEW')]));
    expect(ids(check(repo))).toEqual(['CODE_ADDED A_NEW']);
    repo.write(REGISTRY, registry([row('A_ONE'), row('A_PENDING', 202, 'Accepted, still pending', 'Poll')]));
    const edited = ids(check(repo));
    expect(edited).toContain('NON_ERROR_STATUS A_PENDING');
    expect(edited).toContain('MEANING_CHANGED A_PENDING');
    // A warning the change brings in on a new row is reported.
    repo.write(REGISTRY, registry([...base, row('A_CREATED', 201)]));
    expect(ids(check(repo))).toContain('NON_ERROR_STATUS A_CREATED');
  });

  it('lint errors are reported wherever they are, touched or not', () => {
    const base = [row('A_ONE'), row('A_ONE', 404)];
    const repo = lagging([row('A_ONE')], base);
    repo.write(REGISTRY, registry([...base, row('A_NEW')]));
    expect(ids(check(repo))).toContain('DUPLICATE_CODE A_ONE');
  });
});

describe('no break gets past it (principle 2)', () => {
  it('a removal the base made since the snapshot is still reported from the snapshot', () => {
    const repo = lagging([row('A_ONE'), row('A_TWO')], [row('A_ONE')]);
    repo.write(REGISTRY, registry([row('A_ONE'), row('A_NEW')]));
    const report = check(repo);
    expect(report.ok).toBe(false);
    expect(report.findings.find((f) => f.rule === 'CODE_REMOVED')).toMatchObject({
      code: 'A_TWO',
      against: ['snapshot:1.0.0'],
    });
  });

  it("the change's own removal, status change and rewording are reported, also of codes newer than the snapshot", () => {
    const base = [row('A_ONE'), row('A_TWO'), row('A_THREE'), row('A_LATER')];
    const repo = lagging([row('A_ONE'), row('A_TWO'), row('A_THREE')], base);
    repo.write(REGISTRY, registry([row('A_ONE', 500), row('A_TWO', 400, 'Something else entirely happened')]));
    const report = check(repo);
    const errors = ids(report).filter((id) => !id.startsWith('CODE_ADDED'));
    expect(errors).toEqual(
      expect.arrayContaining([
        'STATUS_CHANGED A_ONE',
        'MEANING_CHANGED A_TWO',
        'CODE_REMOVED A_THREE',
        'CODE_REMOVED A_LATER',
      ]),
    );
    expect(report.findings.find((f) => f.code === 'A_THREE')!.against).toContain('snapshot:1.0.0');
    // A code the snapshot never had is still the change's removal, against the base.
    expect(report.findings.find((f) => f.code === 'A_LATER')!.against).toEqual([expect.stringMatching(/^git:main@/)]);
  });

  it('a level the base raised to error makes that rule a break from the snapshot too', () => {
    const released = [row('A_ONE')];
    const repo = lagging(released, [row('A_ONE', 400, 'A_ONE failed', 'Reload the page')], {
      rules: { HANDLING_CHANGED: 'error' },
    });
    repo.write(REGISTRY, registry([row('A_ONE', 400, 'A_ONE failed', 'Reload the page'), row('A_NEW')]));
    expect(ids(check(repo))).toContain('HANDLING_CHANGED A_ONE');
  });

  it('whatever rows the base and the change drop, every code of the snapshot that is gone is reported (property)', () => {
    const codes = ['A_ONE', 'A_TWO', 'A_THREE', 'A_FOUR'];
    const released = codes.map((c) => row(c));
    fc.assert(
      fc.property(fc.subarray(codes), fc.subarray(codes), (droppedByBase, droppedByChange) => {
        const repo = lagging(
          released,
          released.filter((r) => !droppedByBase.includes(r[0].slice(1, -1))),
        );
        const kept = released.filter((r) => ![...droppedByBase, ...droppedByChange].includes(r[0].slice(1, -1)));
        repo.write(REGISTRY, registry(kept.length > 0 ? kept : [row('A_SPARE')]));
        const removed = ids(check(repo), 'CODE_REMOVED')
          .map((id) => id.split(' ')[1])
          .sort();
        expect(removed).toEqual([...new Set([...droppedByBase, ...droppedByChange])].sort());
      }),
      { numRuns: 6 },
    );
  }, 120_000);
});
