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
import { fileSelector, selectFiles, type SelectedFile } from './select.js';

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
  /** The source files the pre-filter let through to a parser, in the order git grep names them. */
  files: FileScan[];
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

/** Reads and extracts one selected file at a time, loading each language's extractor when first needed. */
class FileScanner {
  readonly files: FileScan[] = [];
  private readonly extractors = new Map<Language, Extractor>();
  private readonly options = new Map<SourceConfig, ExtractOptions>();

  constructor(private readonly request: ScanRequest) {}

  /** The file's bytes from the working tree, bounded; undefined when it is gone. */
  read(file: SelectedFile): Buffer | undefined {
    return readBoundedIfExists(path.join(this.request.root, file.path), {
      what: 'source file',
      display: file.path,
      maxBytes: SOURCE_MAX_BYTES,
      root: this.request.root,
      fix: { 'too-large': 'narrow the sources glob to leave generated files out' },
    });
  }

  async scan(file: SelectedFile, bytes: Buffer): Promise<void> {
    const text = decode(bytes, file.path);
    let extract = this.extractors.get(file.language);
    if (!extract) {
      extract = await EXTRACTORS[file.language]();
      this.extractors.set(file.language, extract);
    }
    const options = optionsFor(file.source, this.request.codeFormat, this.options);
    const found = await extract(text, file.path, file.role, options);
    this.files.push({ ...found, source: file.source.path });
  }
}

/** Says which source (or PATH argument) selects no file of the tree, when one does not. */
async function checkSelection(repo: GitRepo, scanned: readonly SelectedFile[], request: ScanRequest): Promise<void> {
  const claimed = new Set(scanned.map((f) => f.source));
  const unclaimed = () => request.sources.some((s) => !claimed.has(s));
  // Most trees need no second look (git is not even asked for the list): every source selected a
  // file that was scanned. Otherwise the tree is looked through only until each source has a file.
  if (scanned.length > 0 && !unclaimed()) return;
  const listed = await workTreeFiles(repo);
  const select = fileSelector(request.sources, request.only);
  let any = false;
  for (const file of listed) {
    const selected = select(file);
    if (!selected) continue;
    any = true;
    claimed.add(selected.source);
    if (request.only || !unclaimed()) return;
  }
  if (request.only) {
    if (!any)
      throw new UsageError(`${request.only.join(', ')}: no configured source file there (see "sources" in the config)`);
    return;
  }
  for (const [i, source] of request.sources.entries()) {
    if (!claimed.has(source))
      throw new UsageError(`sources[${i}] ("${source.path}") matches no source file: correct the glob or remove it`);
  }
}

/** The staged version of the staged source files that can match (check --staged). */
async function scanStaged(repo: GitRepo, request: ScanRequest, scanner: FileScanner): Promise<void> {
  const candidates = new Set<string>();
  const [listed] = await Promise.all([
    stagedChangedFiles(repo),
    filesContaining(repo, prefilterWords(request.codes, request.sources), { staged: true }, (f) => candidates.add(f)),
  ]);
  const toParse = selectFiles(
    listed.filter((f) => candidates.has(f)),
    request.sources,
    request.only,
  );
  const staged = await repo.readMany(toParse.map((f) => `:0:${f.path}`));
  for (const [i, file] of toParse.entries()) {
    const object = staged[i];
    if (object instanceof Error) throw object;
    if (object) await scanner.scan(file, object);
  }
}

/**
 * The working tree's source files that can match, each parsed as soon as git grep finds it: the
 * parsing overlaps git's reading instead of waiting for all of it.
 */
async function scanWorkTree(repo: GitRepo, request: ScanRequest, scanner: FileScanner): Promise<void> {
  const select = fileSelector(request.sources, request.only);
  const found: string[] = [];
  let wake: (() => void) | undefined;
  let finished = false;
  const grep = filesContaining(repo, prefilterWords(request.codes, request.sources), { staged: false }, (file) => {
    found.push(file);
    wake?.();
  }).finally(() => {
    finished = true;
    wake?.();
  });
  // Awaited below; a parse that fails first must not leave its rejection unheard.
  grep.catch(() => undefined);
  const scanned: SelectedFile[] = [];
  for (let next = 0; ;) {
    if (next === found.length) {
      if (finished) break;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      continue;
    }
    const file = select(found[next++]!);
    if (!file) continue;
    scanned.push(file);
    const bytes = scanner.read(file);
    if (bytes) await scanner.scan(file, bytes);
  }
  await grep;
  await checkSelection(repo, scanned, request);
}

export async function scanSources(repo: GitRepo, request: ScanRequest): Promise<ScanResult> {
  const scanner = new FileScanner(request);
  if (request.staged) await scanStaged(repo, request, scanner);
  else await scanWorkTree(repo, request, scanner);
  return { files: scanner.files };
}
