/** schemas/report.schema.json describes exactly what `--format json` prints. */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, test } from 'vitest';
import { RULES } from '../../src/checks/catalog.js';
import { formatJson } from '../../src/report/json.js';
import type { Report } from '../../src/report/types.js';
import { makeReport } from '../../src/report/types.js';
import { BASELINE, OPTIONS, REGISTRY_PATH, finding, realReport, realReportWithAllowed } from './real-report.js';

const schema = JSON.parse(readFileSync(new URL('../../schemas/report.schema.json', import.meta.url), 'utf8')) as {
  $schema: string;
  definitions: { finding: { properties: { rule: { enum: string[] } } } };
};
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);

/** What a consumer of `--format json` reads. */
const printed = (report: Report): unknown => JSON.parse(formatJson(report, OPTIONS));

function expectValid(data: unknown): void {
  validate(data);
  expect(validate.errors ?? []).toEqual([]);
}

test('the schema is draft-07', () => {
  expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
});

test('the real v1 to v2 check report validates, failing and with an accepted finding', () => {
  expectValid(printed(realReport()));
  expectValid(printed(realReportWithAllowed()));
});

test('every optional field validates: renames, baselines with notes, audit commits, whole-file findings', () => {
  const entry = { code: 'OLD', status: null, meaning: 'm', handling: '', section: '', deprecated: true };
  const report = makeReport(
    'audit',
    [
      {
        path: REGISTRY_PATH,
        entries: 0,
        baselines: [{ id: 'snapshot:1.2.0', kind: 'snapshot', entries: 3, note: 'registry absent at base' }],
      },
    ],
    [
      finding({
        rule: 'CODE_RENAMED',
        before: { ...entry, line: 4 },
        after: { ...entry, code: 'NEW' },
        renamedTo: 'NEW',
        against: [BASELINE, 'ledger'],
      }),
      finding({
        rule: 'PARSE_ERROR',
        code: undefined,
        line: 0,
        commit: { sha: 'abc1234def5678', author: 'A <a@example.com>', date: '2026-01-02T03:04:05+00:00', subject: 'x' },
      }),
      finding({
        rule: 'UNUSED_ALLOW',
        severity: 'warning',
        path: 'error-registry-guard.config.json',
        allowed: true,
        reason: 'r',
      }),
    ],
    'warning',
  );
  expectValid(printed(report));
});

test('the rule enum is the catalog: a new rule needs the schema updated', () => {
  expect(schema.definitions.finding.properties.rule.enum).toEqual([...RULES.keys()]);
});

describe('the schema rejects what the report never is', () => {
  const base = () =>
    printed(realReport()) as Record<string, unknown> & {
      findings: Record<string, unknown>[];
      summary: Record<string, unknown>;
    };

  test('an undocumented field, at the top or in a finding', () => {
    expect(validate({ ...base(), extra: 1 })).toBe(false);
    const r = base();
    r.findings[0]!.extra = 1;
    expect(validate(r)).toBe(false);
  });

  test('a missing required field, an unknown severity or command, a negative count', () => {
    const { summary: _summary, ...noSummary } = base();
    expect(validate(noSummary)).toBe(false);
    const r = base();
    r.findings[0]!.severity = 'fatal';
    expect(validate(r)).toBe(false);
    expect(validate({ ...base(), command: 'deploy' })).toBe(false);
    const n = base();
    n.summary.errors = -1;
    expect(validate(n)).toBe(false);
  });

  test('ok that contradicts the failing count', () => {
    expect(validate({ ...base(), ok: true })).toBe(false);
    const passing = printed(makeReport('lint', [], [], 'error')) as Record<string, unknown>;
    expectValid(passing);
    expect(validate({ ...passing, ok: false })).toBe(false);
  });
});
