/**
 * Finding identity across commits, for the formats whose consumers track findings between
 * pipelines (GitLab code quality, SARIF code scanning).
 */
import { createHash } from 'node:crypto';
import type { Finding } from '../model.js';

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

/** Hex digest of UTF-8 text. */
export function hexDigest(text: string, algorithm: 'md5' | 'sha256'): string {
  return createHash(algorithm).update(text, 'utf8').digest('hex');
}

/** Fingerprints stable across commits and unique within the report: the occurrence number is mixed in only from the second occurrence on. */
export function fingerprints(findings: readonly Finding[], algorithm: 'md5' | 'sha256'): string[] {
  const counts = occurrences(findings);
  return findings.map((f, i) => {
    const n = counts[i] ?? 1;
    const key = n === 1 ? findingIdentity(f) : `${findingIdentity(f)}\u0000${n}`;
    return hexDigest(key, algorithm);
  });
}
