import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, V1, V2 } from './helpers/fixtures.js';
import { cli, json, tempDir } from './helpers/repo.js';

const rel = (p: string) => path.relative(ROOT, p);

describe('lint command', () => {
  it('lints v2: one warning, exit 0, JSON with ok/findings/summary', () => {
    const result = cli(['lint', rel(V2), '--format', 'json'], ROOT);
    expect(result.status).toBe(0);
    const report = json(result);
    expect(report.ok).toBe(true);
    expect(report.findings.map((f) => `${f.rule} ${f.code}`)).toEqual(['NON_ERROR_STATUS TOOL_PENDING_APPROVAL']);
    expect(report.summary).toMatchObject({ errors: 0, warnings: 1 });
  });

  it('defaults to the configured registry', () => {
    const result = cli(['lint', '--format', 'json'], ROOT);
    expect(result.status).toBe(0);
    expect(json<{ registries: { path: string; entries: number }[] }>(result).registries).toEqual([
      { path: 'docs/protocols/common/http-error-codes.md', entries: 51, baselines: [] },
    ]);
  });

  it('exits 1 on error findings and prints path:line severity RULE CODE message', () => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, 'r.md'),
      '| code | status | meaning |\n|---|---|---|\n| A_ONE | 400 | x |\n| A_ONE | 404 | y |\n',
    );
    const result = cli(['lint', 'r.md'], dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(
      /^r\.md:4 {2}error {4}DUPLICATE_CODE {2}A_ONE {2}A_ONE is already defined on line 3$/m,
    );
    expect(result.stdout).not.toContain('\u001b['); // not a terminal: no colour
  });

  it('colours text when forced, and never when NO_COLOR is set', () => {
    expect(cli(['lint', rel(V2)], ROOT, { FORCE_COLOR: '1' }).stdout).toContain('\u001b[');
    expect(cli(['lint', rel(V2)], ROOT, { NO_COLOR: '1' }).stdout).not.toContain('\u001b[');
  });

  it.each([
    [['lint', 'missing.md'], /registry missing\.md not found/],
    [['lint', '.'], /is a directory/],
    [['lint', '--format', 'xml'], /--format must be one of/],
    [['lint', '--nope'], /unknown option '--nope'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['diff', 'only-one.md'], /usage: error-registry-guard diff OLD NEW/],
  ])('%j is a usage error: one line, exit 2, no stack', (args, message) => {
    const result = cli(args, ROOT);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\bat .+:\d+:\d+/);
  });
});

describe('diff command', () => {
  it('v1 -> v2: two errors, 28 additions, one warning, exit 1', () => {
    const result = cli(['diff', rel(V1), rel(V2), '--format', 'json'], ROOT);
    expect(result.status).toBe(1);
    const report = json(result);
    const errors = report.findings.filter((f) => ['CODE_REMOVED', 'MEANING_CHANGED'].includes(f.rule));
    expect(errors.map((f) => `${f.rule} ${f.code}`)).toEqual([
      'CODE_REMOVED AGENT_OUTPUT_DIVINATION_INVALID',
      'MEANING_CHANGED AGENT_SESSION_RUN_LIMIT_EXCEEDED',
    ]);
    expect(report.findings.filter((f) => f.rule === 'CODE_ADDED')).toHaveLength(28);
    expect(report.findings.filter((f) => f.rule === 'NON_ERROR_STATUS')).toHaveLength(1);
    expect(report.findings).toHaveLength(31);
    expect(report.summary).toMatchObject({ errors: 2, warnings: 1, infos: 28, failing: 2 });
  });

  it('prints JSON that validates against the published report schema', () => {
    const schema = JSON.parse(readFileSync(path.join(ROOT, 'schemas/report.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ strict: false }).compile(schema);
    for (const args of [['diff', rel(V1), rel(V2)], ['lint', rel(V2)], ['check']]) {
      const output = JSON.parse(cli([...args, '--format', 'json'], ROOT).stdout) as unknown;
      expect(validate(output), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it('shows a word-level diff of a reworded meaning', () => {
    const result = cli(['diff', rel(V1), rel(V2)], ROOT);
    expect(result.stdout).toContain('meaning: Session already reached max [-run-]{+message+} count');
  });

  it('compares a file with itself without findings, exit 0', () => {
    const result = cli(['diff', rel(V1), rel(V1), '--format', 'json'], ROOT);
    expect(result.status).toBe(0);
    expect(json(result).findings).toEqual([]);
  });

  it('--fail-on warning fails on the NON_ERROR_STATUS warning', () => {
    expect(cli(['diff', rel(V2), rel(V2)], ROOT).status).toBe(0);
    expect(cli(['diff', rel(V2), rel(V2), '--fail-on', 'warning'], ROOT).status).toBe(1);
  });

  it('reads a snapshot JSON file as OLD', () => {
    const result = cli(
      ['diff', 'snapshots/1.0.0.json', 'docs/protocols/common/http-error-codes.md', '--format', 'json'],
      ROOT,
    );
    const report = json(result);
    expect(report.findings.filter((f) => f.rule === 'CODE_ADDED')).toHaveLength(28);
    expect(report.findings.find((f) => f.rule === 'CODE_REMOVED')?.against).toEqual(['snapshot:1.0.0']);
  });

  it('refuses a corrupt snapshot naming the file', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 's'));
    writeFileSync(path.join(dir, 's/1.0.0.json'), '{"schemaVersion": 1, "version": "1.0.0"');
    const result = cli(['diff', 's/1.0.0.json', path.join(ROOT, rel(V2))], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('s/1.0.0.json is not valid JSON');
  });
});

describe('in GitHub Actions', () => {
  it('keeps the text report and adds annotations and the job summary when no --format is given', () => {
    const summary = path.join(tempDir(), 'summary.md');
    writeFileSync(summary, '');
    const result = cli(['diff', rel(V1), rel(V2)], ROOT, { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('error    CODE_REMOVED  AGENT_OUTPUT_DIVINATION_INVALID');
    expect(result.stdout).toMatch(
      /^::error file=test\/fixtures\/v2-http-error-codes\.md,line=25,title=CODE_REMOVED::/m,
    );
    expect(readFileSync(summary, 'utf8')).toContain('CODE_REMOVED');
    const json = cli(['diff', rel(V1), rel(V2), '--format', 'json'], ROOT, { GITHUB_ACTIONS: 'true' });
    expect(() => JSON.parse(json.stdout) as unknown).not.toThrow();
  });
});
