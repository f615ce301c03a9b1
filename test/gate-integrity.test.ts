/**
 * The change under review does not judge itself (issue: gate integrity). Each test is a change that
 * removed or reworded a code and passed before: each must now fail with a finding that names what
 * was weakened or broken. The honest flows at the end must still pass.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { registry } from './helpers/fixtures.js';
import { json, Repo, REGISTRY } from './helpers/repo.js';

const ROWS = {
  one: ['`A_ONE`', 400, 'First thing failed', 'Retry'] as const,
  two: ['`A_TWO`', 404, 'Second thing missing', 'Refresh'] as const,
  three: ['`A_THREE`', 409, 'Third thing conflicts', 'Reload'] as const,
};
const FULL = registry([[...ROWS.one], [...ROWS.two]]);
const WITHOUT_TWO = registry([[...ROWS.one]]);
const CONFIG = 'error-registry-guard.config.json';

interface Report {
  ok: boolean;
  findings: {
    rule: string;
    code?: string;
    severity: string;
    allowed?: boolean;
    newAcceptance?: boolean;
    reason?: string;
    message: string;
    policy?: { setting: string; before: string; after: string };
  }[];
}

const failing = (r: Report) =>
  r.findings.filter((f) => !f.allowed && f.severity === 'error').map((f) => `${f.rule} ${f.code ?? ''}`.trim());

/** A repository on main with the registry, a config and the released snapshot 1.0.0; then a branch `pr`. */
function released(config: object = {}): Repo {
  const repo = Repo.init();
  repo.write(CONFIG, JSON.stringify(config, null, 2)).write(REGISTRY, FULL);
  repo.commit('registry');
  expect(repo.cli(['snapshot']).status).toBe(0);
  repo.commit('release 1.0.0');
  repo.git('checkout', '-q', '-b', 'pr');
  return repo;
}

function check(
  repo: Repo,
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
): { status: number | null; report: Report } {
  const result = repo.cli(['check', '--format', 'json', ...args], env);
  expect(result.stderr).toBe('');
  return { status: result.status, report: json<Report>(result) };
}

describe('weakening the config in the same change', () => {
  it('a rule turned off in the config file is POLICY_CHANGED, and the base still judges the removal', () => {
    const repo = released();
    repo.write(CONFIG, JSON.stringify({ rules: { CODE_REMOVED: 'off' } })).write(REGISTRY, WITHOUT_TWO);
    const { status, report } = check(repo);
    expect(status).toBe(1);
    expect(failing(report)).toEqual(expect.arrayContaining(['CODE_REMOVED A_TWO', 'POLICY_CHANGED']));
    const policy = report.findings.find((f) => f.rule === 'POLICY_CHANGED');
    expect(policy?.policy).toEqual({ setting: 'rules.CODE_REMOVED', before: 'error', after: 'off' });
  });

  it('a rule lowered to warning through the package.json key is POLICY_CHANGED', () => {
    const repo = Repo.init();
    repo.write('package.json', JSON.stringify({ name: 'app', 'error-registry-guard': {} }, null, 2));
    repo.write(REGISTRY, FULL).commit('registry');
    repo.git('checkout', '-q', '-b', 'pr');
    repo.write(
      'package.json',
      JSON.stringify({ name: 'app', 'error-registry-guard': { rules: { CODE_REMOVED: 'warning' } } }),
    );
    repo.write(REGISTRY, WITHOUT_TWO);
    const { status, report } = check(repo);
    expect(status).toBe(1);
    expect(failing(report)).toEqual(expect.arrayContaining(['CODE_REMOVED A_TWO', 'POLICY_CHANGED']));
  });

  it('an allow entry without a code is refused (it would accept every code)', () => {
    const repo = released();
    repo
      .write(CONFIG, JSON.stringify({ allow: [{ rule: 'CODE_REMOVED', reason: 'cleanup' }] }))
      .write(REGISTRY, WITHOUT_TWO);
    const result = repo.cli(['check']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/allow\[0\]: must have required property 'code'/);
  });

  it.each([
    ['__proto__', '{ "__proto__": { "rules": { "CODE_REMOVED": "off" } } }', 1],
    ['constructor', '{\n  "constructor": {}\n}', 2],
    ['duplicate', '{\n  "rules": { "CODE_REMOVED": "error" },\n  "rules": { "CODE_REMOVED": "off" }\n}', 3],
  ])('a config with %s keys is refused with the key’s line', (_, text, line) => {
    const repo = released();
    repo.write(CONFIG, text).write(REGISTRY, WITHOUT_TWO);
    const result = repo.cli(['check']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${CONFIG}:${line}:`);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a BOM at the start of the config is fine', () => {
    const repo = released();
    repo.write(CONFIG, '\uFEFF{}\n');
    expect(check(repo).status).toBe(0);
  });
});

describe('moving the registry', () => {
  it('pointing "registry" at a stale copy still judges the real registry, and says the path changed', () => {
    const repo = released();
    repo.write('docs/stale-copy.md', FULL).write(REGISTRY, WITHOUT_TWO);
    // With the ledger it had, the copy is refused outright: that ledger was recorded for the real one.
    repo.write(CONFIG, JSON.stringify({ registry: 'docs/stale-copy.md' }));
    const refused = repo.cli(['check']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`was recorded for ${REGISTRY}, not docs/stale-copy.md`);
    // With a fresh ledger of its own, the base's policy still judges the real registry.
    repo.write(CONFIG, JSON.stringify({ registry: 'docs/stale-copy.md', snapshots: 'copy-ledger' }));
    const { status, report } = check(repo);
    expect(status).toBe(1);
    expect(failing(report)).toEqual(expect.arrayContaining(['CODE_REMOVED A_TWO', 'POLICY_CHANGED']));
  });

  it('git mv of the registry with a fresh snapshots folder is compared with the base’s registry and ledger', () => {
    const repo = released();
    repo.git('mv', REGISTRY, 'errors.md');
    repo.write('errors.md', WITHOUT_TWO);
    repo.write(CONFIG, JSON.stringify({ registry: 'errors.md', snapshots: 'ledger' }));
    expect(repo.cli(['snapshot']).status).toBe(0); // a fresh 1.0.0 in ledger/, without A_TWO
    const { status, report } = check(repo);
    expect(status).toBe(1);
    expect(failing(report)).toEqual(expect.arrayContaining(['CODE_REMOVED A_TWO', 'POLICY_CHANGED']));
    const settings = report.findings.filter((f) => f.rule === 'POLICY_CHANGED').map((f) => f.policy?.setting);
    expect(settings).toEqual(expect.arrayContaining([`registry ${REGISTRY}`, `snapshots of ${REGISTRY}`]));
  });
});

describe('forging the ledger', () => {
  it('an added snapshot that lacks a code, with accepted and retired entries, is SNAPSHOT_INVALID', () => {
    const repo = released();
    repo.write(REGISTRY, WITHOUT_TWO);
    const forged = JSON.parse(repo.read('snapshots/1.0.0.json')) as Record<string, unknown> & {
      entries: { code: string }[];
    };
    writeFileSync(
      path.join(repo.dir, 'snapshots/2.0.0.json'),
      JSON.stringify({
        ...forged,
        version: '2.0.0',
        previous: '1.0.0',
        entries: forged.entries.filter((e) => e.code !== 'A_TWO'),
        accepted: [{ rule: 'CODE_REMOVED', code: 'A_TWO', reason: 'nobody uses it' }],
        retired: [{ code: 'A_TWO', version: '2.0.0', reason: 'nobody uses it' }],
      }),
    );
    const { status, report } = check(repo);
    expect(status).toBe(1);
    expect(failing(report)).toEqual(expect.arrayContaining(['SNAPSHOT_INVALID', 'CODE_REMOVED A_TWO']));
  });

  it('an accepted entry without a code is refused by the snapshot schema', () => {
    const repo = released();
    const good = JSON.parse(repo.read('snapshots/1.0.0.json')) as Record<string, unknown>;
    repo.write(
      'snapshots/1.1.0.json',
      JSON.stringify({
        ...good,
        version: '1.1.0',
        previous: '1.0.0',
        accepted: [{ rule: 'CODE_REMOVED', reason: 'x' }],
      }),
    );
    const result = repo.cli(['check']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /snapshots\/1\.1\.0\.json is invalid: accepted\[0\]: must have required property 'code'/,
    );
  });

  it('an old acceptance does not cover a second rewording recorded with "accepted": []', () => {
    const repo = released();
    // Rewording 1, accepted and recorded: merged.
    repo.write(REGISTRY, registry([[...ROWS.one], ['`A_TWO`', 404, 'Second thing not found', 'Refresh']]));
    repo.write(CONFIG, JSON.stringify({ allow: [{ rule: 'MEANING_CHANGED', code: 'A_TWO', reason: 'clearer' }] }));
    expect(repo.cli(['snapshot']).status).toBe(0);
    repo.commit('reword, accepted in 1.1.0');
    repo.git('checkout', '-q', 'main');
    repo.git('merge', '-q', '--ff-only', 'pr');
    repo.git('checkout', '-q', '-b', 'again');
    // Rewording 2, with a hand-made snapshot that accepts nothing.
    repo.write(CONFIG, '{}');
    const reworded = registry([[...ROWS.one], ['`A_TWO`', 404, 'Second thing is gone for good', 'Refresh']]);
    repo.write(REGISTRY, reworded);
    const last = JSON.parse(repo.read('snapshots/1.1.0.json')) as { entries: { code: string; meaning: string }[] };
    repo.write(
      'snapshots/1.2.0.json',
      JSON.stringify({
        ...last,
        version: '1.2.0',
        previous: '1.1.0',
        accepted: [],
        entries: last.entries.map((e) => (e.code === 'A_TWO' ? { ...e, meaning: 'Second thing is gone for good' } : e)),
      }),
    );
    const { status, report } = check(repo);
    expect(status).toBe(1);
    expect(failing(report)).toEqual(expect.arrayContaining(['MEANING_CHANGED A_TWO', 'SNAPSHOT_INVALID']));
  });
});

describe('choosing the base', () => {
  it('baseBranch changed by the change under CI=true is POLICY_CHANGED, and the base’s branch still decides', () => {
    const repo = released();
    repo.git('branch', 'stale');
    // main moves on: A_THREE is added there; the stale branch does not have it.
    repo.git('checkout', '-q', 'main');
    repo.write(REGISTRY, registry([[...ROWS.one], [...ROWS.two], [...ROWS.three]])).commit('add A_THREE');
    repo.git('checkout', '-q', '-b', 'sneaky');
    repo.write(REGISTRY, registry([[...ROWS.one], [...ROWS.two]])); // removes A_THREE
    repo.write(CONFIG, JSON.stringify({ baseBranch: 'stale' }));
    const { status, report } = check(repo, [], { CI: 'true' });
    expect(status).toBe(1);
    expect(failing(report)).toEqual(expect.arrayContaining(['POLICY_CHANGED', 'CODE_REMOVED A_THREE']));
    expect(report.findings.find((f) => f.rule === 'POLICY_CHANGED')?.policy).toEqual({
      setting: 'baseBranch',
      before: 'main',
      after: 'stale',
    });
  });

  it('a registry inside a git submodule is read from the submodule’s recorded commit, never "absent at base"', () => {
    const sub = Repo.init();
    sub.write('errors.md', FULL).commit('registry');
    const repo = Repo.init();
    repo.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub.dir, 'api');
    repo.write(CONFIG, JSON.stringify({ registry: 'api/errors.md', snapshots: 'snapshots' }));
    repo.commit('api as a submodule');
    repo.git('checkout', '-q', '-b', 'pr');
    writeFileSync(path.join(repo.dir, 'api/errors.md'), WITHOUT_TWO);
    const { status, report } = check(repo);
    expect(status).toBe(1);
    expect(failing(report)).toEqual(['CODE_REMOVED A_TWO']);
  });
});

describe('pre-commit (--staged)', () => {
  it('an unstaged config that turns a rule off does not let a staged removal through', () => {
    const repo = released();
    repo.write(REGISTRY, WITHOUT_TWO).git('add', REGISTRY);
    repo.write(CONFIG, JSON.stringify({ rules: { CODE_REMOVED: 'off' } })); // not staged
    const { status, report } = check(repo, ['--staged']);
    expect(status).toBe(1);
    expect(failing(report)).toEqual(['CODE_REMOVED A_TWO']);
  });

  it('an unstaged allow entry does not accept a staged removal; a staged one does, and is shown as new', () => {
    const repo = released();
    repo.write(REGISTRY, WITHOUT_TWO).git('add', REGISTRY);
    repo.write(CONFIG, JSON.stringify({ allow: [{ rule: 'CODE_REMOVED', code: 'A_TWO', reason: 'retired' }] }));
    expect(check(repo, ['--staged']).status).toBe(1);
    repo.git('add', CONFIG);
    const { status, report } = check(repo, ['--staged']);
    expect(status).toBe(0);
    expect(report.findings.find((f) => f.rule === 'CODE_REMOVED')).toMatchObject({
      allowed: true,
      newAcceptance: true,
      reason: 'retired',
    });
  });
});

describe('the honest flows still pass', () => {
  it('adding codes', () => {
    const repo = released();
    repo.write(REGISTRY, registry([[...ROWS.one], [...ROWS.two], [...ROWS.three]]));
    expect(check(repo).status).toBe(0);
  });

  it('accepting a removal with an allow entry and recording the snapshot in the same change', () => {
    const repo = released();
    repo.write(REGISTRY, WITHOUT_TWO);
    repo.write(CONFIG, JSON.stringify({ allow: [{ rule: 'CODE_REMOVED', code: 'A_TWO', reason: 'retired' }] }));
    expect(repo.cli(['snapshot']).status).toBe(0);
    const { status, report } = check(repo);
    expect(status).toBe(0);
    expect(report.findings.find((f) => f.rule === 'CODE_REMOVED')).toMatchObject({
      allowed: true,
      newAcceptance: true,
    });
    // Every format says that the change accepts this itself.
    expect(repo.cli(['check']).stdout).toContain('accepted: retired (accepted by this change)');
    expect(repo.cli(['check', '--format', 'markdown']).stdout).toContain('retired (accepted by this change)');
    const summary = path.join(repo.dir, '.summary.md');
    repo.cli(['check', '--format', 'github'], { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary });
    expect(readFileSync(summary, 'utf8')).toContain('**Accepted by this change:**\n- CODE_REMOVED `A_TWO`: retired');
  });

  it('a release change that only adds the snapshot `snapshot` wrote', () => {
    const repo = released();
    repo.write(REGISTRY, registry([[...ROWS.one], [...ROWS.two], [...ROWS.three]])).commit('add A_THREE');
    repo.git('checkout', '-q', 'main');
    repo.git('merge', '-q', '--ff-only', 'pr');
    repo.git('checkout', '-q', '-b', 'release');
    expect(repo.cli(['snapshot']).stdout).toContain('1.1.0.json');
    const { status, report } = check(repo);
    expect(status).toBe(0);
    expect(report.findings.filter((f) => f.rule === 'SNAPSHOT_INVALID')).toEqual([]);
  });

  it('a change that tightens a rule: info, not an error', () => {
    const repo = released();
    repo.write(CONFIG, JSON.stringify({ rules: { HANDLING_CHANGED: 'error' } }));
    const { status, report } = check(repo);
    expect(status).toBe(0);
    expect(report.findings).toEqual([
      expect.objectContaining({
        rule: 'POLICY_CHANGED',
        severity: 'info',
        policy: { setting: 'rules.HANDLING_CHANGED', before: 'warning', after: 'error' },
      }),
    ]);
  });

  it('a weakening accepted with a POLICY_CHANGED allow entry passes, shown as accepted by the change', () => {
    const repo = released();
    repo.write(
      CONFIG,
      JSON.stringify({
        rules: { CODE_MOVED: 'off' },
        allow: [{ rule: 'POLICY_CHANGED', reason: 'section moves are noise for us' }],
      }),
    );
    const { status, report } = check(repo);
    expect(status).toBe(0);
    expect(report.findings.find((f) => f.rule === 'POLICY_CHANGED')).toMatchObject({
      allowed: true,
      newAcceptance: true,
      reason: 'section moves are noise for us',
    });
  });
});
