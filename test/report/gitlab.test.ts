import { describe, expect, test } from 'vitest';
import type { Finding } from '../../src/model.js';
import type { CodeQualityIssue } from '../../src/report/gitlab.js';
import { formatGitlab } from '../../src/report/gitlab.js';
import { OPTIONS, finding, realFindings, realReport, reportWith } from './real-report.js';

const issuesOf = (findings: Finding[]) => JSON.parse(formatGitlab(reportWith(findings), OPTIONS)) as CodeQualityIssue[];

describe('fingerprints', () => {
  test('stay the same when line numbers change (rows added above), for every real finding', () => {
    const before = realFindings();
    const shifted = before.map((f) => ({ ...f, line: f.line + 7 }));
    const a = issuesOf(before).map((i) => i.fingerprint);
    const b = issuesOf(shifted).map((i) => i.fingerprint);
    expect(b).toEqual(a);
    expect(issuesOf(shifted).map((i) => i.location.lines.begin)).toEqual(before.map((f) => f.line + 7));
  });

  test('stay the same when other findings come and go', () => {
    const target = finding({ code: 'KEPT' });
    const alone = issuesOf([target])[0]!.fingerprint;
    const withOthers = issuesOf([finding({ code: 'NEW_ONE' }), target, finding({ code: 'NEW_TWO' })])[1]!.fingerprint;
    expect(withOthers).toBe(alone);
  });

  test('differ by rule, code and path', () => {
    const print = (overrides: Partial<Finding>) => issuesOf([finding(overrides)])[0]!.fingerprint;
    const base = print({});
    expect(
      new Set([base, print({ rule: 'STATUS_CHANGED' }), print({ code: 'OTHER' }), print({ path: 'other/registry.md' })])
        .size,
    ).toBe(4);
  });

  test('are unique within a report even when rule, code and path repeat, and deterministic', () => {
    // Two DUPLICATE_CODE rows of one code, and parse errors without a code.
    const findings = [
      finding({ rule: 'DUPLICATE_CODE', code: 'TWICE', line: 5 }),
      finding({ rule: 'DUPLICATE_CODE', code: 'TWICE', line: 9 }),
      finding({ rule: 'PARSE_ERROR', code: undefined, line: 1, message: 'bad row' }),
      finding({ rule: 'PARSE_ERROR', code: undefined, line: 2, message: 'bad row' }),
      finding({ rule: 'PARSE_ERROR', code: undefined, line: 3, message: 'bad row' }),
    ];
    const prints = issuesOf(findings).map((i) => i.fingerprint);
    expect(new Set(prints).size).toBe(findings.length);
    expect(issuesOf(findings).map((i) => i.fingerprint)).toEqual(prints);
    // The first occurrence keeps the fingerprint it has when alone, so fixing a duplicate does not renumber the original.
    expect(prints[0]).toBe(issuesOf([findings[0]!])[0]!.fingerprint);
  });

  test('all 31 real findings have distinct fingerprints', () => {
    const issues = JSON.parse(formatGitlab(realReport(), OPTIONS)) as CodeQualityIssue[];
    expect(issues).toHaveLength(31);
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(31);
  });
});

describe('issues', () => {
  test('have exactly the fields GitLab reads', () => {
    const [issue] = issuesOf([finding({ line: 25 })]);
    expect(Object.keys(issue!).sort()).toEqual(['check_name', 'description', 'fingerprint', 'location', 'severity']);
    expect(issue).toMatchObject({
      check_name: 'CODE_REMOVED',
      description: 'SOME_CODE (404) was removed',
      location: { path: finding().path, lines: { begin: 25 } },
    });
    expect(issue!.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });

  test('severity: errors block, warnings are major, infos and accepted findings are info', () => {
    const severities = issuesOf([
      finding(),
      finding({ severity: 'warning' }),
      finding({ severity: 'info' }),
      finding({ allowed: true, reason: 'ok' }),
    ]).map((i) => i.severity);
    expect(severities).toEqual(['blocker', 'major', 'info', 'info']);
  });

  test('an accepted finding says so and why', () => {
    expect(issuesOf([finding({ allowed: true, reason: 'reviewed in #42' })])[0]!.description).toBe(
      'SOME_CODE (404) was removed (accepted: reviewed in #42)',
    );
  });

  test('the description names the code when the message does not', () => {
    expect(issuesOf([finding({ rule: 'MEANING_CHANGED', message: 'meaning was reworded' })])[0]!.description).toBe(
      'SOME_CODE: meaning was reworded',
    );
  });

  test('paths are repository-relative without ./ and lines start at 1', () => {
    const [issue] = issuesOf([finding({ path: './docs/errors.md', line: 0 })]);
    expect(issue!.location).toEqual({ path: 'docs/errors.md', lines: { begin: 1 } });
  });

  test('no findings is an empty array, which GitLab reads as no issues', () => {
    expect(formatGitlab(reportWith([]), OPTIONS)).toBe('[]\n');
  });
});
