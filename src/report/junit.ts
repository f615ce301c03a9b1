/**
 * JUnit XML for CI test reports (GitLab `artifacts:reports:junit`, Jenkins, Azure DevOps): one
 * testsuite per registry, one testcase per finding at or above the fail level. GitLab shows a
 * testcase's `classname` as its suite and keeps only the first testcase of a name, so names are
 * unique within a suite.
 */
import type { Finding } from '../model.js';
import { SEVERITY_RANK } from '../model.js';
import { findingDetails, findingMessage, location } from './details.js';
import type { Formatter, Report } from './types.js';

/**
 * Text for XML element content. Characters XML 1.0 cannot carry at all, even as references (most
 * control characters, lone surrogates), become U+FFFD; a CR becomes a reference because parsers
 * turn a raw one into a newline.
 */
export function xmlText(text: string): string {
  return text
    .replace(
      // eslint-disable-next-line no-control-regex
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
      '\uFFFD',
    )
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

/**
 * Lines of element content: each line's own line breaks as references, so that registry text never
 * starts an output line (in a CI log a line can be a command); the lines themselves joined by LF.
 */
function xmlLines(lines: readonly string[]): string {
  return lines.map((line) => xmlText(line).replace(/\n/g, '&#10;')).join('\n');
}

/** Text for a double-quoted attribute value: newlines and tabs as references, which parsers would otherwise normalise to spaces. */
export function xmlAttr(text: string): string {
  return xmlText(text).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

interface Case {
  name: string;
  finding?: Finding;
}

function attrs(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
    .join('');
}

/** Suites in report order: the registries, then any other file a finding is about (e.g. the config). */
function suitePaths(report: Report): string[] {
  const paths = report.registries.map((r) => r.path);
  for (const f of report.findings) if (!paths.includes(f.path)) paths.push(f.path);
  return paths;
}

function casesOf(report: Report, path: string): Case[] {
  const seen = new Map<string, number>();
  const cases = report.findings
    .filter((f) => f.path === path && SEVERITY_RANK[f.severity] >= SEVERITY_RANK[report.failOn])
    .map((f) => {
      const base = f.code ? `${f.rule} ${f.code}` : f.rule;
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      return { name: n === 1 ? base : `${base} #${n}`, finding: f };
    });
  return cases.length > 0 ? cases : [{ name: `no findings at or above ${report.failOn}` }];
}

function testcase(path: string, c: Case): string[] {
  const f = c.finding;
  const head = `    <testcase${attrs({ classname: path, name: c.name, file: path, ...(f && f.line > 0 ? { line: f.line } : {}) })}`;
  if (!f) return [`${head}/>`];
  const details = [`${f.severity} at ${location(f)}`, ...findingDetails(f)];
  if (f.allowed) {
    // Accepted: a passing testcase that still says why it passes.
    return [`${head}>`, `      <system-out>${xmlLines(details)}</system-out>`, '    </testcase>'];
  }
  // GitLab shows the failure's text but not its `message` attribute: the text repeats the message.
  const body = xmlLines([findingMessage(f), ...details]);
  return [
    `${head}>`,
    `      <failure${attrs({ message: findingMessage(f), type: f.rule })}>${body}</failure>`,
    '    </testcase>',
  ];
}

export const formatJunit: Formatter = (report) => {
  const suites = suitePaths(report).map((path) => {
    const cases = casesOf(report, path);
    const failures = cases.filter((c) => c.finding && !c.finding.allowed).length;
    return { path, cases, failures };
  });
  const tests = suites.reduce((n, s) => n + s.cases.length, 0);
  const failures = suites.reduce((n, s) => n + s.failures, 0);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: 'error-registry-guard', tests, failures, errors: 0 })}>`,
  ];
  for (const s of suites) {
    out.push(
      `  <testsuite${attrs({ name: s.path, tests: s.cases.length, failures: s.failures, errors: 0, skipped: 0 })}>`,
    );
    for (const c of s.cases) out.push(...testcase(s.path, c));
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
};
