/**
 * The pull-request comment: a verdict, the breaking findings with what each code was before and
 * after, the accepted ones with their reasons, and the additions folded away. Also home of the
 * markdown helpers the GitHub job summary shares.
 */
import type { EntryView, Finding } from '../model.js';
import { SEVERITY_RANK } from '../model.js';
import type { Formatter, Report, Summary } from './types.js';

/**
 * GitHub rejects a comment body over 65,536 characters, and the post then fails as a whole: the
 * comment stays under this, with room for a bot's own header.
 */
export const MARKDOWN_MAX_CHARS = 60_000;

/** Marks the comment as ours, so a sticky-comment action can find and update it. */
export const COMMENT_MARKER = '<!-- error-registry-guard -->';

/**
 * Text for a table cell or a list item. A pipe ends the cell and a newline the row; inline HTML is
 * live in GitHub markdown, so registry text could otherwise open tags. Backslashes are doubled so
 * that a `\` before a pipe cannot undo the pipe's escape.
 */
export function escapeCell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r\n|\r|\n/g, '<br>');
}

/** Inline code when the text is a plain identifier or path; escaped text otherwise (a backtick or pipe inside a code span cannot be escaped reliably). */
export function code(text: string): string {
  return /^[\w./@:+-]+$/.test(text) ? `\`${text}\`` : escapeCell(text);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `2 errors, 1 warning, 28 info, 1 allowed` */
export function countsText(s: Summary): string {
  return `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${s.infos} info, ${s.allowed} allowed`;
}

/** Unaccepted findings at or above the fail level: the ones that fail the run. */
export function isFailing(f: Finding, report: Report): boolean {
  return !f.allowed && SEVERITY_RANK[f.severity] >= SEVERITY_RANK[report.failOn];
}

/** Where a finding is: `path:line`, or the path alone for findings about a whole file. */
export function location(f: Finding): string {
  return f.line > 0 ? `${f.path}:${f.line}` : f.path;
}

/** One line per checked registry: its size and the baselines it was compared with. */
export function registryLines(report: Report): string[] {
  return report.registries.map((r) => {
    const against = r.baselines
      .map((b) => `${code(b.id)} (${plural(b.entries, 'code')}${b.note ? `; ${escapeCell(b.note)}` : ''})`)
      .join(', ');
    return `- ${code(r.path)}: ${plural(r.entries, 'code')}${against ? `, against ${against}` : ''}`;
  });
}

/**
 * As many rows as fit in `budget` (measured by `size`, each row plus its newline), then a line
 * saying how many were left out. Room for that line is kept only when something must be left out.
 */
export function fitRows(
  rows: readonly string[],
  budget: number,
  size: (text: string) => number,
  omittedNote: (omitted: number) => string,
): string[] {
  const total = rows.reduce((n, row) => n + size(row) + 1, 0);
  if (total <= budget) return [...rows];
  const reserve = size(omittedNote(rows.length)) + 1;
  const kept: string[] = [];
  let used = 0;
  for (const row of rows) {
    const cost = size(row) + 1;
    if (used + cost > budget - reserve) break;
    kept.push(row);
    used += cost;
  }
  return [...kept, omittedNote(rows.length - kept.length)];
}

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

export const formatMarkdown: Formatter = (report) => {
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
      lines: ['', `#### Accepted changes (${accepted.length})`, ''],
      // What was accepted stays visible: the entry before and after, under the reason.
      rows: accepted.map((f) =>
        [
          `- ${label(f)} (${f.severity}, ${where(f)}): ${escapeCell(f.reason ?? 'no reason given')}`,
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
