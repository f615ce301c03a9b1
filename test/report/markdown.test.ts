import { describe, expect, test } from 'vitest';
import type { EntryView, Finding } from '../../src/model.js';
import { COMMENT_MARKER, MARKDOWN_MAX_CHARS, formatMarkdown } from '../../src/report/markdown.js';
import { escapeCell } from '../../src/report/markdown-text.js';
import { makeReport } from '../../src/report/types.js';
import { OPTIONS, finding, realReport, realReportWithAllowed, reportWith } from './real-report.js';

const view = (overrides: Partial<EntryView> = {}): EntryView => ({
  code: 'SOME_CODE',
  status: 404,
  meaning: 'Thing not found',
  handling: 'Show not found',
  section: 'Things',
  deprecated: false,
  ...overrides,
});
const md = (findings: Finding[]) => formatMarkdown(reportWith(findings), OPTIONS);
const tableRows = (text: string) => text.split('\n').filter((l) => /^\| (❌|⚠️|ℹ️) /.test(l));
/** Cells of a GFM table row, split on unescaped pipes. */
const cells = (row: string) => row.slice(2, -2).split(/(?<!\\) \| /);

describe('verdict', () => {
  test('❌ with counts and the fail level when the run fails', () => {
    expect(formatMarkdown(realReport(), OPTIONS).split('\n')[1]).toBe(
      '### ❌ Error registry check failed: 2 errors, 1 warning, 28 info, 0 allowed (fails on error)',
    );
  });

  test('✅ with counts when it passes', () => {
    expect(md([finding({ severity: 'info', rule: 'CODE_ADDED' })]).split('\n')[1]).toBe(
      '### ✅ Error registry check passed: 0 errors, 0 warnings, 1 info, 0 allowed',
    );
  });

  test('starts with a marker a sticky-comment action can find', () => {
    expect(md([]).startsWith(`${COMMENT_MARKER}\n`)).toBe(true);
  });
});

describe('breaking changes table', () => {
  test('errors and warnings that are not accepted, errors first, with before and after', () => {
    const rows = tableRows(formatMarkdown(realReport(), OPTIONS));
    expect(rows.map((r) => cells(r).slice(0, 3))).toEqual([
      ['❌ error', 'CODE_REMOVED', '`AGENT_OUTPUT_DIVINATION_INVALID`'],
      ['❌ error', 'MEANING_CHANGED', '`AGENT_SESSION_RUN_LIMIT_EXCEEDED`'],
      ['⚠️ warning', 'NON_ERROR_STATUS', '`TOOL_PENDING_APPROVAL`'],
    ]);
    const meaning = cells(rows[1]!);
    expect(meaning[4]).toBe('409 · Session already reached max run count (start + 1 follow-up)');
    expect(meaning[5]).toBe(
      '409 · Session already reached max message count (2 user messages per session: initial divination + 1 follow-up)',
    );
    // A removed code has no "after".
    expect(cells(rows[0]!)[5]).toBe('—');
  });

  test('accepted findings and infos are not in it', () => {
    const rows = tableRows(formatMarkdown(realReportWithAllowed(), OPTIONS));
    expect(rows.map((r) => cells(r)[1])).toEqual(['CODE_REMOVED', 'NON_ERROR_STATUS']);
  });

  test('pipes and newlines in registry text stay inside their cell', () => {
    const f = finding({
      rule: 'MEANING_CHANGED',
      before: view({ meaning: 'a | b' }),
      after: view({ meaning: 'line one\nline two\r\nthree' }),
      message: 'x|y',
    });
    const [row] = tableRows(md([f]));
    expect(row).toBeDefined();
    const c = cells(row!);
    expect(c).toHaveLength(7);
    expect(c[4]).toBe('404 · a \\| b');
    expect(c[5]).toBe('404 · line one<br>line two<br>three');
    expect(c[6]).toBe('x\\|y');
  });

  test('a rename shows the new code; a handling change shows the handling', () => {
    const rename = finding({
      rule: 'CODE_RENAMED',
      before: view(),
      after: view({ code: 'NEW_CODE' }),
      renamedTo: 'NEW_CODE',
    });
    const handling = finding({
      rule: 'HANDLING_CHANGED',
      severity: 'warning',
      before: view(),
      after: view({ handling: 'Retry' }),
    });
    const [r1, r2] = tableRows(md([rename, handling]));
    expect(cells(r1!)[5]).toBe('`NEW_CODE` · 404 · Thing not found');
    expect(cells(r2!)[5]).toBe('404 · Thing not found<br>handling: Retry');
  });
});

describe('escapeCell', () => {
  test('escapes what would end a cell or open HTML, and backslashes so an escape cannot be undone', () => {
    expect(escapeCell('a|b')).toBe('a\\|b');
    expect(escapeCell('a\\|b')).toBe('a\\\\\\|b');
    expect(escapeCell('<script>&')).toBe('&lt;script&gt;&amp;');
    expect(escapeCell('1\n2\r\n3\r4')).toBe('1<br>2<br>3<br>4');
  });
});

describe('accepted and added', () => {
  test('accepted findings are listed with their reason and what changed', () => {
    const text = formatMarkdown(realReportWithAllowed(), OPTIONS);
    expect(text).toContain(
      '#### Accepted changes (1)\n\n' +
        '- MEANING_CHANGED `AGENT_SESSION_RUN_LIMIT_EXCEEDED` (error, line 27): Reviewed in PR #42: "run" and "message" count the same thing, the limit is unchanged\n' +
        '  - before: 409 · Session already reached max run count (start + 1 follow-up)\n' +
        '  - after: 409 · Session already reached max message count (2 user messages per session: initial divination + 1 follow-up)\n',
    );
  });

  test('additions are in a collapsed details block, one line each', () => {
    const text = formatMarkdown(realReport(), OPTIONS);
    const block = /<details><summary>28 codes added<\/summary>\n\n([\s\S]*?)\n\n<\/details>/.exec(text);
    expect(block).not.toBeNull();
    const lines = block![1]!.split('\n');
    expect(lines).toHaveLength(28);
    expect(lines[0]).toBe('- `AUTH_UNAUTHORIZED` 401 · Missing or invalid auth credentials (Auth), line 15');
    expect(text).not.toMatch(/<details open/);
  });

  test('sections without findings are left out', () => {
    const text = md([finding()]);
    expect(text).not.toContain('Accepted changes');
    expect(text).not.toContain('<details>');
  });

  test('with several files, locations name the file', () => {
    const report = makeReport(
      'check',
      [
        { path: 'a.md', entries: 1, baselines: [] },
        { path: 'b.md', entries: 1, baselines: [] },
      ],
      [finding({ path: 'b.md', line: 4 })],
      'error',
    );
    expect(cells(tableRows(formatMarkdown(report, OPTIONS))[0]!)[3]).toBe('`b.md:4`');
  });
});

describe('comment size', () => {
  const many = (n: number, overrides: Partial<Finding>) =>
    Array.from({ length: n }, (_, i) => finding({ code: `C_${i}`, line: i + 1, ...overrides }));

  test('a huge report stays under GitHub’s comment limit, breaking changes first, with a note', () => {
    const added = many(3000, { rule: 'CODE_ADDED', severity: 'info', after: view({ meaning: 'm'.repeat(40) }) });
    const text = md([...many(50, {}), ...added]);
    expect(text.length).toBeLessThanOrEqual(MARKDOWN_MAX_CHARS);
    expect(MARKDOWN_MAX_CHARS).toBeLessThan(65_536);
    expect(tableRows(text)).toHaveLength(50);
    const shown =
      /<details><summary>3000 codes added<\/summary>\n\n([\s\S]*?)\n\n_(\d+) more not shown: a comment is limited to 60,000 characters/.exec(
        text,
      );
    expect(shown).not.toBeNull();
    expect(shown![1]!.split('\n').length + Number(shown![2])).toBe(3000);
    expect(text.trimEnd().endsWith('</details>')).toBe(true);
  });

  test('when every section is huge, each is still announced with its count and the total stays under the limit', () => {
    const text = md([
      ...many(3000, {}),
      ...many(3000, { allowed: true, reason: 'r' }),
      ...many(3000, { rule: 'CODE_MOVED', severity: 'info' }),
      ...many(3000, { rule: 'CODE_ADDED', severity: 'info' }),
    ]);
    expect(text.length).toBeLessThanOrEqual(MARKDOWN_MAX_CHARS);
    for (const heading of [
      '#### Breaking changes (3000)',
      '#### Accepted changes (3000)',
      '<summary>Other changes (3000)</summary>',
      '<summary>3000 codes added</summary>',
    ]) {
      expect(text).toContain(heading);
    }
    expect(text.match(/more not shown/g)).toHaveLength(4);
    expect(tableRows(text).length).toBeGreaterThan(100);
  });
});
