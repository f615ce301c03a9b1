/**
 * `generate [--check] [--registry PATH]`: write the source files config `generate` lists, each from
 * its registry (src/generate/), atomically (files/write.ts, as snapshots are written), or with
 * `--check` write nothing and list each stale file with a unified diff.
 *
 * Everything is decided before anything is written: every registry read and linted, every path
 * checked to stay inside the repository; a registry that cannot be read one way only is refused.
 */
import { mkdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type * as Diff from 'diff';
import { expectedSource } from '../checks/stale-generated.js';
import { loadConfig } from '../config/load.js';
import type { Config, GenerateTarget } from '../config/types.js';
import { UsageError } from '../errors.js';
import { isInside } from '../files/read.js';
import { writeWhole } from '../files/write.js';
import { lazyRequire } from '../lazy-require.js';
import type { ParsedRegistry } from '../model.js';
import { parseOrFail, readRegistryFile } from '../sources/file.js';
import { readGeneratedFile } from '../sources/codegen.js';
import { selectRegistries, type CommonOptions } from './options.js';

const diff = lazyRequire<typeof Diff>('diff');

export interface GenerateOptions extends CommonOptions {
  /** Write nothing: report the files that differ. */
  check?: boolean;
  /** Only the targets generated from this registry (path as configured). */
  registry?: string;
}

export interface StaleFile {
  /** Path relative to the root. */
  path: string;
  /** Unified diff from the file as it is to what `generate` writes. */
  diff: string;
}

export interface GenerateResult {
  /** Paths (relative to the root) written, or that `--check` found stale. */
  written: string[];
  /** Paths already up to date. */
  unchanged: string[];
  /** With `--check`: each stale file and its diff. */
  stale: StaleFile[];
}

/** The nearest folder of `file` that exists, resolved: it must be inside the repository. */
function realFolderOf(file: string): string {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    try {
      return realpathSync(dir);
    } catch {
      if (path.dirname(dir) === dir) return dir;
    }
  }
}

/** Refuses a target whose folder resolves outside the repository, or that is (a link to) a registry or the config. */
function checkWritable(config: Config, target: GenerateTarget): void {
  const root = realpathSync(config.root);
  const full = path.join(config.root, target.path);
  const folder = realFolderOf(full);
  if (!isInside(folder, root))
    throw new UsageError(
      `generate path ${target.path} resolves to ${folder}, outside the repository: point it at a folder inside it`,
    );
  let real: string;
  try {
    real = realpathSync(full);
  } catch {
    return; // not there yet: created in a folder checked above
  }
  const guarded = [
    ...config.registries.map((r) => path.join(config.root, r.path)),
    ...(config.file ? [config.file] : []),
  ];
  for (const file of guarded) {
    let other: string | undefined;
    try {
      other = realpathSync(file);
    } catch {
      continue;
    }
    if (other === real)
      throw new UsageError(
        `generate path ${target.path} is a link to ${path.relative(config.root, file)}: give the generated file its own path`,
      );
  }
}

function parsedRegistry(config: Config, registry: string, cache: Map<string, ParsedRegistry>): ParsedRegistry {
  let parsed = cache.get(registry);
  if (!parsed) {
    parsed = parseOrFail(readRegistryFile(path.join(config.root, registry), registry, { root: config.root }), registry);
    cache.set(registry, parsed);
  }
  return parsed;
}

export function runGenerate(options: GenerateOptions): GenerateResult {
  const config = loadConfig(options.cwd, options.config);
  let targets = config.generate ?? [];
  if (targets.length === 0)
    throw new UsageError(
      'the config lists no "generate" targets: add one, e.g. {"language": "ts", "path": "src/error-codes.ts"} (see docs/generate.md)',
    );
  if (options.registry !== undefined) {
    const [registry] = selectRegistries(config, options.registry);
    targets = targets.filter((t) => t.registry === registry!.path);
    if (targets.length === 0) throw new UsageError(`no "generate" target is generated from ${options.registry}`);
  }
  const parsed = new Map<string, ParsedRegistry>();
  const plans = targets.map((target) => {
    const expected = expectedSource(target, parsedRegistry(config, target.registry, parsed), {
      codeFormat: config.codeFormat,
    });
    if ('blocked' in expected)
      throw new UsageError(
        `${target.registry}:${expected.blocked.line}: ${expected.blocked.rule}: ${expected.blocked.message}; fix the registry (see 'error-registry-guard lint') before generating: nothing was written`,
      );
    checkWritable(config, target);
    return { target, text: expected.text, actual: readGeneratedFile(config, target) };
  });
  const result: GenerateResult = { written: [], unchanged: [], stale: [] };
  for (const { target, text, actual } of plans) {
    if (actual?.equals(Buffer.from(text, 'utf8'))) {
      result.unchanged.push(target.path);
      continue;
    }
    result.written.push(target.path);
    if (options.check) {
      const before = actual === undefined ? '' : actual.toString('utf8');
      const patch = diff().createTwoFilesPatch(
        actual === undefined ? '/dev/null' : `a/${target.path}`,
        `b/${target.path}`,
        before,
        text,
        undefined,
        undefined,
        { context: 3 },
      );
      result.stale.push({ path: target.path, diff: patch.replace(/^=+\n/, '') });
    }
  }
  if (options.check) return result;
  for (const file of result.written) {
    const plan = plans.find((p) => p.target.path === file)!;
    const full = path.join(config.root, file);
    mkdirSync(path.dirname(full), { recursive: true });
    writeWhole(full, plan.text, { display: file, mode: 'replace' });
  }
  return result;
}
