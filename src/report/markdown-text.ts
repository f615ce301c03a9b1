/**
 * Markdown building blocks the pull-request comment (markdown.ts) and the GitHub job summary
 * (github.ts) share: escaping, counts, the registry lines, and cutting rows to a size limit.
 */
import type { Report, Summary } from './types.js';

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

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `2 errors, 1 warning, 28 info, 1 allowed` */
export function countsText(s: Summary): string {
  return `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${s.infos} info, ${s.allowed} allowed`;
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
