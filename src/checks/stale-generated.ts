/**
 * GENERATED_STALE: a file that config `generate` lists differs from what `generate` would write now
 * from the registry being checked (or is missing, or cannot be generated because the registry cannot
 * be read one way only). Pure: the files' bytes are loaded by sources/codegen.ts.
 */
import type { GenerateTarget } from '../config/types.js';
import { generateSource, type GenerateInput } from '../generate/index.js';
import type { Finding, ParsedRegistry } from '../model.js';
import type { RuleId } from './catalog.js';
import { emitterOf } from './finding.js';
import { lint, type LintOptions } from './lint.js';

const emit = emitterOf('GENERATED_STALE');

/**
 * Lint rules whose findings leave no single reading of the registry to generate from: a table that
 * cannot be read, a code twice, a status that is not a number, a code of another format.
 */
const BLOCKING: ReadonlySet<RuleId> = new Set([
  'PARSE_ERROR',
  'DUPLICATE_CODE',
  'INVALID_STATUS',
  'INVALID_CODE_FORMAT',
]);

/** What `generate` writes for a target: the file's text, or why it cannot (the first blocking lint finding). */
export type Expected = { text: string } | { blocked: Finding };

/** The first blocking finding of each registry, by code format: a registry with five targets is linted once. */
const blockingCache = new WeakMap<ParsedRegistry, Map<string, Finding | null>>();

function blockingFinding(registry: ParsedRegistry, path: string, lintOptions: LintOptions): Finding | undefined {
  let byFormat = blockingCache.get(registry);
  if (!byFormat) blockingCache.set(registry, (byFormat = new Map<string, Finding | null>()));
  const key = `${path}\0${lintOptions.codeFormat?.name ?? ''}`;
  let found = byFormat.get(key);
  if (found === undefined) {
    found = lint(registry, path, lintOptions).find((f) => BLOCKING.has(f.rule)) ?? null;
    byFormat.set(key, found);
  }
  return found ?? undefined;
}

export function expectedSource(
  target: GenerateTarget,
  registry: ParsedRegistry,
  lintOptions: LintOptions = {},
): Expected {
  const blocked = blockingFinding(registry, target.registry, lintOptions);
  if (blocked) return { blocked };
  const input: GenerateInput = {
    registry: target.registry,
    entries: registry.entries,
    typeName: target.typeName,
    ...(target.package !== undefined ? { package: target.package } : {}),
  };
  return { text: generateSource(target.language, input) };
}

/** One generated file as the check sees it: what `generate` would write, and what is there. */
export interface GeneratedFile {
  target: GenerateTarget;
  expected: Expected;
  /** The file's bytes (working tree or index); undefined when it is not there. */
  actual: Uint8Array | undefined;
  /** Where it was read from, for the message: `the index` or `the working tree`. */
  readFrom: string;
}

/** The 1-based line of the first difference between two texts. */
export function firstDifferentLine(a: string, b: string): number {
  const left = a.split('\n');
  const right = b.split('\n');
  let i = 0;
  while (i < left.length && i < right.length && left[i] === right[i]) i += 1;
  return i + 1;
}

/** GENERATED_STALE for each file that is not what `generate` would write. */
export function staleGenerated(files: readonly GeneratedFile[]): Finding[] {
  const fix = "run 'error-registry-guard generate' and commit the result with the registry";
  return files.flatMap(({ target, expected, actual, readFrom }): Finding[] => {
    if ('blocked' in expected) {
      return [
        emit({
          path: target.path,
          line: 1,
          message: `${target.path} cannot be generated from ${target.registry}: ${expected.blocked.rule} at line ${expected.blocked.line}; fix the registry, then ${fix}`,
        }),
      ];
    }
    if (actual === undefined)
      return [emit({ path: target.path, line: 1, message: `${target.path} is not in ${readFrom}: ${fix}` })];
    const bytes = Buffer.from(expected.text, 'utf8');
    if (Buffer.from(actual).equals(bytes)) return [];
    const line = firstDifferentLine(Buffer.from(actual).toString('utf8'), expected.text);
    return [
      emit({
        path: target.path,
        line,
        message: `${target.path} is not what 'generate' writes from ${target.registry} (first difference at line ${line}): ${fix}`,
      }),
    ];
  });
}
