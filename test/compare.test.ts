import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compare, normaliseText, parse, RULES } from '../src/index.js';
import { FIXTURES, registry, V1, V2 } from './helpers/fixtures.js';

const PAIRS = path.join(FIXTURES, 'pairs');

describe('compare: fixture pairs (before.md -> after.md gives expected.json)', () => {
  for (const name of readdirSync(PAIRS).sort()) {
    it(name, () => {
      const read = (f: string) => readFileSync(path.join(PAIRS, name, f));
      const expected = JSON.parse(read('expected.json').toString()) as { rule: string; code: string }[];
      const findings = compare(parse(read('before.md')), parse(read('after.md')), { path: 'after.md' });
      expect(findings.map((f) => ({ rule: f.rule, code: f.code }))).toEqual(expected);
      for (const f of findings) expect(f.severity).toBe(RULES.get(f.rule)!.severity);
    });
  }
});

describe('compare: the real v1 -> v2 history', () => {
  const findings = compare(parse(readFileSync(V1)), parse(readFileSync(V2)), { path: 'v2.md' });

  it('finds exactly the removal, the rewording and 28 additions', () => {
    const errors = findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => `${f.rule} ${f.code}`)).toEqual([
      'CODE_REMOVED AGENT_OUTPUT_DIVINATION_INVALID',
      'MEANING_CHANGED AGENT_SESSION_RUN_LIMIT_EXCEEDED',
    ]);
    expect(findings.filter((f) => f.rule === 'CODE_ADDED')).toHaveLength(28);
    expect(findings).toHaveLength(30);
  });

  it('keeps before and after of a rewording for the report', () => {
    const changed = findings.find((f) => f.rule === 'MEANING_CHANGED')!;
    expect(changed.before?.meaning).toBe('Session already reached max run count (start + 1 follow-up)');
    expect(changed.after?.meaning).toBe(
      'Session already reached max message count (2 user messages per session: initial divination + 1 follow-up)',
    );
    expect(changed.line).toBe(27);
  });

  it('points a removal at the table of its old section in the new file', () => {
    const removed = findings.find((f) => f.rule === 'CODE_REMOVED')!;
    expect(removed.line).toBe(25); // "Agent Session" table header in v2
    expect(removed.before?.status).toBe(422);
  });
});

describe('compare: rules', () => {
  const base = registry([
    ['`A_ONE`', 400, 'First thing failed', 'Retry'],
    ['`A_TWO`', 404, 'Second thing missing', 'Refresh'],
  ]);

  it('compares a revision with itself without findings', () => {
    expect(compare(parse(base), parse(base))).toEqual([]);
  });

  it('names the new code of a rename and does not also report it as added', () => {
    const after = registry([
      ['`A_ONE`', 400, 'First thing failed', 'Retry'],
      ['`A_SECOND`', 404, 'Second thing missing', 'Refresh'],
    ]);
    const findings = compare(parse(base), parse(after));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'CODE_RENAMED', code: 'A_TWO', renamedTo: 'A_SECOND' });
    expect(findings[0]!.message).toContain('A_SECOND');
  });

  it('does not take a different status for a rename', () => {
    const after = registry([
      ['`A_ONE`', 400, 'First thing failed', 'Retry'],
      ['`A_SECOND`', 410, 'Second thing missing', 'Refresh'],
    ]);
    expect(compare(parse(base), parse(after)).map((f) => f.rule)).toEqual(['CODE_REMOVED', 'CODE_ADDED']);
  });

  it('reports a retired code that comes back as reintroduced, not added', () => {
    const after = registry([
      ['`A_ONE`', 400, 'First thing failed', 'Retry'],
      ['`A_OLD`', 400, 'Old', 'x'],
    ]);
    const retired = new Map([['A_OLD', { code: 'A_OLD', version: '2.0.0' }]]);
    const findings = compare(parse(base), parse(after), { retired });
    expect(findings.filter((f) => f.code === 'A_OLD').map((f) => f.rule)).toEqual(['CODE_REINTRODUCED']);
    expect(findings.find((f) => f.rule === 'CODE_REINTRODUCED')!.message).toContain('2.0.0');
  });

  it('reports a deprecation only when the code was not deprecated before', () => {
    const deprecated = registry([
      ['~~`A_ONE`~~', 400, 'First thing failed', 'Retry'],
      ['`A_TWO`', 404, 'Second thing missing', 'Refresh'],
    ]);
    expect(compare(parse(base), parse(deprecated)).map((f) => f.rule)).toEqual(['CODE_DEPRECATED']);
    expect(compare(parse(deprecated), parse(deprecated))).toEqual([]);
  });
});

describe('normaliseText', () => {
  it('folds whitespace, case and a trailing period, and nothing else', () => {
    expect(normaliseText('  Session   Expired. ')).toBe('session expired');
    expect(normaliseText('Session expired')).toBe(normaliseText('session expired.'));
    expect(normaliseText('Session expired')).not.toBe(normaliseText('Session ended'));
    expect(normaliseText('v1.2 limit')).toBe('v1.2 limit');
  });
});
