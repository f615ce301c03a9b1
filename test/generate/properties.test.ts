/**
 * For any registry that lints clean, under any code format the config allows, every language's
 * output is valid source that holds exactly the registry's codes: TypeScript compiled strictly by the
 * compiler API and run; Python compiled with `python3 -m py_compile`, imported and asked for its
 * members; Dart, Kotlin and Swift parsed by their tree-sitter grammars with no ERROR node, and their
 * enum members read back. Registries are sampled in a batch (one compiler program, one python3
 * process for all of them); the seed is in the failure message.
 */
import fc from 'fast-check';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeFormat, type CodeFormatSetting } from '../../src/checks/code-format.js';
import { lint } from '../../src/checks/lint.js';
import type { ParsedRegistry, RegistryEntry } from '../../src/model.js';
import {
  enumCodes,
  generated,
  PYTHON,
  pythonModules,
  syntaxErrors,
  typeScriptCodes,
  typeScriptErrors,
} from '../helpers/generated.js';
import { tempDir } from '../helpers/repo.js';

/** Words that make names collide or hit reserved words in some language. */
const WORDS = [
  'a',
  'b',
  'x1',
  '2',
  'class',
  'unknown',
  'status',
  'values',
  'name',
  'value',
  'default',
  'self',
  'in',
  'is',
  'none',
  'type',
  'code',
  'index',
  'from',
  'upper',
  'proto',
  'companion',
  'init',
  'raw',
  'user',
  'not',
  'found',
];

const FORMATS: { setting: CodeFormatSetting; join: (words: string[], seps: string[]) => string }[] = [
  { setting: 'UPPER_SNAKE_CASE', join: (w) => w.join('_').toUpperCase() },
  { setting: 'snake_case', join: (w) => w.join('_').toLowerCase() },
  // Dots and dashes, lower case: `user.not-found`.
  {
    setting: { pattern: '[a-z0-9]+([.-][a-z0-9]+)*' },
    join: (w, s) => w.map((word, i) => (i === 0 ? word : `${s[i % s.length]}${word}`)).join(''),
  },
  // Anything goes after the first character: `$`, a leading digit, mixed case, `__proto__`.
  { setting: { pattern: '[A-Za-z0-9_$][A-Za-z0-9_$]*' }, join: (w, s) => w.join(s[0] === '.' ? '$' : '_') },
];

const cell = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('*/ /* """ \'\'\' ${x} \\(x) \\', '\u2028 \u202e evil \u2066', 'note: use `X` instead', ''),
);

const registryArbitrary = fc
  .record({
    format: fc.integer({ min: 0, max: FORMATS.length - 1 }),
    rows: fc.array(
      fc.record({
        words: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 }),
        seps: fc.array(fc.constantFrom('.', '-'), { minLength: 1, maxLength: 2 }),
        status: fc.integer({ min: 400, max: 599 }),
        meaning: cell.filter((m) => m.trim() !== ''),
        handling: cell,
        deprecated: fc.boolean(),
      }),
      { maxLength: 12 },
    ),
    extra: fc.constantFrom(['__proto__'], ['1_START'], [] as string[]),
  })
  .map(({ format, rows, extra }) => {
    const { setting, join } = FORMATS[format]!;
    const seen = new Set<string>();
    const entries: RegistryEntry[] = [];
    const codes = [...rows.map((r) => join(r.words, r.seps)), ...(format === 3 ? extra : [])];
    codes.forEach((code, i) => {
      const row = rows[i] ?? rows[0];
      if (seen.has(code) || row === undefined) return;
      seen.add(code);
      entries.push({
        code,
        status: row.status,
        meaning: row.meaning.trim() === '' ? 'm' : row.meaning,
        handling: row.handling,
        section: '',
        deprecated: row.deprecated,
        extra: {},
        raw: {},
        line: i + 1,
      });
    });
    const registry: ParsedRegistry = { entries, sections: [], problems: [] };
    return { setting, registry };
  })
  .filter(
    ({ setting, registry }) =>
      lint(registry, 'r.md', { codeFormat: codeFormat(setting) }).filter((f) => f.severity === 'error').length === 0,
  );

const SEED = Number(process.env.GENERATE_SEED ?? Date.now() % 2 ** 31);
const samples = fc.sample(registryArbitrary, { numRuns: 30, seed: SEED });
const why = `seed ${SEED} (GENERATE_SEED=${SEED} replays it)`;

/** Skipped, saying why, only where python3 3.11+ (StrEnum) is not installed. */
const pythonTest = PYTHON ? it : it.skip;
const NO_PYTHON = PYTHON ? '' : ' (skipped: python3 3.11 or later is not on this machine)';

const identifier: Record<string, RegExp> = {
  dart: /^[a-z][A-Za-z0-9_]*$/,
  swift: /^[a-z][A-Za-z0-9_]*$/,
  kotlin: /^[A-Z][A-Z0-9_]*$/,
};

describe('generated source for registries that lint clean', () => {
  it('samples registries of every format, with codes that collide and reserved words', () => {
    expect(samples.length).toBe(30);
    expect(samples.some((s) => s.registry.entries.length >= 5)).toBe(true);
  });

  it('TypeScript compiles strictly and holds exactly the codes, statuses and guard', () => {
    const files = Object.fromEntries(
      samples.map((s, i) => [`codes${i}.ts`, generated(s.registry, 'ts', { codeFormat: s.setting })]),
    );
    expect(typeScriptErrors(files), why).toEqual([]);
    samples.forEach((s, i) => {
      const { codes, status, guard } = typeScriptCodes(files[`codes${i}.ts`]!);
      expect(codes, why).toEqual(s.registry.entries.map((e) => e.code));
      for (const entry of s.registry.entries) {
        expect(Object.hasOwn(status, entry.code) && status[entry.code], why).toBe(entry.status);
        expect(guard(entry.code), why).toBe(true);
      }
      for (const other of ['toString', 'constructor', 'NOT_A_CODE', '', 42, null])
        if (!s.registry.entries.some((e) => e.code === other)) expect(guard(other), why).toBe(false);
    });
  });

  pythonTest(`Python compiles, imports, and holds exactly the codes; from_code never raises${NO_PYTHON}`, () => {
    const modules = Object.fromEntries(
      samples.map((s, i) => [`codes${i}`, generated(s.registry, 'python', { codeFormat: s.setting })]),
    );
    const reports = pythonModules(path.join(tempDir(), 'py'), modules);
    samples.forEach((s, i) => {
      const report = reports[i]!;
      expect(
        report.members.map((m) => [m.value, m.status]),
        why,
      ).toEqual(s.registry.entries.map((e) => [e.code, e.status]));
      for (const member of report.members) expect(member.name, why).toMatch(/^[A-Za-z][A-Za-z0-9_]*$/);
      expect(report.unknown.filter((u) => u !== null && !s.registry.entries.some((e) => e.code === u))).toEqual([]);
    });
  });

  it.each(['dart', 'kotlin', 'swift'] as const)(
    '%s parses without errors and holds exactly the codes',
    async (language) => {
      for (const s of samples) {
        const text = generated(s.registry, language, { codeFormat: s.setting });
        expect(await syntaxErrors(language, text), `${why}\n${text}`).toEqual([]);
        expect(await enumCodes(language, text), why).toEqual([...s.registry.entries.map((e) => e.code), '']);
        const names = [...text.matchAll(language === 'swift' ? /^ {4}case (\w+) = /gm : /^ {2,4}(\w+)\((?:'|")/gm)].map(
          (m) => m[1]!,
        );
        expect(new Set(names).size, why).toBe(names.length);
        for (const name of names) expect(name, why).toMatch(identifier[language]!);
      }
    },
  );
});

describe('the syntax checks themselves', () => {
  it('find the errors of broken source', async () => {
    expect(typeScriptErrors({ 'bad.ts': 'export const x: number = "no";\n' })).not.toEqual([]);
    expect(await syntaxErrors('dart', "enum E {\n  a('A', 1)\n  b('B', 2),\n}\n")).not.toEqual([]);
    expect(await syntaxErrors('kotlin', 'enum class E(val c: String) {\n    A("A")\n    B("B"),\n}\n')).not.toEqual([]);
    expect(await syntaxErrors('swift', 'enum E: String {\n    case a = "A" b\n}\n')).not.toEqual([]);
  });

  pythonTest(`python3 refuses broken source${NO_PYTHON}`, () => {
    expect(() => pythonModules(path.join(tempDir(), 'bad'), { bad: 'class E:\n  x = "\n' })).toThrow();
  });
});
