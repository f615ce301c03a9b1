import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, registry } from './helpers/fixtures.js';
import { cleanEnv, json, Repo, REGISTRY } from './helpers/repo.js';

const rows = {
  one: ['`A_ONE`', 400, 'First thing failed', 'Retry'],
  two: ['`A_TWO`', 404, 'Second thing missing', 'Refresh'],
  three: ['`A_THREE`', 409, 'Third thing conflicts', 'Reload'],
};

function setup(config?: object): Repo {
  const repo = Repo.init();
  if (config) repo.write('error-registry-guard.config.json', JSON.stringify(config, null, 2));
  repo.write(REGISTRY, registry([rows.one, rows.two])).commit('v1');
  return repo;
}

const snapshot = (repo: Repo, version: string) =>
  JSON.parse(repo.read(`snapshots/${version}.json`)) as {
    version: string;
    previous: string | null;
    entries: { code: string }[];
    accepted: { rule: string; code: string; reason: string }[];
    retired: { code: string; version: string }[];
  };
const files = (repo: Repo) => readdirSync(path.join(repo.dir, 'snapshots')).sort();

function allow(repo: Repo, entries: object[]): void {
  repo.write('error-registry-guard.config.json', JSON.stringify({ allow: entries }, null, 2));
}

describe('snapshot: versions', () => {
  it('records 1.0.0 first, then says when nothing changed', () => {
    const repo = setup();
    const first = repo.cli(['snapshot']);
    expect(first.status).toBe(0);
    expect(first.stdout).toBe('wrote snapshots/1.0.0.json\n');
    expect(snapshot(repo, '1.0.0')).toMatchObject({ version: '1.0.0', previous: null, accepted: [], retired: [] });
    expect(snapshot(repo, '1.0.0').entries.map((e) => e.code)).toEqual(['A_ONE', 'A_TWO']);

    repo.write(REGISTRY, registry([rows.two, rows.one]).replace('First thing failed', 'first  thing failed.'));
    const again = repo.cli(['snapshot']);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('no change since snapshot 1.0.0; nothing written');
    expect(files(repo)).toEqual(['1.0.0.json']);
  });

  it('bumps minor for additions, patch for handling changes, major for accepted removals', () => {
    const repo = setup();
    repo.cli(['snapshot']);
    repo.write(REGISTRY, registry([rows.one, rows.two, rows.three]));
    expect(repo.cli(['snapshot']).stdout).toContain('1.1.0.json');
    repo.write(
      REGISTRY,
      registry([rows.one, rows.two, ['`A_THREE`', 409, 'Third thing conflicts', 'Reload and retry']]),
    );
    expect(repo.cli(['snapshot']).stdout).toContain('1.1.1.json');

    repo.write(REGISTRY, registry([rows.one, ['`A_THREE`', 409, 'Third thing conflicts', 'Reload and retry']]));
    const refused = repo.cli(['snapshot']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('Nothing was written');
    expect(files(repo)).toEqual(['1.0.0.json', '1.1.0.json', '1.1.1.json']);

    allow(repo, [{ rule: 'CODE_REMOVED', code: 'A_TWO', reason: 'Nobody maps it' }]);
    expect(repo.cli(['snapshot']).stdout).toContain('2.0.0.json');
    const major = snapshot(repo, '2.0.0');
    expect(major.previous).toBe('1.1.1');
    expect(major.accepted).toEqual([{ rule: 'CODE_REMOVED', code: 'A_TWO', reason: 'Nobody maps it' }]);
    expect(major.retired).toEqual([{ code: 'A_TWO', version: '2.0.0', reason: 'Nobody maps it' }]);
  });

  it('--format json says what was written, with the report', () => {
    const repo = setup();
    const first = JSON.parse(repo.cli(['snapshot', '--format', 'json']).stdout) as {
      written: string[];
      unchanged: string[];
      report: { ok: boolean };
    };
    expect(first).toMatchObject({ written: ['snapshots/1.0.0.json'], unchanged: [], report: { ok: true } });
    const again = JSON.parse(repo.cli(['snapshot', '--format', 'json']).stdout) as {
      written: string[];
      unchanged: string[];
    };
    expect(again).toMatchObject({
      written: [],
      unchanged: [expect.stringContaining('no change since snapshot 1.0.0')],
    });
  });

  it('--release overrides the bump but must be greater than the latest', () => {
    const repo = setup();
    expect(repo.cli(['snapshot', '--release', '0.9.0']).stdout).toContain('0.9.0.json');
    repo.write(REGISTRY, registry([rows.one, rows.two, rows.three]));
    const lower = repo.cli(['snapshot', '--release', '0.9.0']);
    expect(lower.status).toBe(2);
    expect(lower.stderr).toContain('must be greater than the latest snapshot 0.9.0');
    for (const bad of ['v1', 'v2.0.0', '2.0.0-rc.1', '01.0.0'])
      expect(repo.cli(['snapshot', '--release', bad]).stderr).toContain('is not a release version X.Y.Z');
    expect(repo.cli(['snapshot', '--release', '3.0.0']).stdout).toContain('3.0.0.json');
  });

  it('writes stable, pretty JSON sorted by code and leaves no temporary files', () => {
    const repo = setup();
    repo.write(REGISTRY, registry([rows.three, rows.two, rows.one]));
    repo.cli(['snapshot']);
    const text = repo.read('snapshots/1.0.0.json');
    expect(text.endsWith('}\n')).toBe(true);
    expect(snapshot(repo, '1.0.0').entries.map((e) => e.code)).toEqual(['A_ONE', 'A_THREE', 'A_TWO']);
    expect(Object.keys(JSON.parse(text) as object)).toEqual([
      'schemaVersion',
      'version',
      'previous',
      'registry',
      'accepted',
      'retired',
      'entries',
    ]);
    expect(files(repo)).toEqual(['1.0.0.json']);
  });

  it('concurrent runs: exactly one writes the version, nothing is corrupt', async () => {
    const repo = setup();
    repo.cli(['snapshot']);
    repo.write(REGISTRY, registry([rows.one, rows.two, rows.three]));
    const runs = await Promise.all(
      Array.from(
        { length: 4 },
        () =>
          new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
            const child = spawn(process.execPath, [BIN, 'snapshot'], { cwd: repo.dir, env: cleanEnv() });
            let stdout = '';
            let stderr = '';
            child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
            child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
            child.on('close', (status) => resolve({ status, stdout, stderr }));
          }),
      ),
    );
    expect(runs.filter((r) => r.stdout === 'wrote snapshots/1.1.0.json\n')).toHaveLength(1);
    // The others either lost the race to publish (exit 2) or started after it and found no change.
    for (const other of runs.filter((r) => r.stdout !== 'wrote snapshots/1.1.0.json\n')) {
      if (other.status === 2) expect(other.stderr).toContain('already exists');
      else
        expect(other).toMatchObject({
          status: 0,
          stdout: expect.stringContaining('no change since snapshot 1.1.0') as unknown,
        });
    }
    expect(files(repo)).toEqual(['1.0.0.json', '1.1.0.json']);
    expect(snapshot(repo, '1.1.0').entries).toHaveLength(3);
  });
});

/** 1.0.0 with A_ONE and A_TWO, then 2.0.0 that retired A_TWO with an accepted removal, committed. */
function retiredRelease(): Repo {
  const repo = setup();
  repo.cli(['snapshot']);
  repo.write(REGISTRY, registry([rows.one]));
  allow(repo, [{ rule: 'CODE_REMOVED', code: 'A_TWO', reason: 'Retired' }]);
  repo.cli(['snapshot']);
  repo.write('error-registry-guard.config.json', '{}');
  repo.commit('release 2.0.0 without A_TWO');
  return repo;
}

describe('check against the ledger', () => {
  it('a retired code may not come back', () => {
    const repo = retiredRelease();

    repo.write(REGISTRY, registry([rows.one, rows.two]));
    const result = repo.cli(['check', '--format', 'json']);
    expect(result.status).toBe(1);
    expect(json(result).findings).toEqual([
      expect.objectContaining({
        rule: 'CODE_REINTRODUCED',
        code: 'A_TWO',
        against: [expect.stringMatching(/^git:main@/), 'snapshot:2.0.0'],
      }),
    ]);
  });

  it('remembers accepted changes after the allow entries are deleted', () => {
    const repo = setup();
    repo.cli(['snapshot']);
    repo.commit('snapshot 1.0.0');
    repo.git('checkout', '-q', '-b', 'pr');
    repo.write(REGISTRY, registry([rows.one, ['`A_TWO`', 404, 'Second thing not found', 'Refresh']]));
    expect(repo.cli(['check']).status).toBe(1);
    allow(repo, [{ rule: 'MEANING_CHANGED', code: 'A_TWO', reason: 'Same thing, clearer words' }]);
    const allowed = repo.cli(['check', '--format', 'json']);
    expect(allowed.status).toBe(0);
    expect(json(allowed).findings[0]).toMatchObject({
      rule: 'MEANING_CHANGED',
      allowed: true,
      reason: 'Same thing, clearer words',
    });
    expect(repo.cli(['snapshot']).stdout).toContain('1.1.0.json');
    // The change (rewording, allow entry, snapshot) is merged; a later change deletes the allow entry.
    repo.commit('reword A_TWO, accepted and recorded in 1.1.0');
    repo.git('checkout', '-q', 'main');
    repo.git('merge', '-q', '--ff-only', 'pr');
    repo.git('checkout', '-q', '-b', 'cleanup');

    repo.write('error-registry-guard.config.json', '{}');
    const remembered = repo.cli(['check', '--format', 'json']);
    expect(remembered.status).toBe(0);
    // The released rewording is not news: against the base and the snapshot it recorded, nothing changed.
    expect(json(remembered).findings.filter((f) => f.rule === 'MEANING_CHANGED')).toEqual([]);

    // A further rewording is new: the old acceptance does not cover it.
    repo.write(REGISTRY, registry([rows.one, ['`A_TWO`', 404, 'Second thing vanished', 'Refresh']]));
    expect(repo.cli(['check']).status).toBe(1);
  });

  it('an allow entry that matches nothing is an UNUSED_ALLOW warning', () => {
    const repo = setup({ allow: [{ rule: 'CODE_REMOVED', code: 'NOPE', reason: 'stale' }] });
    const result = repo.cli(['check', '--format', 'json']);
    expect(result.status).toBe(0);
    // JSON.stringify(.., null, 2) puts the first allow entry on line 3.
    expect(json(result).findings).toEqual([
      expect.objectContaining({
        rule: 'UNUSED_ALLOW',
        code: 'NOPE',
        path: 'error-registry-guard.config.json',
        line: 3,
      }),
    ]);
    expect(repo.cli(['check', '--fail-on', 'warning']).status).toBe(1);
  });

  it('rules overrides change severities and can turn rules off', () => {
    const repo = setup({ rules: { HANDLING_CHANGED: 'error' } });
    repo.write(REGISTRY, registry([rows.one, ['`A_TWO`', 404, 'Second thing missing', 'Reload the page']]));
    expect(repo.cli(['check']).status).toBe(1);
    // Turning a rule off is a policy change: it applies once merged (the base's policy judges a change).
    repo.write('error-registry-guard.config.json', JSON.stringify({ rules: { HANDLING_CHANGED: 'off' } }));
    repo.commit('turn HANDLING_CHANGED off', 'error-registry-guard.config.json');
    expect(json(repo.cli(['check', '--format', 'json'])).findings).toEqual([]);
  });
});

describe('bad ledger and config: exit 2, one line, nothing written', () => {
  it('a corrupted snapshot is named', () => {
    const repo = setup();
    repo.cli(['snapshot']);
    writeFileSync(path.join(repo.dir, 'snapshots/1.0.0.json'), '{ "version": ');
    for (const args of [['check'], ['snapshot']]) {
      const result = repo.cli(args);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/snapshot .*snapshots\/1\.0\.0\.json is not valid JSON/);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(files(repo)).toEqual(['1.0.0.json']);
  });

  it('a snapshot that breaks its schema, or comes from a newer schema version', () => {
    const repo = setup();
    repo.cli(['snapshot']);
    const file = path.join(repo.dir, 'snapshots/1.0.0.json');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.replace('"status": 400', '"status": "400"'));
    expect(repo.cli(['check']).stderr).toContain('is invalid: entries[0].status');
    writeFileSync(file, good.replace('"schemaVersion": 1', '"schemaVersion": 2'));
    expect(repo.cli(['check']).stderr).toContain('upgrade error-registry-guard');
  });

  it.each([
    ['{ "allow": [ { "rule": "CODE_REMOVED", "code": "X", "reason": "" } ] }', 'allow[0].reason'],
    ['{ "allow": [ { "rule": "CODE_REMOVED", "code": "X" } ] }', "must have required property 'reason'"],
    ['{ "rules": { "CODE_REMOVED": "fatal" } }', 'rules.CODE_REMOVED: must be equal to one of the allowed values'],
    ['{ "registy": "x.md" }', "must NOT have additional properties 'registy'"],
    ['{ "registry": ', 'invalid JSON'],
  ])('config %s', (config, message) => {
    const repo = setup();
    repo.write('error-registry-guard.config.json', config);
    const result = repo.cli(['check']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('reads the config from package.json and accepts comments in the config file', () => {
    const repo = setup();
    repo.write('package.json', JSON.stringify({ name: 'x', 'error-registry-guard': { registry: 'errors.md' } }));
    repo.write('errors.md', registry([rows.one]));
    expect(json(repo.cli(['lint', '--format', 'json'])).findings).toEqual([]);
    expect(repo.cli(['lint', '--format', 'json']).stdout).toContain('"path": "errors.md"');
    repo.write('error-registry-guard.config.json', '{\n  // the registry\n  "registry": "errors.md",\n}\n');
    expect(repo.cli(['lint']).status).toBe(0);
  });
});

describe('several registries', () => {
  it('keeps one snapshot folder per registry and checks each', () => {
    const repo = Repo.init();
    repo.write(
      'error-registry-guard.config.json',
      JSON.stringify({ registries: ['web/errors.md', { path: 'mobile/errors.md', snapshots: 'ledger/mobile' }] }),
    );
    repo
      .write('web/errors.md', registry([rows.one]))
      .write('mobile/errors.md', registry([rows.two]))
      .commit('two registries');
    const result = repo.cli(['snapshot']);
    expect(result.stdout).toBe('wrote snapshots/web/errors/1.0.0.json\nwrote ledger/mobile/1.0.0.json\n');
    repo.commit('release 1.0.0');

    repo.write('mobile/errors.md', registry([rows.three]));
    const check = repo.cli(['check', '--format', 'json']);
    expect(check.status).toBe(1);
    const report = json<{ registries: { path: string }[]; findings: { rule: string; code: string; path: string }[] }>(
      check,
    );
    expect(report.registries.map((r) => r.path)).toEqual(['web/errors.md', 'mobile/errors.md']);
    expect(report.findings.map((f) => `${f.path} ${f.rule} ${f.code}`)).toEqual([
      'mobile/errors.md CODE_REMOVED A_TWO',
      'mobile/errors.md CODE_ADDED A_THREE',
    ]);
  });
});

describe('several registries: folders', () => {
  it('names folders after the whole path when file names repeat, and refuses a shared folder', () => {
    const repo = Repo.init();
    repo.write(
      'error-registry-guard.config.json',
      JSON.stringify({ registries: ['web/errors.md', 'mobile/errors.md'] }),
    );
    repo
      .write('web/errors.md', registry([rows.one]))
      .write('mobile/errors.md', registry([rows.two]))
      .commit('two registries');
    expect(repo.cli(['snapshot']).stdout).toBe(
      'wrote snapshots/web/errors/1.0.0.json\nwrote snapshots/mobile/errors/1.0.0.json\n',
    );
    repo.write(
      'error-registry-guard.config.json',
      JSON.stringify({
        registries: [
          { path: 'web/errors.md', snapshots: 's' },
          { path: 'mobile/errors.md', snapshots: 's' },
        ],
      }),
    );
    const clash = repo.cli(['check']);
    expect(clash.status).toBe(2);
    expect(clash.stderr).toContain('share the snapshots folder s');
  });
});

describe('config: rule ids and explicit package.json', () => {
  it('refuses unknown rule ids in rules and allow', () => {
    const repo = setup({ rules: { CODE_REMOVE: 'off' } });
    const result = repo.cli(['check']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('rules names unknown rule CODE_REMOVE');
    repo.write(
      'error-registry-guard.config.json',
      JSON.stringify({ allow: [{ rule: 'CODE_GONE', code: 'A_ONE', reason: 'x' }] }),
    );
    expect(repo.cli(['check']).stderr).toContain('allow names unknown rule CODE_GONE');
  });

  it('reads the error-registry-guard key of a package.json given with --config', () => {
    const repo = setup();
    repo.write(
      'package.json',
      JSON.stringify({ name: 'x', 'error-registry-guard': { rules: { NON_ERROR_STATUS: 'off' } } }),
    );
    repo.commit('config in package.json', 'package.json');
    expect(repo.cli(['check', '--config', 'package.json']).status).toBe(0);
    repo.write('package.json', JSON.stringify({ name: 'x' }));
    expect(repo.cli(['check', '--config', 'package.json']).stderr).toContain('has no "error-registry-guard" key');
  });
});

describe('review fixes: the ledger cannot be side-stepped', () => {
  it('a forgotten code stays removed even when a similar code exists', () => {
    const repo = setup();
    repo.write(
      REGISTRY,
      registry([rows.one, rows.two, ['`A_NOT_FOUND`', 404, 'Second thing missing here', 'Refresh']]),
    );
    repo.cli(['snapshot']);
    // Removing A_TWO is made a warning for one release, so the snapshot records it without accepting it.
    repo.write(
      'error-registry-guard.config.json',
      JSON.stringify({ rules: { CODE_REMOVED: 'warning', CODE_RENAMED: 'warning' } }),
    );
    repo.write(REGISTRY, registry([rows.one, ['`A_NOT_FOUND`', 404, 'Second thing missing here', 'Refresh']]));
    expect(repo.cli(['snapshot']).status).toBe(0);
    repo.write('error-registry-guard.config.json', '{}');
    repo.commit('state');
    const result = repo.cli(['check', '--format', 'json']);
    expect(result.status).toBe(1);
    expect(json(result).findings).toEqual([
      expect.objectContaining({ rule: 'CODE_REMOVED', code: 'A_TWO', against: ['ledger'] }),
    ]);
  });

  it("adding a second registry does not drop the first one's ledger", () => {
    const repo = setup();
    repo.cli(['snapshot']);
    repo.write('other.md', registry([rows.three]));
    repo.write('error-registry-guard.config.json', JSON.stringify({ registries: [REGISTRY, 'other.md'] }));
    const result = repo.cli(['check']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      `the snapshots of ${REGISTRY} are in snapshots/, but it now reads snapshots/http-error-codes/`,
    );
  });

  it('a snapshot recorded for another registry is refused', () => {
    const repo = setup();
    repo.cli(['snapshot']);
    repo.write('other.md', registry([rows.three]));
    repo.write('error-registry-guard.config.json', JSON.stringify({ registry: 'other.md' }));
    const result = repo.cli(['check']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`was recorded for ${REGISTRY}, not other.md`);
  });

  it('ignores files in the snapshots folder that are not X.Y.Z.json', () => {
    const repo = setup();
    repo.cli(['snapshot']);
    repo.write('snapshots/01.0.0.json', '{}').write('snapshots/README.md', '# ledger');
    expect(repo.cli(['check']).status).toBe(0);
  });
});

describe('review fixes: git paths and deletions', () => {
  it('a config in a subfolder compares the right file at the git base', () => {
    const repo = Repo.init();
    repo.write('packages/api/error-registry-guard.config.json', JSON.stringify({ registry: 'errors.md' }));
    repo.write('packages/api/errors.md', registry([rows.one, rows.two])).commit('api registry');
    repo.write('packages/api/errors.md', registry([rows.one]));
    const result = new Repo(path.join(repo.dir, 'packages/api')).cli(['check', '--format', 'json']);
    expect(result.status).toBe(1);
    expect(json(result).findings).toEqual([expect.objectContaining({ rule: 'CODE_REMOVED', code: 'A_TWO' })]);
    repo.git('add', '-A');
    const staged = new Repo(path.join(repo.dir, 'packages/api')).cli(['check', '--staged', '--format', 'json']);
    expect(json(staged).findings).toEqual([expect.objectContaining({ rule: 'CODE_REMOVED', code: 'A_TWO' })]);
  });

  it('deleting the registry removes every code (exit 1), staged or not', () => {
    const repo = setup();
    repo.git('rm', '-q', '--cached', REGISTRY);
    const staged = repo.cli(['check', '--staged', '--format', 'json']);
    expect(staged.status).toBe(1);
    expect(json(staged).findings.map((f) => `${f.rule} ${f.code}`)).toEqual([
      'CODE_REMOVED A_ONE',
      'CODE_REMOVED A_TWO',
    ]);
    rmSync(path.join(repo.dir, REGISTRY));
    expect(json(repo.cli(['check', '--format', 'json'])).findings).toHaveLength(2);
  });

  it('in CI a missing base branch is an error, not a silent pass', () => {
    const repo = Repo.init();
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write(REGISTRY, registry([rows.one])).commit('on a branch, no main');
    expect(repo.cli(['check']).status).toBe(0);
    const ci = repo.cli(['check'], { CI: 'true' });
    expect(ci.status).toBe(2);
    expect(ci.stderr).toContain('base branch origin/main or main not found');
  });
});

describe('released snapshots are append-only', () => {
  it('a snapshot deleted or edited since the base is SNAPSHOT_CHANGED, so a retired code cannot sneak back', () => {
    const repo = retiredRelease();
    expect(repo.cli(['check']).status).toBe(0);

    rmSync(path.join(repo.dir, 'snapshots/2.0.0.json'));
    repo.write(REGISTRY, registry([rows.one, rows.two]));
    const result = repo.cli(['check', '--format', 'json']);
    expect(result.status).toBe(1);
    expect(json(result).findings).toContainEqual(
      expect.objectContaining({
        rule: 'SNAPSHOT_CHANGED',
        path: 'snapshots/2.0.0.json',
        message: expect.stringContaining('was deleted') as unknown,
      }),
    );

    repo.git('checkout', '--', 'snapshots/2.0.0.json');
    repo.write(REGISTRY, registry([rows.one]));
    repo.write(
      'snapshots/1.0.0.json',
      repo.read('snapshots/1.0.0.json').replace('First thing failed', 'First thing broke'),
    );
    const edited = repo.cli(['check', '--format', 'json']);
    expect(json(edited).findings).toEqual([
      expect.objectContaining({
        rule: 'SNAPSHOT_CHANGED',
        path: 'snapshots/1.0.0.json',
        message: expect.stringContaining('was modified') as unknown,
      }),
    ]);
  });

  it('a snapshot checked out with other line endings (bytes differ, git content the same) is not SNAPSHOT_CHANGED', () => {
    const repo = retiredRelease();
    // eol=crlf: the working-tree files get CRLF, the blobs keep LF; git hash-object sees them equal.
    repo.write('.gitattributes', 'snapshots/*.json text eol=crlf\n').commit('line endings');
    rmSync(path.join(repo.dir, 'snapshots'), { recursive: true });
    repo.git('checkout', '--', 'snapshots');
    expect(repo.read('snapshots/1.0.0.json')).toContain('\r\n');
    const result = repo.cli(['check', '--format', 'json']);
    expect(json(result).findings.filter((f: { rule: string }) => f.rule === 'SNAPSHOT_CHANGED')).toEqual([]);
    expect(result.status).toBe(0);
    // An edit is still seen through the same path.
    repo.write(
      'snapshots/1.0.0.json',
      repo.read('snapshots/1.0.0.json').replace('First thing failed', 'First thing broke'),
    );
    expect(json(repo.cli(['check', '--format', 'json'])).findings).toEqual([
      expect.objectContaining({ rule: 'SNAPSHOT_CHANGED', path: 'snapshots/1.0.0.json' }),
    ]);
  });
});
