/** The report for people: grouped by file, one line a finding, word diffs for rewordings. */
import type * as Diff from 'diff';
import type Picocolors from 'picocolors';
import { lazyRequire, requireAs } from '../lazy-require.js';
import type { Finding } from '../model.js';
import { acceptedReason, changedText, namedBaselines, renamedTo } from './details.js';
import { infoSummaryLines, isSummarised, nextStepLines } from './next-steps.js';
import { safeReport } from './safe-text.js';
import type { Formatter, Report } from './types.js';

const pc = requireAs<typeof Picocolors>('picocolors');

type Colors = ReturnType<typeof pc.createColors>;

function severityLabel(f: Finding, c: Colors): string {
  if (f.allowed) return c.dim('allowed');
  if (f.severity === 'error') return c.red('error  ');
  if (f.severity === 'warning') return c.yellow('warning');
  return c.blue('info   ');
}

/** Loaded on first use: only rewordings need it, and most reports have none. */
const diffPackage = lazyRequire<typeof Diff>('diff');

/** Old and new text as one line: removed words struck in red, added words in green. */
export function wordDiff(before: string, after: string, c: Colors, color: boolean): string {
  return diffPackage()
    .diffWords(before, after)
    .map((part) => {
      if (part.added) return color ? c.green(part.value) : `{+${part.value}+}`;
      if (part.removed) return color ? c.red(c.strikethrough(part.value)) : `[-${part.value}-]`;
      return part.value;
    })
    .join('');
}

function details(f: Finding, c: Colors, color: boolean): string[] {
  const lines: string[] = [];
  const changed = changedText(f);
  if (changed) lines.push(`${changed.field}: ${wordDiff(changed.before, changed.after, c, color)}`);
  const renamed = renamedTo(f);
  if (renamed) lines.push(`now: ${renamed.code} (${renamed.status ?? '?'}) ${renamed.meaning}`);
  if (f.commit)
    lines.push(
      `commit ${f.commit.sha.slice(0, 7)} ${f.commit.date.slice(0, 10)} ${f.commit.author}: ${f.commit.subject}`,
    );
  const against = namedBaselines(f);
  if (against.length > 0) lines.push(`against ${against.join(', ')}`);
  if (f.allowed && f.reason) lines.push(`accepted: ${acceptedReason(f)}`);
  return lines;
}

function verdict(report: Report, c: Colors): string {
  const s = report.summary;
  const counts = [
    `${s.errors} error${s.errors === 1 ? '' : 's'}`,
    `${s.warnings} warning${s.warnings === 1 ? '' : 's'}`,
    `${s.infos} info`,
    ...(s.allowed ? [`${s.allowed} allowed`] : []),
  ].join(', ');
  return report.ok ? c.green(`✔ ok: ${counts}`) : c.red(`✖ failed (fail-on ${report.failOn}): ${counts}`);
}

export const formatText: Formatter = (unsafe, options) => {
  // Registry, config and git text cannot drive the terminal or start a line of its own.
  const report = safeReport(unsafe);
  const c = pc.createColors(options.color);
  const out: string[] = [];
  for (const registry of report.registries) {
    const against = registry.baselines
      .map((b) => `${b.id} (${b.entries} codes${b.note ? `; ${b.note}` : ''})`)
      .join(', ');
    out.push(
      c.bold(`${registry.path}`) + c.dim(` — ${registry.entries} codes${against ? `, against ${against}` : ''}`),
    );
  }
  const byPath = new Map<string, Finding[]>();
  for (const f of report.findings) byPath.set(f.path, [...(byPath.get(f.path) ?? []), f]);
  for (const [file, findings] of byPath) {
    out.push('', c.underline(file));
    const folded = options.verbose ? [] : findings.filter(isSummarised);
    for (const f of findings) {
      if (folded.includes(f)) continue;
      out.push(
        `${c.dim(`${file}:${f.line}`)}  ${severityLabel(f, c)}  ${c.bold(f.rule)}  ${f.code ?? '-'}  ${f.message}`,
      );
      for (const line of details(f, c, options.color)) out.push(`    ${c.dim(line)}`);
    }
    for (const line of infoSummaryLines(folded)) out.push(`${c.dim(file)}  ${c.blue('info   ')}  ${line}`);
  }
  out.push('', verdict(report, c));
  if (options.next) out.push(...nextStepLines(report, options.next));
  return `${out.join('\n')}\n`;
};
