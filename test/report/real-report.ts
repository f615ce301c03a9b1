/** Reports built from the real registry history (test/fixtures/v1 → v2), shared by the report tests. */
import { readFileSync } from 'node:fs';
import { compare } from '../../src/checks/compat.js';
import { lint } from '../../src/checks/lint.js';
import type { Finding } from '../../src/model.js';
import { parse } from '../../src/parse/parse.js';
import type { FormatOptions, Report } from '../../src/report/types.js';
import { makeReport } from '../../src/report/types.js';

export const REGISTRY_PATH = 'docs/protocols/common/http-error-codes.md';
export const BASELINE = 'git:origin/main@abc1234';
export const OPTIONS: FormatOptions = { color: false, cwd: '/repo' };
export const ACCEPT_REASON = 'Reviewed in PR #42: "run" and "message" count the same thing, the limit is unchanged';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

/** The findings of `check` on v2 against v1: one lint warning, then 30 compare findings. */
export function realFindings(): Finding[] {
  const v1 = parse(fixture('v1-http-error-codes.md'));
  const v2 = parse(fixture('v2-http-error-codes.md'));
  const lintFindings = lint(v2, REGISTRY_PATH);
  const compareFindings = compare(v1, v2, { path: REGISTRY_PATH }).map((f) => ({ ...f, against: [BASELINE] }));
  return [...lintFindings, ...compareFindings];
}

function reportOf(findings: Finding[]): Report {
  return makeReport(
    'check',
    [{ path: REGISTRY_PATH, entries: 51, baselines: [{ id: BASELINE, kind: 'git', entries: 24 }] }],
    findings,
    'error',
  );
}

/** The v1 → v2 check as it fails: CODE_REMOVED and MEANING_CHANGED unaccepted. */
export function realReport(): Report {
  return reportOf(realFindings());
}

/** The same check after a reviewer accepted the rewording of AGENT_SESSION_RUN_LIMIT_EXCEEDED. */
export function realReportWithAllowed(): Report {
  return reportOf(
    realFindings().map((f) => (f.rule === 'MEANING_CHANGED' ? { ...f, allowed: true, reason: ACCEPT_REASON } : f)),
  );
}

/**
 * A finding for behavioural tests; overrides win. `rule` may be outside the catalog: a report made by
 * a newer version of the tool (or a plugin) must still render.
 */
export function finding(overrides: Partial<Omit<Finding, 'rule'>> & { rule?: string } = {}): Finding {
  return {
    rule: 'CODE_REMOVED',
    severity: 'error',
    code: 'SOME_CODE',
    message: 'SOME_CODE (404) was removed',
    path: REGISTRY_PATH,
    line: 10,
    ...overrides,
  } as Finding;
}

export function reportWith(findings: Finding[], failOn: Report['failOn'] = 'error'): Report {
  return makeReport(
    'check',
    [{ path: REGISTRY_PATH, entries: 10, baselines: [{ id: BASELINE, kind: 'git', entries: 10 }] }],
    findings,
    failOn,
  );
}
