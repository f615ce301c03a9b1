/**
 * The scan's loading side: which files (select.ts), their bytes (the working tree, bounded; or the
 * index for `check --staged`), a pre-filter on the raw text, then each file through its language's
 * extractor. Extractors are imported when the first file of their language needs one.
 */
import path from 'node:path';
import { hasCodeFormat, type CodeFormat } from '../checks/code-format.js';
import type { RegistryCode } from '../checks/usage.js';
import { DEFAULT_CODE_KEYS, type SourceConfig } from '../config/sources.js';
import { UsageError } from '../errors.js';
import { readBoundedIfExists } from '../files/read.js';
import { filesContaining, stagedChangedFiles, workTreeFiles } from '../git/files.js';
import type { GitRepo } from '../git/repo.js';
import { SOURCE_MAX_BYTES } from '../limits.js';
import type { ExtractOptions, FileScan, Language } from './model.js';
import { selectFiles, type SelectedFile } from './select.js';

export interface ScanRequest {
  root: string;
  sources: readonly SourceConfig[];
  codes: readonly RegistryCode[];
  codeFormat: CodeFormat;
  /** PATH arguments, relative to the root: only the source files under them. */
  only?: readonly string[];
  /** Scan the staged version of the staged source files (check --staged). */
  staged?: boolean;
}

export interface ScanResult {
  files: FileScan[];
  /** Source files the pre-filter let through to a parser. */
  parsed: number;
}

type Extractor = (
  text: string,
  path: string,
  role: SelectedFile['role'],
  options: ExtractOptions,
) => Promise<FileScan> | FileScan;

const EXTRACTORS: Record<Language, () => Promise<Extractor>> = {
  python: async () => (await import('./python.js')).extractPython,
  dart: async () => (await import('./dart.js')).extractDart,
  typescript: async () => (await import('./typescript.js')).extractTypeScript,
};

/**
 * What a file must contain, case-insensitively, for any rule to find something in it: `detail`, a
 * code key or error class, a registry code, or a directive. Raw text decides only what is skipped
 * (git grep finds the files that contain one); everything reported comes from a parser.
 */
export function prefilterWords(codes: readonly RegistryCode[], sources: readonly SourceConfig[]): string[] {
  // An escape may spell any of them (`"d\x65tail"`): a file with one is read.
  const words = new Set(['detail', 'error-registry', '\\x', '\\u', ...DEFAULT_CODE_KEYS]);
  for (const source of sources)
    for (const word of [...(source.codeKeys ?? []), ...(source.errorClasses ?? [])]) words.add(word);
  for (const c of codes) words.add(c.code);
  return [...words];
}

function decode(bytes: Buffer, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`${file}: source file is not UTF-8: fix its encoding or leave it out of sources`);
  }
}

function optionsFor(
  source: SourceConfig,
  format: CodeFormat,
  cache: Map<SourceConfig, ExtractOptions>,
): ExtractOptions {
  let options = cache.get(source);
  if (!options) {
    options = {
      codeKeys: new Set(source.codeKeys ?? DEFAULT_CODE_KEYS),
      errorClasses: new Set(source.errorClasses ?? []),
      isCodeFormat: (text) => hasCodeFormat(format, text),
    };
    cache.set(source, options);
  }
  return options;
}

export async function scanSources(repo: GitRepo, request: ScanRequest): Promise<ScanResult> {
  // Files that cannot match are skipped unread: git grep reads the tree once for all of them, while
  // git ls-files lists what there is.
  const [listed, candidates] = await Promise.all([
    request.staged ? stagedChangedFiles(repo) : workTreeFiles(repo),
    filesContaining(repo, prefilterWords(request.codes, request.sources), { staged: Boolean(request.staged) }),
  ]);
  // Globs are matched against the files that can match only (a tree is mostly files that cannot);
  // all files are matched only to say which source selects none.
  const toParse = selectFiles(
    listed.filter((file) => candidates.has(file)),
    request.sources,
    request.only,
  );
  if (!request.staged) {
    const claimed = new Set(toParse.map((f) => f.source));
    if (request.sources.some((s) => !claimed.has(s)) || (request.only && toParse.length === 0)) {
      const selected = selectFiles(listed, request.sources, request.only);
      for (const [i, source] of request.sources.entries()) {
        if (!request.only && !selected.some((f) => f.source === source))
          throw new UsageError(
            `sources[${i}] ("${source.path}") matches no source file: correct the glob or remove it`,
          );
      }
      if (request.only && selected.length === 0)
        throw new UsageError(
          `${request.only.join(', ')}: no configured source file there (see "sources" in the config)`,
        );
    }
  }
  const staged = request.staged ? await repo.readMany(toParse.map((f) => `:0:${f.path}`)) : [];
  if (toParse.length > 0) {
    const { grammarOf, loadGrammars } = await import('./tree-sitter.js');
    await loadGrammars(new Set(toParse.map((f) => grammarOf(f.language, f.path))));
  }
  const extractors = new Map<Language, Extractor>();
  const cache = new Map<SourceConfig, ExtractOptions>();
  const files: FileScan[] = [];
  let parsed = 0;
  for (const [i, file] of toParse.entries()) {
    let bytes: Buffer | undefined;
    if (request.staged) {
      const object = staged[i];
      if (object instanceof Error) throw object;
      bytes = object;
    } else {
      bytes = readBoundedIfExists(path.join(request.root, file.path), {
        what: 'source file',
        display: file.path,
        maxBytes: SOURCE_MAX_BYTES,
        root: request.root,
        fix: { 'too-large': 'narrow the sources glob to leave generated files out' },
      });
    }
    if (!bytes) continue;
    const text = decode(bytes, file.path);
    parsed++;
    let extract = extractors.get(file.language);
    if (!extract) {
      extract = await EXTRACTORS[file.language]();
      extractors.set(file.language, extract);
    }
    const found = await extract(text, file.path, file.role, optionsFor(file.source, request.codeFormat, cache));
    files.push({ ...found, source: file.source.path });
  }
  return { files, parsed };
}
