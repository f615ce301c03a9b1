/**
 * Which files a scan reads: the configured globs (or PATH arguments), the language by extension,
 * test files left out unless a glob names them, and only files git does not ignore.
 */
import path from 'node:path';
import type { SourceConfig, SourceRole } from '../config/sources.js';
import { lazyRequire } from '../lazy-require.js';

export type Language = 'python' | 'dart' | 'typescript';

type Matcher = (file: string) => boolean;
type Picomatch = (glob: string | string[], options?: { dot?: boolean }) => Matcher;

const picomatch = lazyRequire<Picomatch>('picomatch');

const EXTENSIONS: Record<string, Language> = {
  '.py': 'python',
  '.dart': 'dart',
  '.ts': 'typescript',
  '.tsx': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.js': 'typescript',
  '.jsx': 'typescript',
  '.mjs': 'typescript',
  '.cjs': 'typescript',
};

/** The language of a file by its extension; undefined for files no scanner reads. */
export function languageOf(file: string): Language | undefined {
  if (file.endsWith('.d.ts') || file.endsWith('.d.mts') || file.endsWith('.d.cts')) return undefined;
  return EXTENSIONS[path.posix.extname(file)];
}

/** Test files by the conventions of each language: `test/`, `tests/`, `*_test.dart`, `test_*.py`, `*.test.ts`. */
export function isTestFile(file: string): boolean {
  const parts = file.split('/');
  const name = parts[parts.length - 1]!;
  if (parts.slice(0, -1).some((dir) => dir === 'test' || dir === 'tests' || dir === '__tests__')) return true;
  return (
    /_test\.dart$/.test(name) ||
    /^test_.*\.py$/.test(name) ||
    /_test\.py$/.test(name) ||
    name === 'conftest.py' ||
    /\.(test|spec)\.[cm]?[jt]sx?$/.test(name)
  );
}

/** Does the glob itself name test files (then they are scanned)? */
function globNamesTests(glob: string): boolean {
  return /(^|\/)(tests?|__tests__)(\/|$)|_test\.|test_|\.(test|spec)\./.test(glob);
}

export interface SelectedFile {
  /** Path relative to the repository root, forward slashes. */
  path: string;
  language: Language;
  role: SourceRole;
  source: SourceConfig;
}

/**
 * What the sources select of one file (the repository's, not ignored): the first source whose glob
 * matches it decides its role; undefined when none does. With `only` (PATH arguments, relative to
 * the root), just the files under those paths.
 */
export function fileSelector(
  sources: readonly SourceConfig[],
  only?: readonly string[],
): (file: string) => SelectedFile | undefined {
  const matchers = sources.map((source) => ({
    source,
    matches: picomatch()(source.path, { dot: true }),
    tests: globNamesTests(source.path),
  }));
  const wanted = only?.map((p) => p.replace(/\/+$/, ''));
  return (file) => {
    const language = languageOf(file);
    if (!language) return undefined;
    if (wanted && !wanted.some((p) => p === '.' || p === '' || file === p || file.startsWith(`${p}/`)))
      return undefined;
    const found = matchers.find((m) => m.matches(file) && (m.tests || !isTestFile(file)));
    return found && { path: file, language, role: found.source.role, source: found.source };
  };
}

/** The files of `files` the sources select (fileSelector). */
export function selectFiles(
  files: readonly string[],
  sources: readonly SourceConfig[],
  only?: readonly string[],
): SelectedFile[] {
  const select = fileSelector(sources, only);
  return files.map(select).filter((f): f is SelectedFile => f !== undefined);
}
