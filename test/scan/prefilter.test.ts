/**
 * The pre-filter may skip a file only when no rule could find anything in it: for generated files
 * in each language, whenever an extractor finds a use or a branch, the text contains one of the
 * pre-filter's words (which git grep looks for, case-insensitively).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prefilterWords } from '../../src/scan/run.js';
import { selectFiles, isTestFile } from '../../src/scan/select.js';
import { extractDart } from '../../src/scan/dart.js';
import { extract, OPTIONS } from './helpers.js';

const CODES = [{ code: 'AUTH_UNAUTHORIZED', deprecated: false, path: 'r.md', line: 1 }];
const SOURCES = [{ path: 'x/**', role: 'producer' as const, errorClasses: ['ApiError'] }];
const WORDS = prefilterWords(CODES, SOURCES).map((w) => w.toLowerCase());

const names = fc.constantFrom('detail', 'code', 'error_code', 'message', 'status', 'kind', 'Detail', 'CODE', 'text');
const owners = fc.constantFrom('err', 'data', 'problem', 'widget', 'self', 'e');
const strings = fc.constantFrom('AUTH_UNAUTHORIZED', 'AUTH_X', 'hello', 'No files found', '', 'x');

const python = fc
  .array(
    fc.oneof(
      fc.tuple(owners, names, strings).map(([o, n, s]) => `if ${o}.${n} == "${s}":\n    pass`),
      fc.tuple(owners, names, strings).map(([o, n, s]) => `if "${s}" in ${o}["${n}"]:\n    pass`),
      fc.tuple(names, strings).map(([n, s]) => `raise ApiError(${n}="${s}")`),
      fc.tuple(names, strings).map(([n, s]) => `x = {"${n}": "${s}"}`),
      fc.tuple(owners, names, strings).map(([o, n, s]) => `if ${o}.${n}.startswith("${s}"):\n    pass`),
    ),
    { maxLength: 5 },
  )
  .map((lines) => lines.join('\n'));

const dart = fc
  .array(
    fc.oneof(
      fc.tuple(owners, names, strings).map(([o, n, s]) => `if (${o}.${n} == '${s}') {}`),
      fc.tuple(owners, names, strings).map(([o, n, s]) => `if (${o}['${n}'].contains('${s}')) {}`),
      fc.tuple(owners, names, strings).map(([o, n, s]) => `switch (${o}.${n}) { case '${s}': break; }`),
    ),
    { maxLength: 5 },
  )
  .map((lines) => `void f() {\n${lines.join('\n')}\n}`);

const typescript = fc
  .array(
    fc.oneof(
      fc.tuple(owners, names, strings).map(([o, n, s]) => `if (${o}.${n} === '${s}') go();`),
      fc.tuple(owners, names, strings).map(([o, n, s]) => `if (${o}?.${n}?.includes('${s}')) go();`),
      fc.tuple(owners, names, strings).map(([o, n, s]) => `switch (${o}['${n}']) { case '${s}': break; }`),
    ),
    { maxLength: 5 },
  )
  .map((lines) => lines.join('\n'));

async function holds(language: 'python' | 'dart' | 'typescript', text: string): Promise<void> {
  const found = await extract(language, text, 'producer');
  if (found.codes.length + found.details.length === 0) return;
  expect(WORDS.some((w) => text.toLowerCase().includes(w))).toBe(true);
}

describe('the pre-filter never skips a file a rule finds something in', () => {
  it('Python', async () => {
    await fc.assert(
      fc.asyncProperty(python, (text) => holds('python', text)),
      { numRuns: 200 },
    );
  });
  it('Dart', async () => {
    await fc.assert(
      fc.asyncProperty(dart, (text) => holds('dart', text)),
      { numRuns: 200 },
    );
  });
  it('TS/JS', async () => {
    await fc.assert(
      fc.asyncProperty(typescript, (text) => holds('typescript', text)),
      { numRuns: 200 },
    );
  });
});

describe('Dart: reading only what names a detail or a code key finds what reading everything finds', () => {
  const keys = fc.constantFrom('detail', 'code', 'd\\x65tail', 'co\\u0064e', 'message', 'kind');
  const snippet = fc.oneof(
    fc.tuple(owners, keys, strings).map(([o, n, s]) => `if (${o}['${n}'] == '${s}') {}`),
    fc.tuple(owners, names, strings).map(([o, n, s]) => `if (${o}\n    .${n}\n    .contains('${s}')) {}`),
    fc.tuple(owners, keys, strings).map(([o, n, s]) => `final t = {'${s}': 1}[${o}['${n}']];`),
    fc.tuple(owners, names, strings).map(([o, n, s]) => `if (RegExp('${s}').hasMatch(${o}.${n})) {}`),
    fc.tuple(owners, names, strings).map(([o, n, s]) => `if (['${s}', 'x'].contains(${o}.${n})) {}`),
    fc.tuple(owners, names, strings).map(([o, n, s]) => `if (${o}.${n} case '${s}') {}`),
    fc.tuple(keys, strings).map(([n, s]) => `throw ApiError('${s}', ${n}: '${s}', map: {'${n}': '${s}'});`),
    fc.tuple(owners, names, strings).map(([o, n, s]) => `final m = switch (${o}.${n}) { '${s}' => 1, _ => 0 };`),
  );
  const file = fc.array(snippet, { maxLength: 6 }).map((lines) => `void f() {\n${lines.join('\n')}\n}`);

  it('holds for generated files', async () => {
    await fc.assert(
      fc.asyncProperty(file, async (text) => {
        const gated = await extractDart(text, 'lib/x.dart', 'producer', OPTIONS);
        const all = await extractDart(text, 'lib/x.dart', 'producer', { ...OPTIONS, readAll: true });
        expect(gated).toEqual(all);
      }),
      { numRuns: 200 },
    );
  });
});

describe('file selection', () => {
  const segment = fc.stringMatching(/^[a-z_]{1,8}$/);
  const file = fc
    .tuple(fc.array(segment, { maxLength: 4 }), segment, fc.constantFrom('py', 'dart', 'ts', 'tsx', 'md', 'd.ts'))
    .map(([dirs, name, ext]) => [...dirs, `${name}.${ext}`].join('/'));

  it('never selects a test file unless the glob names tests, nor a file no language reads', () => {
    fc.assert(
      fc.property(fc.array(file, { maxLength: 30 }), (files) => {
        const selected = selectFiles(files, [{ path: '**', role: 'consumer' }]);
        for (const s of selected) {
          expect(isTestFile(s.path)).toBe(false);
          expect(s.path.endsWith('.md') || s.path.endsWith('.d.ts')).toBe(false);
        }
        const withTests = selectFiles(files, [{ path: '**/test/**', role: 'consumer' }]);
        for (const s of withTests) expect(s.path.split('/').includes('test')).toBe(true);
      }),
    );
  });

  it('recognises each language’s test files', () => {
    for (const test of [
      'app/test/a.dart',
      'lib/a_test.dart',
      'backend/tests/x.py',
      'test_api.py',
      'src/a.test.ts',
      'src/a.spec.tsx',
    ])
      expect(isTestFile(test), test).toBe(true);
    for (const plain of ['lib/latest.dart', 'backend/contest.py', 'src/testing.ts', 'src/attest/x.ts'])
      expect(isTestFile(plain), plain).toBe(false);
  });
});
