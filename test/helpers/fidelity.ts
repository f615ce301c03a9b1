/**
 * The differential property of the parser: for a document, `parse` gives the rows GitHub shows
 * (code, status, meaning, handling, deprecated, and the line), in order, or a PARSE_ERROR where the
 * page cannot be read unambiguously. `disagreements` lists every way the two differ.
 */
import { parse } from '../../src/index.js';
import { readAsGitHub, type OracleRow } from './gfm-oracle.js';

const view = (r: Pick<OracleRow, 'line' | 'code' | 'status' | 'meaning' | 'handling' | 'deprecated'>) =>
  `${r.line}: ${r.code} | ${r.status} | ${r.meaning} | ${r.handling}${r.deprecated ? ' | deprecated' : ''}`;

export function disagreements(markdown: string): string[] {
  const github = readAsGitHub(markdown);
  const ours = parse(markdown);
  const out: string[] = [];
  // A shifted row is read by nobody: the parser must refuse it.
  const shifted = [
    ...github.rows.filter((r) => r.shifted).map((r) => r.line),
    ...github.errors.filter((e) => e.shifted).map((e) => e.lines[0]),
  ];
  const expected = github.rows.filter((r) => !r.shifted).map(view);
  const actual = ours.entries.map(view);
  const n = Math.max(expected.length, actual.length);
  for (let i = 0; i < n; i++) {
    if (expected[i] !== actual[i])
      out.push(`row ${i + 1}: GitHub shows ${expected[i] ?? '(none)'}; parse gives ${actual[i] ?? '(none)'}`);
  }
  const errorLines = ours.problems.filter((p) => p.rule === 'PARSE_ERROR').map((p) => p.line);
  for (const e of github.errors) {
    if (e.shifted) continue;
    if (!errorLines.some((l) => l >= e.lines[0] && l <= e.lines[1]))
      out.push(`no PARSE_ERROR for ${e.kind} at lines ${e.lines.join('-')}`);
  }
  for (const line of shifted)
    if (!errorLines.includes(line)) out.push(`no PARSE_ERROR for the shifted row at line ${line}`);
  for (const p of ours.problems) {
    const explained =
      shifted.includes(p.line) ||
      github.errors.some((e) => p.line >= e.lines[0] && p.line <= e.lines[1]) ||
      (github.registryTables === 0 && p.message.startsWith('no registry table'));
    if (!explained) out.push(`PARSE_ERROR GitHub has no reason for, line ${p.line}: ${p.message}`);
  }
  return out;
}
