/**
 * The registry against the code that uses it (`scan`, and `check` with `sources`): pure, over what
 * the extractors found (scan/model.ts). Per-file rules (DETAIL_BRANCHING, UNKNOWN_CODE,
 * UNREGISTERED_CODE, DEPRECATED_CODE_USED) need only the files scanned; whole-tree rules
 * (CODE_UNHANDLED, CODE_NOT_RAISED) need every source, and run only when asked (`wholeTree`).
 */
import type * as Levenshtein from 'fastest-levenshtein';
import { lazyRequire } from '../lazy-require.js';
import type { Finding, UsageRow } from '../model.js';
import type { CodeUse, FileScan } from '../scan/model.js';
import { emitterOf } from './finding.js';

const emitDetail = emitterOf('DETAIL_BRANCHING');
const emitUnknown = emitterOf('UNKNOWN_CODE');
const emitUnregistered = emitterOf('UNREGISTERED_CODE');
const emitDeprecated = emitterOf('DEPRECATED_CODE_USED');
const emitUnhandled = emitterOf('CODE_UNHANDLED');
const emitNotRaised = emitterOf('CODE_NOT_RAISED');

const levenshtein = lazyRequire<typeof Levenshtein>('fastest-levenshtein');

/** A registry code as the usage rules see it. */
export interface RegistryCode {
  code: string;
  deprecated: boolean;
  /** The registry it is in, and its row. */
  path: string;
  line: number;
}

export interface UsageInput {
  codes: readonly RegistryCode[];
  files: readonly FileScan[];
  /** Run the whole-tree rules (every source was scanned). */
  wholeTree: boolean;
  /** Which roles the config has sources for (the whole-tree rules need them). */
  roles: { producer: boolean; consumer: boolean };
  /** Codes the change adds (check): CODE_UNHANDLED names the consumer sources not handling them yet. */
  added?: ReadonlySet<string>;
  /** The consumer sources' globs, for that message. */
  consumers?: readonly string[];
}

export interface UsageResult {
  findings: Finding[];
  usage: UsageRow[];
}

/** The registered code a string most likely meant, when one is close. */
export function nearestCode(text: string, codes: readonly string[]): string | undefined {
  if (codes.length === 0) return undefined;
  const best = levenshtein().closest(text, codes);
  return levenshtein().distance(text, best) <= Math.max(2, Math.floor(text.length / 4)) ? best : undefined;
}

function at(use: CodeUse, language: FileScan['language']) {
  return { code: use.code, path: use.path, line: use.line, column: use.column, language };
}

/**
 * CODE_UNHANDLED's message for a code, or undefined when it is handled enough: a code no consumer
 * handles; a code the change adds, while any consumer source does not handle it yet (named).
 */
function unhandledMessage(code: string, row: UsageRow, input: UsageInput): string | undefined {
  if (input.added?.has(code) && input.consumers) {
    const handling = new Set(
      input.files.filter((f) => f.codes.some((u) => u.code === code && u.kind === 'handle')).map((f) => f.source),
    );
    const missing = input.consumers.filter((glob) => !handling.has(glob));
    if (missing.length === 0) return undefined;
    return `${code} is added by this change and client-visible: not handled yet by the consumers ${missing.join(', ')}`;
  }
  return row.handledBy.length === 0 ? `no consumer handles ${code}` : undefined;
}

export function judgeUsage(input: UsageInput): UsageResult {
  const known = new Map(input.codes.map((c) => [c.code, c]));
  const names = [...known.keys()];
  const findings: Finding[] = [];
  const rows = new Map<string, UsageRow>(
    input.codes.map((c) => [c.code, { code: c.code, raisedBy: [], handledBy: [] }]),
  );
  for (const file of input.files) {
    for (const d of file.details)
      findings.push(
        emitDetail({
          message: `decides on a problem's detail text (${d.how}): the text may be reworded at any time; branch on its code`,
          path: d.path,
          line: d.line,
          column: d.column,
          language: file.language,
        }),
      );
    for (const use of file.codes) {
      const entry = known.get(use.code);
      const row = rows.get(use.code);
      if (row) (use.kind === 'raise' ? row.raisedBy : row.handledBy).push({ path: use.path, line: use.line });
      if (!entry) {
        const near = nearestCode(use.code, names);
        const hint = near ? `; did you mean ${near}?` : '';
        findings.push(
          use.kind === 'raise'
            ? emitUnregistered({
                message: `raises ${use.code} (${use.how}), which the registry lacks: register it before it ships${hint}`,
                ...at(use, file.language),
              })
            : emitUnknown({
                message: `handles ${use.code} (${use.how}), which the registry lacks${hint}`,
                ...at(use, file.language),
              }),
        );
      } else if (entry.deprecated) {
        findings.push(
          emitDeprecated({
            message: `${use.kind === 'raise' ? 'raises' : 'handles'} ${use.code}, which the registry deprecates`,
            ...at(use, file.language),
          }),
        );
      }
    }
  }
  if (input.wholeTree) {
    for (const entry of input.codes) {
      const row = rows.get(entry.code)!;
      if (input.roles.consumer && !entry.deprecated) {
        const message = unhandledMessage(entry.code, row, input);
        if (message) findings.push(emitUnhandled({ code: entry.code, message, path: entry.path, line: entry.line }));
      }
      if (input.roles.producer && row.raisedBy.length === 0)
        findings.push(
          emitNotRaised({
            code: entry.code,
            message: `no producer raises ${entry.code}`,
            path: entry.path,
            line: entry.line,
          }),
        );
    }
  }
  return { findings, usage: [...rows.values()] };
}
