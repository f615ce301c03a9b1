import { describe, expect, test } from 'vitest';
import type { Finding } from '../../src/model.js';
import {
  ANNOTATIONS_PER_LEVEL,
  DEFAULT_SUMMARY_BYTES,
  GITHUB_SUMMARY_LIMIT,
  annotation,
  escapeData,
  escapeProperty,
  formatGithub,
  planAnnotations,
  renderGithubSummary,
} from '../../src/report/github.js';
import { OPTIONS, finding, realReport, reportWith } from './real-report.js';

/** Parses one workflow command the way the runner does: `::level k=v,k=v::message`, then unescapes. */
function parseCommand(line: string): { level: string; props: Record<string, string>; message: string } {
  const m = /^::(\w+) ([^:]*)::(.*)$/.exec(line);
  if (!m) throw new Error(`not a workflow command: ${line}`);
  const unescape = (s: string) =>
    s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const props = Object.fromEntries(
    m[2]!.split(',').map((kv) => [kv.slice(0, kv.indexOf('=')), unescape(kv.slice(kv.indexOf('=') + 1))]),
  );
  return { level: m[1]!, props, message: unescape(m[3]!) };
}

const annotationsOf = (out: string) => out.split('\n').filter((l) => l.startsWith('::'));
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('escaping', () => {
  test('message data escapes %, CR and LF (and % first, so the escapes themselves survive)', () => {
    expect(escapeData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
    expect(escapeData('%0A')).toBe('%250A');
  });

  test('properties additionally escape : and ,', () => {
    expect(escapeProperty('C:\\reg, v2.md\n%')).toBe('C%3A\\reg%2C v2.md%0A%25');
  });

  test('an annotation stays one line and round-trips file, line, title and message', () => {
    const f = finding({
      path: 'docs/a,b:c%.md',
      line: 7,
      rule: 'MEANING_CHANGED',
      code: 'X_Y',
      message: 'one: 50%, two\r\nthree',
    });
    const line = annotation(f);
    expect(line).not.toMatch(/[\r\n]/);
    const parsed = parseCommand(line);
    expect(parsed).toEqual({
      level: 'error',
      props: { file: 'docs/a,b:c%.md', line: '7', title: 'MEANING_CHANGED' },
      message: 'X_Y: one: 50%, two\r\nthree',
    });
  });

  test('a registry text with a newline cannot smuggle another workflow command', () => {
    const f = finding({ message: 'x\n::add-mask::secret', before: undefined });
    const out = formatGithub(reportWith([f]), OPTIONS);
    expect(out.split('\n').filter((l) => l.startsWith('::add-mask'))).toEqual([]);
  });

  test('a finding about a whole file has no line property', () => {
    expect(parseCommand(annotation(finding({ line: 0 }))).props).toEqual({
      file: finding().path,
      title: 'CODE_REMOVED',
    });
  });
});

describe('annotation cap', () => {
  const many = (n: number, overrides: Partial<Finding>) =>
    Array.from({ length: n }, (_, i) => finding({ code: `CODE_${i}`, line: i + 1, message: `m${i}`, ...overrides }));

  test('at most 10 of each level are emitted, errors first, and the rest are counted in the verdict', () => {
    // Infos first in the report: they must not take the place of errors.
    const findings = [
      ...many(15, { rule: 'CODE_ADDED', severity: 'info' }),
      ...many(12, { severity: 'warning', rule: 'HANDLING_CHANGED' }),
      ...many(13, {}),
    ];
    const out = formatGithub(reportWith(findings), OPTIONS);
    const levels = annotationsOf(out).map((l) => parseCommand(l).level);
    expect(levels).toEqual([
      ...Array<string>(10).fill('error'),
      ...Array<string>(10).fill('warning'),
      ...Array<string>(10).fill('notice'),
    ]);
    expect(ANNOTATIONS_PER_LEVEL).toBe(10);
    const dropped = 3 + 2 + 5;
    expect(out.trimEnd().split('\n').at(-1)).toBe(
      `error-registry-guard check failed (fails on error): 13 errors, 12 warnings, 15 info, 0 allowed. ${dropped} findings were not annotated (3 errors, 2 warnings, 5 notices): GitHub shows at most 10 error, 10 warning and 10 notice annotations per step.`,
    );
    // The first ten of each level in report order are the ones shown.
    expect(
      annotationsOf(out)
        .slice(0, 10)
        .map((l) => parseCommand(l).props.line),
    ).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
  });

  test('accepted findings are notices, never errors, and come before additions', () => {
    const accepted = finding({
      code: 'ACCEPTED',
      message: 'ACCEPTED (404) was removed',
      allowed: true,
      reason: 'reviewed',
    });
    const findings = [...many(12, { rule: 'CODE_ADDED', severity: 'info' }), accepted];
    const plan = planAnnotations(findings);
    expect(plan.annotated[0]).toBe(accepted);
    const lines = annotationsOf(formatGithub(reportWith(findings), OPTIONS)).map(parseCommand);
    expect(lines.every((l) => l.level === 'notice')).toBe(true);
    expect(lines[0]?.message).toBe('ACCEPTED (404) was removed\naccepted: reviewed');
    expect(plan.notAnnotated).toHaveLength(3);
  });

  test('the summary says how many findings were not annotated, by level', () => {
    const findings = [...many(11, {}), ...many(14, { rule: 'CODE_ADDED', severity: 'info' })];
    const summary = renderGithubSummary(reportWith(findings));
    expect(summary).toContain('5 findings were not annotated (1 error, 4 notices)');
    // Every failing finding is in the table, including the error that was not annotated.
    expect(summary.split('\n').filter((l) => l.startsWith('| error |'))).toHaveLength(11);
  });

  test('nothing dropped, nothing said', () => {
    const out = formatGithub(reportWith([finding()]), OPTIONS);
    expect(out).not.toContain('not annotated');
    expect(renderGithubSummary(reportWith([finding()]))).not.toContain('not annotated');
  });
});

describe('job summary', () => {
  test('a passing run says so and has no table', () => {
    const summary = renderGithubSummary(
      reportWith([finding({ rule: 'CODE_ADDED', severity: 'info', message: 'SOME_CODE (404) was added' })]),
    );
    expect(summary.split('\n')[0]).toBe('### ✅ error-registry-guard check passed');
    expect(summary).toContain('No failing findings.');
    expect(summary).not.toContain('| Severity |');
  });

  test('only failing findings are in the table: not warnings under fail-on error, not accepted ones', () => {
    const summary = renderGithubSummary(
      reportWith([
        finding({ code: 'FAILS' }),
        finding({ code: 'WARNS', severity: 'warning', rule: 'HANDLING_CHANGED' }),
        finding({ code: 'ACCEPTED', allowed: true, reason: 'ok' }),
      ]),
    );
    expect(summary).toContain('`FAILS`');
    expect(summary).not.toContain('`WARNS`');
    expect(summary).not.toContain('`ACCEPTED`');
  });

  test('a table cell cannot break the table', () => {
    const summary = renderGithubSummary(reportWith([finding({ message: 'a | b\nc <img src=x>' })]));
    const row = summary.split('\n').find((l) => l.startsWith('| error |'));
    expect(row).toBe(
      '| error | CODE_REMOVED | `SOME_CODE` | `docs/protocols/common/http-error-codes.md:10` | SOME_CODE: a \\| b<br>c &lt;img src=x&gt; |',
    );
  });

  test('the default cap is under GitHub’s 1 MiB, and a huge report is cut to it with a note', () => {
    expect(DEFAULT_SUMMARY_BYTES).toBeLessThan(GITHUB_SUMMARY_LIMIT);
    const findings = Array.from({ length: 20_000 }, (_, i) =>
      finding({ code: `CODE_${i}`, line: i + 1, message: `removed ${'é'.repeat(100)}` }),
    );
    const summary = renderGithubSummary(reportWith(findings));
    expect(bytes(summary)).toBeLessThanOrEqual(DEFAULT_SUMMARY_BYTES);
    expect(bytes(summary)).toBeGreaterThan(DEFAULT_SUMMARY_BYTES - 1000);
    const rows = summary.split('\n').filter((l) => l.startsWith('| error |'));
    const note = new RegExp(
      `^_${20_000 - rows.length} more failing findings not shown: the job summary is limited to ${DEFAULT_SUMMARY_BYTES} bytes`,
    );
    expect(summary.trimEnd().split('\n').at(-1)).toMatch(note);
    // Rows are cut whole, in order.
    expect(rows.at(-1)).toContain(`\`CODE_${rows.length - 1}\``);
  });

  test('an explicit cap is honoured, and a summary that fits is not cut', () => {
    const report = realReport();
    const full = renderGithubSummary(report);
    expect(renderGithubSummary(report, bytes(full))).toBe(full);
    const cut = renderGithubSummary(report, bytes(full) - 1);
    expect(bytes(cut)).toBeLessThan(bytes(full));
    expect(cut).toContain('1 more failing finding not shown');
    expect(cut).toContain('`AGENT_OUTPUT_DIVINATION_INVALID`');
  });

  test('even a cap smaller than the header gives valid UTF-8 within the cap', () => {
    const summary = renderGithubSummary(realReport(), 5);
    expect(bytes(summary)).toBeLessThanOrEqual(5);
    expect(Buffer.from(summary, 'utf8').toString('utf8')).toBe(summary);
    expect(summary).not.toContain('\uFFFD');
  });
});

test('stdout ends with a plain-text verdict line', () => {
  const passing = formatGithub(reportWith([]), OPTIONS);
  expect(passing).toBe('error-registry-guard check passed: 0 errors, 0 warnings, 0 info, 0 allowed.\n');
  const failing = formatGithub(realReport(), OPTIONS).trimEnd().split('\n').at(-1);
  expect(failing).toMatch(
    /^error-registry-guard check failed \(fails on error\): 2 errors, 1 warning, 28 info, 0 allowed\./,
  );
});
