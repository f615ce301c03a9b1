import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lint, parse } from '../src/index.js';
import { registry, V1, V2 } from './helpers/fixtures.js';

const run = (rows: (string | number)[][]) => lint(parse(registry(rows)), 'r.md');
const rules = (rows: (string | number)[][]) => run(rows).map((f) => `${f.rule} ${f.code ?? ''}`.trim());

describe('lint: the real registry', () => {
  it('gives exactly one finding for v2: NON_ERROR_STATUS for TOOL_PENDING_APPROVAL', () => {
    const findings = lint(parse(readFileSync(V2)), 'v2.md');
    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'NON_ERROR_STATUS',
        severity: 'warning',
        code: 'TOOL_PENDING_APPROVAL',
        path: 'v2.md',
        line: 99,
      }),
    ]);
  });

  it('gives no finding for v1', () => {
    expect(lint(parse(readFileSync(V1)))).toEqual([]);
  });
});

describe('lint rules', () => {
  it('DUPLICATE_CODE reports the second definition and names the first line', () => {
    const findings = run([
      ['A_ONE', 400, 'x', 'y'],
      ['A_TWO', 400, 'x', 'y'],
      ['A_ONE', 404, 'z', 'y'],
    ]);
    expect(findings).toEqual([
      expect.objectContaining({ rule: 'DUPLICATE_CODE', severity: 'error', code: 'A_ONE', line: 9 }),
    ]);
    expect(findings[0]!.message).toContain('line 7');
  });

  it('INVALID_CODE_FORMAT requires UPPER_SNAKE_CASE of at most 63 characters', () => {
    expect(rules([['a_lower', 400, 'x', 'y']])).toEqual(['INVALID_CODE_FORMAT a_lower']);
    expect(rules([['A__DOUBLE', 400, 'x', 'y']])).toEqual(['INVALID_CODE_FORMAT A__DOUBLE']);
    expect(rules([['_LEADING', 400, 'x', 'y']])).toEqual(['INVALID_CODE_FORMAT _LEADING']);
    expect(rules([['1_DIGIT_FIRST', 400, 'x', 'y']])).toEqual(['INVALID_CODE_FORMAT 1_DIGIT_FIRST']);
    expect(rules([['A-DASH', 400, 'x', 'y']])).toEqual(['INVALID_CODE_FORMAT A-DASH']);
    expect(rules([[`A${'B'.repeat(62)}`, 400, 'x', 'y']])).toEqual([]);
    const long = `A${'B'.repeat(63)}`;
    expect(run([[long, 400, 'x', 'y']])[0]!.message).toContain('64 characters');
    expect(rules([['HTTP2_UPSTREAM_5XX', 502, 'x', 'y']])).toEqual([]);
  });

  it('INVALID_STATUS requires an integer from 100 to 599', () => {
    expect(rules([['A', 'abc', 'x', 'y']])).toEqual(['INVALID_STATUS A']);
    expect(rules([['A', '', 'x', 'y']])).toEqual(['INVALID_STATUS A']);
    expect(rules([['A', 600, 'x', 'y']])).toEqual(['INVALID_STATUS A']);
    expect(rules([['A', 99, 'x', 'y']])).toEqual(['INVALID_STATUS A']);
    expect(rules([['A', '4.5', 'x', 'y']])).toEqual(['INVALID_STATUS A']);
    expect(rules([['A', 599, 'x', 'y']])).toEqual([]);
  });

  it('NON_ERROR_STATUS warns below 400', () => {
    expect(run([['A', 202, 'x', 'y']])).toEqual([
      expect.objectContaining({ rule: 'NON_ERROR_STATUS', severity: 'warning' }),
    ]);
    expect(rules([['A', 399, 'x', 'y']])).toEqual(['NON_ERROR_STATUS A']);
    expect(rules([['A', 400, 'x', 'y']])).toEqual([]);
  });

  it('EMPTY_MEANING is an error, EMPTY_HANDLING a warning', () => {
    expect(run([['A', 400, '', 'y']])).toEqual([expect.objectContaining({ rule: 'EMPTY_MEANING', severity: 'error' })]);
    expect(run([['A', 400, 'x', '']])).toEqual([
      expect.objectContaining({ rule: 'EMPTY_HANDLING', severity: 'warning' }),
    ]);
  });

  it('does not ask for handling when the table has no handling column', () => {
    expect(lint(parse('| code | status | meaning |\n|---|---|---|\n| A | 400 | x |\n'))).toEqual([]);
  });

  it('PARSE_ERROR carries parse problems with their line', () => {
    const findings = lint(parse('| code | status | meaning |\n|---|---|---|\n|  | 400 | x |\n'), 'r.md');
    expect(findings).toEqual([
      expect.objectContaining({ rule: 'PARSE_ERROR', severity: 'error', line: 3, path: 'r.md' }),
    ]);
  });

  it('orders findings by line', () => {
    const lines = run([
      ['b', 202, '', ''],
      ['A', 999, 'x', 'y'],
    ]).map((f) => f.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });
});
