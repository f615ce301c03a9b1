/**
 * The example repository (test/fixtures/scan-example: a FastAPI-style backend, a Flutter-style app
 * and a TS frontend around the real registry's Auth, Points and Global codes), scanned end to end
 * through the built CLI in a scratch git repository.
 */
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, ROOT } from '../helpers/fixtures.js';
import { Repo } from '../helpers/repo.js';
import { EXPECTED_FINDINGS } from './example-expected.js';

interface ScanJson {
  ok: boolean;
  command: string;
  findings: {
    rule: string;
    severity: string;
    code?: string;
    path: string;
    line: number;
    column?: number;
    language?: string;
  }[];
  usage: { code: string; raisedBy: { path: string; line: number }[]; handledBy: { path: string; line: number }[] }[];
  summary: Record<string, number>;
}

const EXAMPLE = path.join(FIXTURES, 'scan-example');

function exampleRepo(): Repo {
  const repo = Repo.init();
  cpSync(EXAMPLE, repo.dir, { recursive: true });
  repo.commit('example');
  return repo;
}

/** `RULE CODE path:line:column language`, one line per finding. */
function lines(report: ScanJson): string[] {
  return report.findings.map(
    (f) =>
      `${f.rule} ${f.code ?? '-'} ${f.path}:${f.line}${f.column ? `:${f.column}` : ''}${f.language ? ` ${f.language}` : ''}`,
  );
}

describe('scan of the example repository', () => {
  let repo: Repo;
  beforeAll(() => {
    repo = exampleRepo();
  });

  it('reports every finding, at its place, with exit code 1', () => {
    const result = repo.cli(['scan', '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as ScanJson;
    expect(report.command).toBe('scan');
    expect(lines(report)).toEqual(EXPECTED_FINDINGS);
    expect(report.summary).toMatchObject({ errors: 8, warnings: 7, infos: 2, failing: 8 });
  });

  it('reports the usage matrix: who raises and who handles each code', () => {
    const report = JSON.parse(repo.cli(['scan', '--format', 'json']).stdout) as ScanJson;
    const where = (places: { path: string; line: number }[]) => places.map((p) => `${p.path}:${p.line}`);
    expect(
      Object.fromEntries(
        report.usage.map((u) => [u.code, { raisedBy: where(u.raisedBy), handledBy: where(u.handledBy) }]),
      ),
    ).toEqual({
      AUTH_SERVICE_UNAVAILABLE: { raisedBy: ['backend/app/auth.py:12'], handledBy: [] },
      AUTH_TOO_MANY_REQUESTS: { raisedBy: ['backend/app/auth.py:10'], handledBy: [] },
      AUTH_VERIFICATION_CODE_INVALID: { raisedBy: [], handledBy: [] },
      AUTH_REFRESH_TOKEN_INVALID: { raisedBy: [], handledBy: [] },
      AUTH_REFRESH_TOKEN_MISSING: { raisedBy: ['backend/app/auth.py:19'], handledBy: ['web/src/errors.ts:14'] },
      AUTH_USER_NOT_FOUND: { raisedBy: ['backend/app/errors.py:7'], handledBy: [] },
      AUTH_UNAUTHORIZED: { raisedBy: ['backend/app/errors.py:6'], handledBy: ['app/lib/api/problem.dart:9'] },
      POINTS_INSUFFICIENT_BALANCE: {
        raisedBy: ['backend/app/points.py:6'],
        handledBy: ['app/lib/screens/login.dart:12'],
      },
      REQUEST_VALIDATION_ERROR: { raisedBy: ['backend/app/main.py:9'], handledBy: ['web/src/errors.ts:14'] },
      INTERNAL_ERROR: { raisedBy: ['backend/app/main.py:14'], handledBy: ['web/src/errors.ts:13'] },
    });
  });

  it('prints JSON that validates against the published report schema', () => {
    const schema = JSON.parse(readFileSync(path.join(ROOT, 'schemas/report.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    validate(JSON.parse(repo.cli(['scan', '--format', 'json']).stdout));
    expect(validate.errors ?? []).toEqual([]);
  });

  it('prints every other format', () => {
    for (const format of ['text', 'github', 'sarif', 'markdown', 'junit', 'gitlab']) {
      const result = repo.cli(['scan', '--format', format]);
      expect(result.status, format).toBe(1);
      expect(result.stdout, format).toContain('AUTH_LDAP_DISABLED');
    }
  });

  it('skips test files and .gitignored files, and scans a test folder a glob names', () => {
    const copy = exampleRepo();
    copy.write('.gitignore', 'app/lib/generated/\n');
    copy.write('app/lib/generated/api.dart', "bool f(String detail) => detail == 'ignored';\n");
    const ignored = JSON.parse(copy.cli(['scan', '--format', 'json']).stdout) as ScanJson;
    expect(lines(ignored)).toEqual(EXPECTED_FINDINGS);
    // The same file, not ignored, is read (the skip above is .gitignore's doing).
    copy.write('.gitignore', '');
    const read = JSON.parse(copy.cli(['scan', '--format', 'json']).stdout) as ScanJson;
    expect(lines(read)).toContain('DETAIL_BRANCHING - app/lib/generated/api.dart:1:26 dart');
    // Listing the tests folder scans it.
    const config = JSON.parse(copy.read('error-registry-guard.config.json')) as { sources: object[] };
    config.sources.push({ path: 'backend/tests/**/*.py', role: 'consumer' });
    copy.write('error-registry-guard.config.json', JSON.stringify(config));
    const tests = JSON.parse(copy.cli(['scan', '--format', 'json']).stdout) as ScanJson;
    expect(lines(tests)).toContain('DETAIL_BRANCHING - backend/tests/test_auth.py:4:8 python');
    expect(lines(tests)).not.toContain('DETAIL_BRANCHING - backend/tests/test_auth.py:3:12 python');
  });

  it('scans only the sources under PATH, without the whole-tree rules', () => {
    const result = repo.cli(['scan', 'web', '--format', 'json']);
    expect(result.status).toBe(1);
    expect(lines(JSON.parse(result.stdout) as ScanJson)).toEqual(
      EXPECTED_FINDINGS.filter((line) => line.includes(' web/src/')),
    );
  });

  it('refuses, in one line with exit 2, a config without sources, a glob that matches nothing and a PATH with no source', () => {
    const copy = exampleRepo();
    const config = JSON.parse(copy.read('error-registry-guard.config.json')) as { sources: { path: string }[] };
    config.sources[1]!.path = 'app/lib/**/*.drat';
    copy.write('error-registry-guard.config.json', JSON.stringify(config));
    const typo = copy.cli(['scan']);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toBe(
      'error-registry-guard: sources[1] ("app/lib/**/*.drat") matches no source file: correct the glob or remove it\n',
    );
    const nowhere = repo.cli(['scan', 'docs']);
    expect(nowhere.status).toBe(2);
    expect(nowhere.stderr).toMatch(/^error-registry-guard: docs: no configured source file there .*\n$/);
    // A registry row that cannot be read: the scan would misjudge its code, so it refuses.
    const broken = exampleRepo();
    broken.write(
      'docs/http-error-codes.md',
      `${broken.read('docs/http-error-codes.md')}|  | 400 | Empty code | Retry |\n`,
    );
    const unreadable = broken.cli(['scan']);
    expect(unreadable.status).toBe(2);
    expect(unreadable.stderr).toMatch(
      /^error-registry-guard: docs\/http-error-codes.md has rows that cannot be read \(\d+\)/,
    );
    copy.write('error-registry-guard.config.json', JSON.stringify({ registry: 'docs/http-error-codes.md' }));
    const none = copy.cli(['scan']);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/^error-registry-guard: scan needs "sources" in the config .*\n$/);
  });
});

describe('files read as git grep finds them', () => {
  it('refuses a source file that is not UTF-8 in one line, exit 2, whenever git finds it', () => {
    const copy = exampleRepo();
    copy.write('web/src/zz-latin1.ts', Buffer.from('if (err.detail === "caf\xe9") retry();\n', 'latin1'));
    const result = copy.cli(['scan']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'error-registry-guard: web/src/zz-latin1.ts: source file is not UTF-8: fix its encoding or leave it out of sources\n',
    );
  });

  it('takes a source whose files cannot match as configured (it selects files), and reports the same', () => {
    const copy = exampleRepo();
    const config = JSON.parse(copy.read('error-registry-guard.config.json')) as { sources: object[] };
    config.sources.push({ path: 'tools/**/*.py', role: 'producer' });
    copy.write('error-registry-guard.config.json', JSON.stringify(config));
    copy.write('tools/plain.py', 'print("nothing to see")\n');
    const result = copy.cli(['scan', '--format', 'json']);
    expect(result.status).toBe(1);
    expect(lines(JSON.parse(result.stdout) as ScanJson)).toEqual(EXPECTED_FINDINGS);
  });
});

describe('the README section on scan', () => {
  it('shows what the CLI prints for the example repository', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const block = /```text\n\$ error-registry-guard scan\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const result = exampleRepo().cli(['scan'], { NO_COLOR: '1' });
    expect(result.stdout).toBe(block);
  });
});
