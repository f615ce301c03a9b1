/**
 * GitHub Actions: workflow-command annotations on stdout, and a markdown job summary the CLI appends
 * to the file named by GITHUB_STEP_SUMMARY. GitHub shows at most 10 annotations of each level
 * (error, warning, notice) per step and silently drops the rest, and aborts the upload of a step
 * summary over 1 MiB: both limits shape what is rendered here.
 */
import type { Finding } from '../model.js';
import { findingDetails, findingMessage, location, newAcceptances } from './details.js';
import { code, countsText, escapeCell, fitRows, registryLines } from './markdown-text.js';
import { escapeControls, safeReport } from './safe-text.js';
import { isFailing, type Formatter, type Report } from './types.js';
import { usageHead, usageRow, usageRowsShown } from './usage.js';

/** Annotations of one level GitHub shows per step. */
export const ANNOTATIONS_PER_LEVEL = 10;
/** GitHub's cap on one step's summary ("supports content up to a size of 1024k"). */
export const GITHUB_SUMMARY_LIMIT = 1024 * 1024;
/** Default cap of the rendered summary: the step's summary file may already hold other content. */
export const DEFAULT_SUMMARY_BYTES = GITHUB_SUMMARY_LIMIT - 64 * 1024;

export type AnnotationLevel = 'error' | 'warning' | 'notice';

/** Escaping of a command's message (the toolkit's escapeData): a raw newline would end the command and start a new line the runner parses. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of a command property (the toolkit's escapeProperty): `,` separates properties and `:` ends them. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Accepted findings never fail the run, so they are notices whatever their severity. */
export function annotationLevel(f: Finding): AnnotationLevel {
  if (f.allowed || f.severity === 'info') return 'notice';
  return f.severity;
}

/** Errors, warnings, then notices; among notices the accepted breaking changes before additions and other infos. */
function priority(f: Finding): number {
  if (f.allowed) return 2;
  return f.severity === 'error' ? 0 : f.severity === 'warning' ? 1 : 3;
}

export interface AnnotationPlan {
  /** What is emitted, in order: at most ANNOTATIONS_PER_LEVEL of each level. */
  annotated: Finding[];
  /** The rest, which GitHub would drop: counted in the summary instead of emitted. */
  notAnnotated: Finding[];
}

export function planAnnotations(findings: readonly Finding[]): AnnotationPlan {
  const ordered = findings.map((f, i) => ({ f, i })).sort((a, b) => priority(a.f) - priority(b.f) || a.i - b.i);
  const used: Record<AnnotationLevel, number> = { error: 0, warning: 0, notice: 0 };
  const plan: AnnotationPlan = { annotated: [], notAnnotated: [] };
  for (const { f } of ordered) {
    const level = annotationLevel(f);
    if (used[level] < ANNOTATIONS_PER_LEVEL) {
      used[level]++;
      plan.annotated.push(f);
    } else plan.notAnnotated.push(f);
  }
  return plan;
}

/** `::error file=PATH,line=N,title=RULE::message` */
export function annotation(f: Finding): string {
  // Control characters escaped here too, for callers that pass findings of their own.
  const safe = (text: string) => escapeControls(text, true);
  const props = [`file=${escapeProperty(safe(f.path))}`];
  // Line 0 means "the whole file": an annotation without a line is attached to the file.
  if (f.line > 0) props.push(`line=${f.line}`);
  if (f.line > 0 && f.column) props.push(`col=${f.column}`);
  props.push(`title=${escapeProperty(safe(f.rule))}`);
  return `::${annotationLevel(f)} ${props.join(',')}::${escapeData(safe([findingMessage(f), ...findingDetails(f)].join('\n')))}`;
}

/** `18 findings were not annotated (18 notices): …`: the levels tell whether anything failing was left out. */
function notAnnotatedText(dropped: readonly Finding[]): string {
  const n = dropped.length;
  const levels = (['error', 'warning', 'notice'] as const)
    .map((level) => [level, dropped.filter((f) => annotationLevel(f) === level).length] as const)
    .filter(([, count]) => count > 0)
    .map(([level, count]) => `${count} ${level}${count === 1 ? '' : 's'}`);
  return `${n} finding${n === 1 ? ' was' : 's were'} not annotated (${levels.join(', ')}): GitHub shows at most ${ANNOTATIONS_PER_LEVEL} error, ${ANNOTATIONS_PER_LEVEL} warning and ${ANNOTATIONS_PER_LEVEL} notice annotations per step.`;
}

export const formatGithub: Formatter = (unsafe) => {
  // Control characters escaped; line breaks are escapeData's (`%0A`), so no text starts a command.
  const report = safeReport(unsafe, true);
  const plan = planAnnotations(report.findings);
  const lines = plan.annotated.map(annotation);
  const verdict = report.ok ? 'passed' : `failed (fails on ${report.failOn})`;
  const dropped = plan.notAnnotated.length > 0 ? ` ${notAnnotatedText(plan.notAnnotated)}` : '';
  lines.push(`error-registry-guard ${report.command} ${verdict}: ${countsText(report.summary)}.${dropped}`);
  return `${lines.join('\n')}\n`;
};

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Cuts to at most `maxBytes` of UTF-8 without splitting a character. */
function truncateBytes(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = Math.max(0, maxBytes);
  // Back up over continuation bytes (10xxxxxx) to the start of the cut character.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}

/** A table cell of a message cut to a readable length: one huge registry cell must not crowd out the other rows. */
function clip(text: string, max = 1000): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * The job summary: verdict, counts, what was checked, how many findings were not annotated, and
 * the table of failing findings (the complete list the annotations could not show), cut to
 * `maxBytes` of UTF-8 with a note saying how many rows were left out.
 */
export function renderGithubSummary(unsafe: Report, maxBytes: number = DEFAULT_SUMMARY_BYTES): string {
  const report = safeReport(unsafe, true);
  const s = report.summary;
  const failing = report.findings.filter((f) => isFailing(f, report.failOn));
  const dropped = planAnnotations(report.findings).notAnnotated;
  const head = [
    report.ok
      ? `### ✅ error-registry-guard ${report.command} passed`
      : `### ❌ error-registry-guard ${report.command} failed`,
    '',
    `${countsText(s)}; ${s.failing} failing (fails on ${report.failOn}).`,
    '',
    ...registryLines(report),
    ...(dropped.length > 0 ? ['', notAnnotatedText(dropped)] : []),
    ...acceptedByChange(report),
    ...usageSummary(report),
    '',
  ];
  const tableHead =
    failing.length > 0
      ? ['| Severity | Rule | Code | Location | Message |', '|---|---|---|---|---|']
      : ['No failing findings.'];
  const rows = failing.map(
    (f) =>
      `| ${f.severity} | ${f.rule} | ${f.code ? code(f.code) : '—'} | ${code(location(f))} | ${escapeCell(clip([findingMessage(f), ...findingDetails(f)].join('\n')))} |`,
  );
  const fixed = [...head, ...tableHead].join('\n') + '\n';
  const kept = fitRows(
    rows,
    maxBytes - byteLength(fixed),
    byteLength,
    (n) =>
      `\n_${n} more failing finding${n === 1 ? '' : 's'} not shown: the job summary is limited to ${maxBytes} bytes; see the job log or the \`json\` report._`,
  );
  // The cut above keeps whole rows; this guard only matters when even the header does not fit.
  return truncateBytes(`${fixed}${kept.join('\n')}\n`, maxBytes);
}

/** The usage matrix (report/usage.ts), at most USAGE_SUMMARY_ROWS rows: the findings table comes after it. */
const USAGE_SUMMARY_ROWS = 50;
function usageSummary(report: Report): string[] {
  const rows = usageRowsShown(report);
  if (rows.length === 0) return [];
  const more = rows.length - USAGE_SUMMARY_ROWS;
  return [
    ...usageHead(report),
    ...rows.slice(0, USAGE_SUMMARY_ROWS).map(usageRow),
    ...(more > 0 ? ['', `_${more} more codes not shown; see the \`json\` report._`] : []),
  ];
}

/** The acceptances the change adds itself, one line each, so that a reviewer reads them. */
function acceptedByChange(report: Report): string[] {
  const added = newAcceptances(report.findings);
  if (added.length === 0) return [];
  return [
    '',
    '**Accepted by this change:**',
    ...added.map((f) => `- ${f.rule}${f.code ? ` ${code(f.code)}` : ''}: ${escapeCell(f.reason ?? 'no reason given')}`),
  ];
}
