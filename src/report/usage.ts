/**
 * The usage matrix in the markdown comment and the GitHub job summary: for a check, the codes the
 * change adds or changes (who raises them, who handles them); for a scan, every code.
 */
import { RULES } from '../checks/catalog.js';
import type { UsagePlace, UsageRow } from '../model.js';
import { code, escapeCell } from './markdown-text.js';
import type { Report } from './types.js';

/** Places shown in a cell before `+N more`. */
const PLACES_PER_CELL = 5;

function cell(places: readonly UsagePlace[]): string {
  if (places.length === 0) return '—';
  const shown = places.slice(0, PLACES_PER_CELL).map((p) => code(`${p.path}:${p.line}`));
  const more = places.length - shown.length;
  return escapeCell(shown.join(', ')) + (more > 0 ? ` +${more} more` : '');
}

/** The rows worth showing: codes with a compatibility finding in a check, every code in a scan. */
export function usageRowsShown(report: Report): UsageRow[] {
  if (!report.usage) return [];
  if (report.command === 'scan') return report.usage;
  const changed = new Set(
    report.findings.filter((f) => f.code && RULES.get(f.rule)?.kind === 'compat').map((f) => f.code),
  );
  return report.usage.filter((row) => changed.has(row.code));
}

/** The heading and table head of the matrix. */
export function usageHead(report: Report): string[] {
  const what =
    report.command === 'scan' ? 'Usage of the registry codes' : 'Usage of the codes this change adds or changes';
  return ['', `#### ${what}`, '', '| Code | Raised by | Handled by |', '|---|---|---|'];
}

export function usageRow(row: UsageRow): string {
  return `| ${code(row.code)} | ${cell(row.raisedBy)} | ${cell(row.handledBy)} |`;
}
