/**
 * Properties over generated registries: arrays of random valid entries rendered to markdown in
 * random (cosmetic) styles. Each property is something users rely on: a registry compared with
 * itself is clean, additions are only additions, no removal goes unseen, a snapshot reads back as
 * written, formatting never counts as a change; and the fast paths give what the slow ones give.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import fc from 'fast-check';
import MarkdownItEsm from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { compare, parse, parseIncremental, type RegistryModel, type RetiredCode } from '../src/index.js';
import {
  serialiseSnapshot,
  snapshotEntries,
  toSnapshotEntry,
  SNAPSHOT_SCHEMA_VERSION,
  type Snapshot,
} from '../src/ledger.js';
import { readSnapshot, writeSnapshot } from '../src/sources/ledger-files.js';
import { changedModels, CodeCounts } from '../src/checks/history.js';
import { changedCodes } from '../src/parse/incremental.js';
import { inlineTextByParser, simpleCodeSpans } from '../src/parse/inline.js';
import type { Finding, RegistryEntry } from '../src/model.js';
import { evolveRegistry, generateRegistry } from '../scripts/lib/generate.js';
import { V1, V2 } from './helpers/fixtures.js';
import { tempDir } from './helpers/repo.js';

interface Entry {
  code: string;
  status: number;
  meaning: string;
  handling: string;
  section: string;
  owner?: string;
}

const WORDS = [
  'user',
  'token',
  'expired',
  'not',
  'found',
  'the',
  'request',
  'quota',
  'session',
  'upload',
  'too',
  'large',
  'retry',
  'later',
  'payment',
  'declined',
  'id',
  '42',
  'v2',
];
const words = (min: number) =>
  fc.array(fc.constantFrom(...WORDS), { minLength: min, maxLength: 7 }).map((w) => w.join(' '));
const code = fc.stringMatching(/^[A-Z][A-Z0-9]{0,5}(_[A-Z0-9]{1,5}){0,3}$/);
const entry: fc.Arbitrary<Entry> = fc.record(
  {
    code,
    status: fc.integer({ min: 400, max: 599 }),
    meaning: words(1),
    handling: words(0),
    section: fc.constantFrom('Auth', 'Billing', 'Profile', 'Uploads'),
    owner: fc.constantFrom('team-a', 'team-b'),
  },
  { requiredKeys: ['code', 'status', 'meaning', 'handling', 'section'] },
);
const registry = (minLength = 1) => fc.uniqueArray(entry, { selector: (e) => e.code, minLength, maxLength: 25 });

type Column = 'code' | 'status' | 'meaning' | 'handling' | 'owner';

/** How a registry is written down: none of it changes what it says. */
interface Style {
  columns: Column[];
  pad: number;
  backticks: boolean;
  crlf: boolean;
  bom: boolean;
  /** Meanings with a capital and a full stop. */
  sentence: boolean;
  outerPipes: boolean;
  align: boolean;
  headerCase: 'lower' | 'title' | 'upper';
}

const style: fc.Arbitrary<Style> = fc.record({
  columns: fc
    .shuffledSubarray(['status', 'meaning', 'handling'] as Column[], { minLength: 3, maxLength: 3 })
    .chain((rest) =>
      fc.integer({ min: 0, max: 3 }).map((at) => {
        const columns: Column[] = [...rest];
        columns.splice(at, 0, 'code');
        return columns;
      }),
    ),
  pad: fc.integer({ min: 0, max: 3 }),
  backticks: fc.boolean(),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  sentence: fc.boolean(),
  outerPipes: fc.boolean(),
  align: fc.boolean(),
  headerCase: fc.constantFrom('lower', 'title', 'upper'),
});

const PLAIN: Style = {
  columns: ['code', 'status', 'meaning', 'handling'],
  pad: 1,
  backticks: true,
  crlf: false,
  bom: false,
  sentence: false,
  outerPipes: true,
  align: false,
  headerCase: 'lower',
};

const HEADER: Record<Column, string> = {
  code: 'code',
  status: 'status',
  meaning: 'meaning',
  handling: 'frontend handling',
  owner: 'owner',
};

function render(entries: Entry[], s: Style = PLAIN): string {
  const columns = entries.some((e) => e.owner !== undefined) ? [...s.columns, 'owner' as const] : s.columns;
  const sp = ' '.repeat(s.pad);
  // Without outer pipes an empty first or last cell would vanish, and `42. x` starts a list: such
  // rows keep their pipes (markdown allows both in one table).
  const row = (cells: string[]) => {
    const inner = cells.map((c) => `${sp}${c}${sp}`).join('|');
    return s.outerPipes || !/^[A-Za-z`]/.test(cells[0] ?? '') || cells.at(-1) === '' ? `|${inner}|` : inner;
  };
  const headerText = (c: Column) =>
    s.headerCase === 'upper'
      ? HEADER[c].toUpperCase()
      : s.headerCase === 'title'
        ? HEADER[c].replace(/\b\w/g, (l) => l.toUpperCase())
        : HEADER[c];
  const cell = (e: Entry, c: Column): string => {
    if (c === 'code') return s.backticks ? `\`${e.code}\`` : e.code;
    if (c === 'status') return String(e.status);
    if (c === 'meaning') return s.sentence ? `${e.meaning.charAt(0).toUpperCase()}${e.meaning.slice(1)}.` : e.meaning;
    if (c === 'handling') return e.handling;
    return e.owner ?? '';
  };
  const sections = [...new Set(entries.map((e) => e.section))];
  const lines = ['# Error codes', '', 'The registry.'];
  for (const section of sections) {
    lines.push(
      '',
      `## ${section}`,
      '',
      row(columns.map(headerText)),
      row(columns.map((c) => (s.align && c === 'status' ? '---:' : '---'))),
    );
    for (const e of entries.filter((x) => x.section === section)) lines.push(row(columns.map((c) => cell(e, c))));
  }
  const text = `${lines.join(s.crlf ? '\r\n' : '\n')}${s.crlf ? '\r\n' : '\n'}`;
  return s.bom ? `\uFEFF${text}` : text;
}

const rules = (findings: Finding[]) => findings.map((f) => `${f.rule} ${f.code ?? ''}`);

describe('parse: generated registries', () => {
  it('reads back every entry as rendered, in any style', () => {
    fc.assert(
      fc.property(registry(), style, (entries, s) => {
        const parsed = parse(render(entries, s));
        expect(parsed.problems).toEqual([]);
        const view = (e: RegistryEntry | Entry) => ({
          code: e.code,
          status: e.status,
          handling: e.handling,
          section: e.section,
        });
        const sections = [...new Set(entries.map((e) => e.section))];
        const inOrder = sections.flatMap((name) => entries.filter((e) => e.section === name));
        expect(parsed.entries.map(view)).toEqual(inOrder.map(view));
      }),
      { numRuns: 150 },
    );
  });

  it('never throws on registries with arbitrary cells and stray lines, and keeps every line in range', () => {
    const junk = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom(
        '|',
        '| a | b |',
        '|---|',
        '```',
        '<!--',
        '-->',
        '> |',
        '- | x |',
        '    | y |',
        '[ref]: http://x',
        '\\|',
        '~~',
        '\u0085',
        '\u2028',
      ),
    );
    fc.assert(
      fc.property(registry(), fc.array(fc.tuple(fc.nat(), junk), { maxLength: 6 }), (entries, inserts) => {
        const lines = render(entries).split('\n');
        for (const [at, text] of inserts) lines.splice(at % (lines.length + 1), 0, text);
        const text = lines.join('\n');
        const parsed = parse(text);
        const count = text.split(/\r\n|\r|\n/).length;
        for (const e of parsed.entries) expect(e.line).toBeGreaterThanOrEqual(1);
        for (const e of parsed.entries) expect(e.line).toBeLessThanOrEqual(count);
        for (const p of parsed.problems) expect(p.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 200 },
    );
  });
});

describe('compare: generated registries', () => {
  it('finds nothing between a registry and itself (one parse or two)', () => {
    fc.assert(
      fc.property(registry(), style, (entries, s) => {
        const parsed = parse(render(entries, s));
        expect(compare(parsed, parsed)).toEqual([]);
        expect(compare(parsed, parse(render(entries, s)))).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('reports nothing for cosmetic rewrites: padding, column order, header case, CRLF, BOM, backticks, capitals and full stops', () => {
    fc.assert(
      fc.property(registry(), style, style, (entries, a, b) => {
        expect(compare(parse(render(entries, a)), parse(render(entries, b)))).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('reports only CODE_ADDED, once for each new code, when entries are added anywhere', () => {
    fc.assert(
      fc.property(registry(), registry(), fc.array(fc.nat()), (before, extra, positions) => {
        const known = new Set(before.map((e) => e.code));
        const fresh = extra.filter((e) => !known.has(e.code));
        const after = [...before];
        fresh.forEach((e, i) => after.splice((positions[i] ?? 0) % (after.length + 1), 0, e));
        const findings = compare(parse(render(before)), parse(render(after)));
        expect(rules(findings).sort()).toEqual(fresh.map((e) => `CODE_ADDED ${e.code}`).sort());
      }),
      { numRuns: 150 },
    );
  });

  it('catches every removal, as CODE_REMOVED or CODE_RENAMED, whatever else is added', () => {
    fc.assert(
      fc.property(
        registry(1),
        fc.array(fc.nat(), { minLength: 1, maxLength: 5 }),
        registry(0),
        (before, drops, extra) => {
          const removed = new Set(drops.map((d) => before[d % before.length]!.code));
          const known = new Set(before.map((e) => e.code));
          // Additions may reuse a removed code's meaning: then the removal may read as a rename.
          const after = [...before.filter((e) => !removed.has(e.code)), ...extra.filter((e) => !known.has(e.code))];
          const findings = compare(parse(render(before)), parse(render(after)));
          const caught = new Set(
            findings.filter((f) => f.rule === 'CODE_REMOVED' || f.rule === 'CODE_RENAMED').map((f) => f.code),
          );
          expect(caught).toEqual(removed);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('snapshots: generated registries', () => {
  it('read back as written, and compare clean with the registry they were taken from', () => {
    const dir = tempDir('erg-props-');
    let n = 0;
    fc.assert(
      fc.property(registry(), fc.boolean(), (entries, withRetired) => {
        const parsed = parse(render(entries));
        const version = `1.0.${n++}`;
        const snapshot: Snapshot = {
          schemaVersion: SNAPSHOT_SCHEMA_VERSION,
          version,
          previous: null,
          registry: 'docs/errors.md',
          entries: parsed.entries.map(toSnapshotEntry),
          accepted: withRetired ? [{ rule: 'CODE_REMOVED', code: 'OLD_CODE', reason: 'Nobody maps it' }] : [],
          retired: withRetired ? [{ code: 'OLD_CODE', version, reason: 'Nobody maps it' }] : [],
        };
        const file = writeSnapshot(dir, snapshot);
        expect(path.basename(file)).toBe(`${version}.json`);
        const read = readSnapshot(file, version);
        expect(serialiseSnapshot(read)).toBe(serialiseSnapshot(snapshot));
        expect(readFileSync(file, 'utf8')).toBe(serialiseSnapshot(snapshot));
        expect(compare({ entries: snapshotEntries(read) }, parsed)).toEqual([]);
        expect(compare(parsed, { entries: snapshotEntries(read) })).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});

describe('fast paths give what the slow ones give', () => {
  it('cells of text and single-backtick code spans read as markdown-it reads them', () => {
    const part = fc.constantFrom(
      'a',
      'b c',
      ' ',
      '  ',
      '\t',
      '`',
      '``',
      'x_y',
      '*',
      '\\',
      '\u2028',
      '~',
      '<b>',
      '&amp;',
      '[a]',
      '(x)',
      '1.',
      '|',
    );
    let fast = 0;
    fc.assert(
      fc.property(fc.array(part, { maxLength: 12 }), (parts) => {
        const text = parts.join('').trim();
        const spans = simpleCodeSpans(text);
        if (spans === undefined) return;
        fast++;
        expect(spans.replace(/\s+/g, ' ').trim()).toBe(inlineTextByParser(text).text);
      }),
      { numRuns: 3000 },
    );
    expect(fast).toBeGreaterThan(300); // the property must have exercised the fast path
  });

  it("markdown-it's single-file build, which the CLI loads, parses like the package's ES modules", () => {
    const bundled = createRequire(import.meta.url)('markdown-it/dist/markdown-it.js') as typeof MarkdownItEsm;
    const esm = new MarkdownItEsm('commonmark').enable(['table', 'strikethrough']);
    const umd = new bundled('commonmark').enable(['table', 'strikethrough']);
    const samples = [readFileSync(V1, 'utf8'), readFileSync(V2, 'utf8')];
    const tokens = (md: MarkdownItEsm, text: string) => JSON.stringify(md.parse(text, {}));
    for (const text of samples) expect(tokens(umd, text)).toBe(tokens(esm, text));
    const piece = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom(
        '| a | b |\n|---|---|\n| 1 | 2 |\n',
        '**x**',
        '`y`',
        '~~z~~',
        '[l](http://x)',
        '<div>',
        '&copy;',
        '\n\n',
        '> q\n',
        '- i\n',
        '# h\n',
        '[r]: /u\n',
        '\\|',
      ),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }), (pieces) => {
        const text = pieces.join('');
        expect(tokens(umd, text)).toBe(tokens(esm, text));
      }),
      { numRuns: 300 },
    );
  });
});

describe('incremental parsing and comparing, as audit uses them', () => {
  /** Edits applied to one revision at once, each at a row of some table, or anywhere. */
  /** What a revision may add at its end: sections with tables, and what could upset a tail parsed alone. */
  const ending = fc.oneof(
    fc.constantFrom(
      '\n## Added section\n\n| code | status | meaning |\n|---|---|---|\n| `END_ONE` | 400 | Added at the end |\n',
      '\n| code | status | meaning |\n|---|---|---|\n| `END_TWO` | 409 | No heading of its own |\n',
      '| `END_ROW` | 400 | Joins the table above when nothing parts them |\n',
      '\n[ref]: http://example.com\n',
      '\n- a list\n\n  | code | status | meaning |\n  |---|---|---|\n  | `IN_LIST` | 400 | x |\n',
      '\n```\n| code | status | meaning |\n',
      '\n<!--\n',
      '\nSome closing words.\n',
      '\n## Notes\n',
      '\n    | indented | code |\n',
      '\n<<<<<<< HEAD\n| `OURS` | 400 | x |\n=======\n| `THEIRS` | 400 | y |\n>>>>>>> feature\n',
    ),
    fc.string({ maxLength: 12 }).map((t) => `\n${t}\n`),
  );
  const edit = fc.record({
    kind: fc.constantFrom('reword', 'delete', 'insert', 'insert', 'status', 'junk', 'append', 'truncate'),
    at: fc.nat(),
    entry,
    text: fc.oneof(
      fc.constantFrom(
        '',
        '| x |',
        '## New section',
        '<!--',
        '|---|---|',
        'plain words',
        '<<<<<<< HEAD',
        '=======',
        '|||||||',
        '>>>>>>> feature',
      ),
      fc.string({ maxLength: 10 }),
    ),
    ending,
  });
  type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

  function apply(text: string, edits: Edit[]): string {
    let lines = text.split('\n');
    const rows = () => lines.map((l, i) => (/^\| `/.test(l) ? i : -1)).filter((i) => i >= 0);
    for (const e of edits) {
      if (e.kind === 'append') {
        lines = `${lines.join('\n')}${e.ending}`.split('\n');
        continue;
      }
      if (e.kind === 'truncate') {
        lines.splice(Math.max(0, lines.length - 1 - (e.at % 6)), e.at % 6);
        continue;
      }
      const all = rows();
      if (all.length === 0) break;
      const row = all[e.at % all.length]!;
      const cells = (x: Entry) => `| \`${x.code}\` | ${x.status} | ${x.meaning} | ${x.handling} |`;
      if (e.kind === 'reword') lines[row] = lines[row]!.replace(/\| [^|]* \|([^|]*)\|$/, `| ${e.entry.meaning} |$1|`);
      else if (e.kind === 'status') lines[row] = lines[row]!.replace(/^(\| [^|]* \| )\d+/, `$1${e.entry.status}`);
      else if (e.kind === 'delete') lines.splice(row, 1);
      else if (e.kind === 'insert') lines.splice(row + (e.at % 2), 0, cells(e.entry));
      else lines.splice(row, 0, e.text);
    }
    return lines.join('\n');
  }

  const strip = (r: unknown) => JSON.parse(JSON.stringify(r)) as unknown;

  it('parseIncremental gives exactly what parse gives, for edits in several tables at once', () => {
    let incremental = 0;
    fc.assert(
      fc.property(
        registry(8),
        fc.array(fc.array(edit, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }),
        (entries, revisions) => {
          let text = render(entries);
          let previous = parse(text);
          for (const edits of revisions) {
            const next = apply(text, edits);
            const result = parseIncremental(next, previous);
            expect(strip(result)).toEqual(strip(parse(next)));
            if (changedCodes(previous, result)) incremental++;
            text = next;
            previous = result;
          }
        },
      ),
      { numRuns: 300 },
    );
    expect(incremental).toBeGreaterThan(100); // most revisions must have taken the incremental path
  });

  it('reads changed rows of escaped pipes, backslashes, odd spaces, short and long rows exactly as a full parse does', () => {
    const cell = fc.stringMatching(/^[a-c`*~ \t\u00a0\u2003|\\]{0,8}$/);
    const line = fc
      .tuple(
        fc.constantFrom('', ' ', '   '),
        fc.array(cell, { minLength: 0, maxLength: 6 }),
        fc.boolean(),
        fc.constantFrom('', ' ', '\t', '\u00a0'),
      )
      .map(([indent, cells, outer, trailing]) => `${indent}|${cells.join('|')}${outer ? '|' : ''}${trailing}`);
    let incremental = 0;
    fc.assert(
      fc.property(
        registry(4),
        fc.array(fc.tuple(fc.nat(), line), { minLength: 1, maxLength: 4 }),
        (entries, changes) => {
          const text = render(entries);
          const lines = text.split('\n');
          const rows = lines.map((l, i) => (/^\| `/.test(l) ? i : -1)).filter((i) => i >= 0);
          for (const [at, row] of changes) lines[rows[at % rows.length]!] = row;
          const next = lines.join('\n');
          const previous = parse(text);
          const result = parseIncremental(next, previous);
          expect(strip(result)).toEqual(strip(parse(next)));
          if (changedCodes(previous, result)) incremental++;
        },
      ),
      { numRuns: 500 },
    );
    expect(incremental).toBeGreaterThan(250); // the rows were read on their own, not by a full parse
  });

  it("parses the benchmark's evolved registry from the original exactly, without a full parse", () => {
    const before = parse(generateRegistry(3000));
    const text = evolveRegistry(3000).markdown;
    const after = parseIncremental(text, before);
    expect(strip(after)).toEqual(strip(parse(text)));
    expect(changedCodes(before, after)?.size).toBeGreaterThan(90);
  });

  it("audit's comparison of only the rows an incremental parse replaced gives what comparing everything gives", () => {
    let fast = 0;
    fc.assert(
      fc.property(
        registry(8),
        fc.array(fc.array(edit, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }),
        (entries, revisions) => {
          let text = render(entries);
          let previous = parse(text);
          const counts = new CodeCounts();
          counts.recount(previous.entries);
          for (const edits of revisions) {
            text = apply(text, edits);
            const next = parseIncremental(text, previous);
            const [before, after] = changedModels(previous, next, counts);
            if (before.entries !== previous.entries) fast++;
            expect(compare(before, after, { path: 'r.md' })).toEqual(compare(previous, next, { path: 'r.md' }));
            previous = next;
          }
        },
      ),
      { numRuns: 300 },
    );
    expect(fast).toBeGreaterThan(100);
  });

  it('comparing only the changed codes gives exactly what comparing everything gives', () => {
    const retiredCode = fc.option(fc.constantFrom(...WORDS.map((w) => w.toUpperCase())), { nil: undefined });
    fc.assert(
      fc.property(
        registry(8),
        fc.array(fc.array(edit, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }),
        retiredCode,
        (entries, revisions, retired) => {
          const options = retired
            ? { path: 'r.md', retired: new Map<string, RetiredCode>([[retired, { code: retired, version: '1.0.0' }]]) }
            : { path: 'r.md' };
          let text = render(entries);
          let previous = parse(text);
          for (const edits of revisions) {
            text = apply(text, edits);
            const next = parseIncremental(text, previous);
            const codes = changedCodes(previous, next);
            if (codes) {
              const only = (m: RegistryModel): RegistryModel => ({
                entries: m.entries.filter((e) => codes.has(e.code)),
                sections: m.sections ?? [],
              });
              expect(compare(only(previous), only(next), options)).toEqual(compare(previous, next, options));
            }
            previous = next;
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
