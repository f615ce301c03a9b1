import { describe, expect, test } from 'vitest';
import type { Finding } from '../../src/model.js';
import { formatJunit, xmlAttr, xmlText } from '../../src/report/junit.js';
import type { Report } from '../../src/report/types.js';
import { makeReport } from '../../src/report/types.js';
import { BASELINE, OPTIONS, REGISTRY_PATH, finding, realReport, reportWith } from './real-report.js';

interface Suite {
  attrs: Record<string, string>;
  cases: { attrs: Record<string, string>; failure: boolean; body: string }[];
}

const decode = (s: string) =>
  s
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

function attrsOf(tag: string): Record<string, string> {
  return Object.fromEntries([...tag.matchAll(/ ([\w-]+)="([^"]*)"/g)].map((m) => [m[1]!, decode(m[2]!)]));
}

/** Reads the structure this formatter writes (one element per line), checking it nests and closes. */
function parseJunit(xml: string): { root: Record<string, string>; suites: Suite[] } {
  const lines = xml.split('\n');
  expect(lines[0]).toBe('<?xml version="1.0" encoding="UTF-8"?>');
  expect(lines.at(-1)).toBe('');
  expect(lines.at(-2)).toBe('</testsuites>');
  const root = attrsOf(lines[1]!);
  const suites: Suite[] = [];
  for (const m of xml.matchAll(/<testsuite( [^>]*)>\n([\s\S]*?)\n {2}<\/testsuite>/g)) {
    const cases = [...m[2]!.matchAll(/<testcase( [^>]*?)(?:\/>|>\n([\s\S]*?)\n {4}<\/testcase>)/g)].map((c) => ({
      attrs: attrsOf(c[1]!),
      failure: (c[2] ?? '').includes('<failure'),
      body: decode(c[2] ?? ''),
    }));
    suites.push({ attrs: attrsOf(m[1]!), cases });
  }
  // Nothing but markup and escaped text: no stray `<` or `&` from registry text.
  const text = xml.replace(/<\?xml [^>]*\?>|<\/?(?:testsuites|testsuite|testcase|failure|system-out)\b[^<>]*>/g, '');
  expect(text).not.toMatch(/<|&(?!(amp|lt|gt|quot|#\d+);)/);
  return { root, suites };
}

describe('counts', () => {
  test('the real report: one suite, one failing testcase per error, nothing for the warning and infos', () => {
    const { root, suites } = parseJunit(formatJunit(realReport(), OPTIONS));
    expect(root).toMatchObject({ tests: '2', failures: '2', errors: '0' });
    expect(suites).toHaveLength(1);
    expect(suites[0]!.attrs).toMatchObject({ name: REGISTRY_PATH, tests: '2', failures: '2' });
    expect(suites[0]!.cases.map((c) => c.attrs.name)).toEqual([
      'CODE_REMOVED AGENT_OUTPUT_DIVINATION_INVALID',
      'MEANING_CHANGED AGENT_SESSION_RUN_LIMIT_EXCEEDED',
    ]);
  });

  test('fail-on warning adds the warning as a failing testcase', () => {
    const report = { ...realReport() };
    const { root } = parseJunit(
      formatJunit(makeReport('check', report.registries, report.findings, 'warning'), OPTIONS),
    );
    expect(root).toMatchObject({ tests: '3', failures: '3' });
  });

  test('an accepted finding is a passing testcase that says why', () => {
    const { root, suites } = parseJunit(
      formatJunit(reportWith([finding(), finding({ code: 'OK_CODE', allowed: true, reason: 'reviewed' })]), OPTIONS),
    );
    expect(root).toMatchObject({ tests: '2', failures: '1' });
    const accepted = suites[0]!.cases[1]!;
    expect(accepted.failure).toBe(false);
    expect(accepted.body).toContain('accepted: reviewed');
  });

  test('a registry without findings at the fail level gets one passing testcase', () => {
    const { root, suites } = parseJunit(
      formatJunit(reportWith([finding({ severity: 'info', rule: 'CODE_ADDED' })]), OPTIONS),
    );
    expect(root).toMatchObject({ tests: '1', failures: '0' });
    expect(suites[0]!.cases).toEqual([
      {
        attrs: { classname: REGISTRY_PATH, name: 'no findings at or above error', file: REGISTRY_PATH },
        failure: false,
        body: '',
      },
    ]);
  });

  test('one suite per registry, plus one for any other file a finding is about; totals add up', () => {
    const report: Report = makeReport(
      'check',
      [
        { path: 'a.md', entries: 1, baselines: [{ id: BASELINE, kind: 'git', entries: 1 }] },
        { path: 'b.md', entries: 1, baselines: [] },
      ],
      [
        finding({ path: 'b.md' }),
        finding({ path: 'b.md', code: 'X' }),
        finding({ path: 'config.json', rule: 'UNUSED_ALLOW', severity: 'warning' }),
      ],
      'warning',
    );
    const { root, suites } = parseJunit(formatJunit(report, OPTIONS));
    expect(suites.map((s) => [s.attrs.name, s.attrs.tests, s.attrs.failures])).toEqual([
      ['a.md', '1', '0'],
      ['b.md', '2', '2'],
      ['config.json', '1', '1'],
    ]);
    expect(root).toMatchObject({ tests: '4', failures: '3' });
  });

  test('testcase names are unique within a suite (GitLab keeps only the first of a name)', () => {
    const dup = (line: number): Finding => finding({ rule: 'DUPLICATE_CODE', code: 'TWICE', line });
    const { suites } = parseJunit(
      formatJunit(
        reportWith([
          dup(3),
          dup(8),
          finding({ rule: 'PARSE_ERROR', code: undefined, line: 1 }),
          finding({ rule: 'PARSE_ERROR', code: undefined, line: 2 }),
        ]),
        OPTIONS,
      ),
    );
    expect(suites[0]!.cases.map((c) => c.attrs.name)).toEqual([
      'DUPLICATE_CODE TWICE',
      'DUPLICATE_CODE TWICE #2',
      'PARSE_ERROR',
      'PARSE_ERROR #2',
    ]);
  });
});

describe('escaping', () => {
  test('registry text with markup, quotes and newlines survives in attributes and text', () => {
    const message = 'a <b> & "c"\nnext\tline';
    const { suites } = parseJunit(formatJunit(reportWith([finding({ message, code: 'X<&>' })]), OPTIONS));
    const c = suites[0]!.cases[0]!;
    expect(c.attrs.name).toBe('CODE_REMOVED X<&>');
    expect(c.body).toContain(`message="X<&>: ${message}"`);
    expect(c.body).toContain(`>X<&>: ${message}\n`);
  });

  test('characters XML 1.0 cannot carry are replaced, not written', () => {
    expect(xmlText('a\u0000b\u001Bc\uD800d')).toBe('a\uFFFDb\uFFFDc\uFFFDd');
    expect(xmlText('ok 😀 \t\n')).toBe('ok 😀 \t\n');
    expect(xmlText('\r')).toBe('&#13;');
    expect(xmlAttr('"\n\t<')).toBe('&quot;&#10;&#9;&lt;');
  });
});
