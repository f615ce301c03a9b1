/** What `generate` prints: the files written (or, with --check, each stale file's diff), as text or JSON. */
import { UsageError } from '../errors.js';
import type { FormatName } from '../report/formats.js';
import { escapeLines, jsonText } from '../report/safe-text.js';
import type { GenerateResult } from './generate.js';

/** Prints the result and returns the exit code: 1 when --check found a stale file, else 0. */
export function printGenerate(
  result: GenerateResult,
  options: { check: boolean; format: FormatName; cwd: string },
  out: (text: string) => void,
): number {
  const failed = options.check && result.stale.length > 0;
  if (options.format === 'json') {
    out(
      jsonText(
        options.check
          ? { ok: !failed, stale: result.stale, unchanged: result.unchanged }
          : { written: result.written, unchanged: result.unchanged },
      ),
    );
    return failed ? 1 : 0;
  }
  if (options.format !== 'text') throw new UsageError(`generate prints text or json (got --format ${options.format})`);
  const lines: string[] = [];
  if (options.check) {
    for (const stale of result.stale)
      lines.push(`${stale.path} is stale: run 'error-registry-guard generate'`, stale.diff);
    if (!failed) lines.push(`${result.unchanged.length} generated file(s) up to date`);
  } else {
    lines.push(
      ...result.written.map((file) => `wrote ${file}`),
      ...result.unchanged.map((file) => `${file} is up to date`),
    );
  }
  out(escapeLines(`${lines.join('\n').replace(/\n+$/, '')}\n`));
  return failed ? 1 : 0;
}
