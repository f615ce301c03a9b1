/**
 * The pull-request comment: a verdict, the breaking findings with what each code was before and
 * after, the accepted ones with their reasons, and the additions folded away.
 */
import type { EntryView, Finding } from '../model.js';
import { SEVERITY_RANK } from '../model.js';
import { acceptedReason, location } from './details.js';
import { code, countsText, escapeCell, fitRows, plural, registryLines } from './markdown-text.js';
import { safeReport } from './safe-text.js';
import type { Formatter } from './types.js';
import { usageHead, usageRow, usageRowsShown } from './usage.js';

/**
 * GitHub rejects a comment body over 65,536 characters, and the post then fails as a whole: the
 * comment stays under this, with room for a bot's own header.
 */
export const MARKDOWN_MAX_CHARS = 60_000;

/** Marks the comment as ours, so a sticky-comment action can find and update it. */
export const COMMENT_MARKER = '<!-- error-registry-guard -->';

/** `409 · meaning` of an entry, with its code when the finding is about another code (a rename). */
function entryCell(view: EntryView | undefined, f: Finding): string {
  if (!view) return '—';
  const parts = [view.status === null ? '?' : String(view.status), escapeCell(view.meaning)];
  if (view.code !== f.code) parts.unshift(code(view.code));
  const cell = parts.join(' · ');
  return f.rule === 'HANDLING_CHANGED' ? `${cell}<br>handling: ${escapeCell(view.handling)}` : cell;
}

/** `RULE \`CODE\`` */
function label(f: Finding): string {
  return f.code ? `${f.rule} ${code(f.code)}` : f.rule;
}

const SEVERITY_ICON = { error: '❌ error', warning: '⚠️ warning', info: 'ℹ️ info' } as const;

export const formatMarkdown: Formatter = (unsafe) => {
  // Control characters escaped; line breaks become `<br>` (escapeCell).
  const report = safeReport(unsafe, true);
  const s = report.summary;
  // The comment names the file once (registry lines) when the report is about one file.
  const onePath = new Set([...report.registries.map((r) => r.path), ...report.findings.map((f) => f.path)]).size <= 1;
  const where = (f: Finding) => code(onePath ? (f.line > 0 ? `line ${f.line}` : 'whole file') : location(f));
  const breaking = report.findings
    .filter((f) => !f.allowed && f.severity !== 'info')
    .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
  const accepted = report.findings.filter((f) => f.allowed);
  const added = report.findings.filter((f) => !f.allowed && f.rule === 'CODE_ADDED');
  const notes = report.findings.filter((f) => !f.allowed && f.severity === 'info' && f.rule !== 'CODE_ADDED');

  const head = [
    COMMENT_MARKER,
    report.ok
      ? `### ✅ Error registry check passed: ${countsText(s)}`
      : `### ❌ Error registry check failed: ${countsText(s)} (fails on ${report.failOn})`,
    '',
    ...registryLines(report),
  ];
  interface Section {
    lines: string[];
    rows: string[];
    close?: string[];
  }
  // Sections in order of importance: when the comment must be cut, additions go first.
  const sections: Section[] = [
    {
      lines: [
        '',
        `#### Breaking changes (${breaking.length})`,
        '',
        '| Severity | Rule | Code | Location | Before | After | Message |',
        '|---|---|---|---|---|---|---|',
      ],
      rows: breaking.map(
        (f) =>
          `| ${SEVERITY_ICON[f.severity]} | ${f.rule} | ${f.code ? code(f.code) : '—'} | ${where(f)} | ${entryCell(f.before, f)} | ${entryCell(f.after, f)} | ${escapeCell(f.message)} |`,
      ),
    },
    {
      lines: usageHead(report),
      rows: usageRowsShown(report).map(usageRow),
    },
    {
      lines: ['', `#### Accepted changes (${accepted.length})`, ''],
      // What was accepted stays visible: the entry before and after, under the reason.
      rows: accepted.map((f) =>
        [
          `- ${label(f)} (${f.severity}, ${where(f)}): ${escapeCell(acceptedReason(f))}`,
          ...(f.before ? [`  - before: ${entryCell(f.before, f)}`] : []),
          ...(f.after ? [`  - after: ${entryCell(f.after, f)}`] : []),
        ].join('\n'),
      ),
    },
    {
      lines: ['', `<details><summary>Other changes (${notes.length})</summary>`, ''],
      rows: notes.map((f) => `- ${label(f)} (${where(f)}): ${escapeCell(f.message)}`),
      close: ['', '</details>'],
    },
    {
      lines: ['', `<details><summary>${plural(added.length, 'code')} added</summary>`, ''],
      rows: added.map((f) => {
        const a = f.after;
        const what = a
          ? `${a.status ?? '?'} · ${escapeCell(a.meaning)}${a.section ? ` (${escapeCell(a.section)})` : ''}`
          : escapeCell(f.message);
        return `- ${f.code ? code(f.code) : '—'} ${what}, ${where(f)}`;
      }),
      close: ['', '</details>'],
    },
  ].filter((section) => section.rows.length > 0);

  const size = (text: string) => text.length;
  const lineCost = (lines: readonly string[]) => lines.reduce((n, line) => n + line.length + 1, 0);
  // A blank line first: the note must not read as a table row or continue a list item.
  const note = (n: number) =>
    `\n_${n} more not shown: a comment is limited to ${MARKDOWN_MAX_CHARS.toLocaleString('en-US')} characters; see the job log or the \`json\` report._`;
  const fixedCost = (section: Section) => lineCost([...section.lines, ...(section.close ?? [])]);
  // Each later section keeps room for its heading and a note, so that it is at least announced.
  const minimum = (section: Section) => fixedCost(section) + size(note(section.rows.length)) + 1;
  let budget = MARKDOWN_MAX_CHARS - lineCost(head);
  const out = [...head];
  sections.forEach((section, i) => {
    const reserved = sections.slice(i + 1).reduce((n, later) => n + minimum(later), 0);
    const kept = fitRows(section.rows, Math.max(0, budget - reserved - fixedCost(section)), size, note);
    out.push(...section.lines, ...kept, ...(section.close ?? []));
    budget -= fixedCost(section) + lineCost(kept);
  });
  return `${out.join('\n')}\n`;
};
