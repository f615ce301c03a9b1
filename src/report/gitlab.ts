/**
 * GitLab code quality report (`artifacts:reports:codequality`): a JSON array of issues, each with a
 * fingerprint GitLab uses to tell new issues from resolved ones between the base and head pipelines.
 */
import type { Finding } from '../model.js';
import { acceptedReason, findingMessage } from './details.js';
import { fingerprints } from './fingerprint.js';
import { jsonText } from './safe-text.js';
import type { Formatter } from './types.js';

export type CodeQualitySeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: CodeQualitySeverity;
  location: { path: string; lines: { begin: number } };
}

/** Breaking findings block the merge; accepted ones are shown for the record only. */
function severity(f: Finding): CodeQualitySeverity {
  if (f.allowed || f.severity === 'info') return 'info';
  return f.severity === 'error' ? 'blocker' : 'major';
}

export function codeQualityIssues(findings: readonly Finding[]): CodeQualityIssue[] {
  const prints = fingerprints(findings, 'md5');
  return findings.map((f, i) => ({
    description: f.allowed ? `${findingMessage(f)} (accepted: ${acceptedReason(f)})` : findingMessage(f),
    check_name: f.rule,
    fingerprint: prints[i] ?? '',
    severity: severity(f),
    // GitLab wants a repository-relative path without a leading `./`, and lines from 1.
    location: { path: f.path.replace(/^\.\//, ''), lines: { begin: Math.max(1, f.line) } },
  }));
}

export const formatGitlab: Formatter = (report) => jsonText(codeQualityIssues(report.findings));
