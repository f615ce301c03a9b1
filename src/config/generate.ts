/**
 * Config `generate`: the source files generated from a registry (see docs/generate.md). Validated
 * here beyond the schema: each target's registry must be a configured one (named when there are
 * several), its path must stay inside the repository, must not be the registry, the config or
 * another target, and Kotlin's package must not hold a keyword. What cannot be read one way only is
 * refused, never guessed.
 */
import path from 'node:path';
import { UsageError } from '../errors.js';
import { DEFAULT_TYPE_NAME, type Language } from '../generate/shared.js';
import type { GenerateTarget, RegistryConfig } from './types.js';

/** A `generate` item as written in the config (the schema checked its shape). */
export interface RawGenerateTarget {
  language: Language;
  path: string;
  registry?: string;
  typeName?: string;
  package?: string;
}

/** Names the generated code itself uses: a type of that name would hide them. */
const TYPE_NAMES_IN_USE = new Set(
  'String Int Map Set Object Record Self Type Any Protocol Optional Enum StrEnum ReadonlySet Hashable Sendable CaseIterable List Dict None True False Deprecated Function Companion Array Number Boolean Error'.split(
    ' ',
  ),
);

const KOTLIN_KEYWORDS = new Set(
  'as break class continue do else false for fun if in interface is null object package return super this throw true try typealias typeof val var when while'.split(
    ' ',
  ),
);

function toPosix(p: string): string {
  return p.split(path.sep).join('/').replace(/^\.\//, '');
}

/** The targets of a config, each with its registry resolved; UsageError (naming `where`) when one is unusable. */
export function generateTargets(
  raw: readonly RawGenerateTarget[] | undefined,
  registries: readonly RegistryConfig[],
  configFile: string | undefined,
  root: string,
  where: string,
): GenerateTarget[] {
  const targets: GenerateTarget[] = [];
  (raw ?? []).forEach((item, i) => {
    const at = `${where}: generate[${i}]`;
    let registry: RegistryConfig | undefined;
    if (item.registry !== undefined) {
      registry = registries.find((r) => r.path === toPosix(item.registry!));
      if (!registry)
        throw new UsageError(
          `${at}.registry ${item.registry} is not a configured registry: use one of ${registries.map((r) => r.path).join(', ')}`,
        );
    } else if (registries.length > 1) {
      throw new UsageError(
        `${at} does not say which registry it is generated from: add "registry" (one of ${registries.map((r) => r.path).join(', ')})`,
      );
    } else {
      registry = registries[0]!;
    }
    if (path.isAbsolute(item.path) || /^[A-Za-z]:/.test(item.path))
      throw new UsageError(`${at}.path ${item.path} is absolute: give a path relative to the repository root`);
    const relative = path.posix.normalize(toPosix(item.path));
    if (relative === '..' || relative.startsWith('../') || relative === '.' || relative.endsWith('/'))
      throw new UsageError(`${at}.path ${item.path} is outside the repository: give a file path inside it`);
    if (relative.split('/').some((part) => part.toLowerCase() === '.git'))
      throw new UsageError(`${at}.path ${item.path} is inside .git: give a path in the work tree`);
    const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
    const clash = registries.find((r) => same(r.path, relative));
    if (clash)
      throw new UsageError(
        `${at}.path ${item.path} is the registry ${clash.path}: give the generated file its own path`,
      );
    if (configFile !== undefined && same(toPosix(path.relative(root, configFile)), relative))
      throw new UsageError(`${at}.path ${item.path} is the config file: give the generated file its own path`);
    const twice = targets.find((t) => same(t.path, relative));
    if (twice)
      throw new UsageError(
        `${at}.path ${item.path} is generated twice (also ${twice.language}): give each target its own file`,
      );
    const typeName = item.typeName ?? DEFAULT_TYPE_NAME;
    if (TYPE_NAMES_IN_USE.has(typeName))
      throw new UsageError(`${at}.typeName ${typeName} would hide a type the generated code uses: choose another name`);
    if (item.package !== undefined) {
      if (item.language !== 'kotlin')
        throw new UsageError(`${at}.package is for Kotlin only (this target is ${item.language}): remove it`);
      const keyword = item.package.split('.').find((part) => KOTLIN_KEYWORDS.has(part));
      if (keyword)
        throw new UsageError(`${at}.package ${item.package} holds the Kotlin keyword '${keyword}': rename that part`);
    }
    targets.push({
      language: item.language,
      path: relative,
      registry: registry.path,
      typeName,
      ...(item.package !== undefined ? { package: item.package } : {}),
    });
  });
  return targets;
}
