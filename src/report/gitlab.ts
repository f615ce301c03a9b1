/**
 * GitLab code quality report (`artifacts:reports:codequality`): a JSON array of issues, each with a
 * fingerprint GitLab uses to tell new issues from resolved ones between the base and head pipelines.
 */
import { createHash } from 'node:crypto';
import type { Finding } from '../model.js';
import { findingMessage } from './github.js';
import type { Formatter } from './types.js';

export type CodeQualitySeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: CodeQualitySeverity;
  location: { path: string; lines: { begin: number } };
}

/**
 * What makes a finding the same finding in another commit: the rule, the code and the file. Never
 * the line, which moves whenever rows are added above.
 */
export function findingIdentity(f: Finding): string {
  return [f.rule, f.code ?? '', f.path].join('\u0000');
}

/**
 * For each finding, how many findings up to and including it share its identity (1 for the first).
 * Duplicates happen (two DUPLICATE_CODE rows of one code, parse errors without a code), and
 * consumers merge results of equal fingerprint, so later ones are told apart by this number.
 */
export function occurrences(findings: readonly Finding[]): number[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const key = findingIdentity(f);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n;
  });
}

/** Fingerprints stable across commits and unique within the report: the occurrence number is mixed in only from the second occurrence on. */
export function fingerprints(findings: readonly Finding[], algorithm: 'md5' | 'sha256'): string[] {
  const counts = occurrences(findings);
  return findings.map((f, i) => {
    const n = counts[i] ?? 1;
    const key = n === 1 ? findingIdentity(f) : `${findingIdentity(f)}\u0000${n}`;
    return createHash(algorithm).update(key, 'utf8').digest('hex');
  });
}

/** Breaking findings block the merge; accepted ones are shown for the record only. */
function severity(f: Finding): CodeQualitySeverity {
  if (f.allowed || f.severity === 'info') return 'info';
  return f.severity === 'error' ? 'blocker' : 'major';
}

export function codeQualityIssues(findings: readonly Finding[]): CodeQualityIssue[] {
  const prints = fingerprints(findings, 'md5');
  return findings.map((f, i) => ({
    description: f.allowed ? `${findingMessage(f)} (accepted: ${f.reason ?? 'no reason given'})` : findingMessage(f),
    check_name: f.rule,
    fingerprint: prints[i] ?? '',
    severity: severity(f),
    // GitLab wants a repository-relative path without a leading `./`, and lines from 1.
    location: { path: f.path.replace(/^\.\//, ''), lines: { begin: Math.max(1, f.line) } },
  }));
}

export const formatGitlab: Formatter = (report) => `${JSON.stringify(codeQualityIssues(report.findings), null, 2)}\n`;
