import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inlineText, parse, parseIncremental } from '../src/index.js';
import { registry, V1, V2 } from './helpers/fixtures.js';

const v1 = readFileSync(V1);
const v2 = readFileSync(V2);

describe('parse: the real registry revisions', () => {
  it('reads v1: 24 entries in 5 sections with their lines', () => {
    const { entries, sections, problems } = parse(v1);
    expect(problems).toEqual([]);
    expect(entries).toHaveLength(24);
    expect(sections.map((s) => [s.name, s.entries])).toEqual([
      ['Auth', 6],
      ['Agent Points', 1],
      ['Agent Session', 10],
      ['Profile', 3],
      ['Avatar', 4],
    ]);
    expect(entries[0]).toMatchObject({
      code: 'AUTH_SERVICE_UNAVAILABLE',
      status: 503,
      meaning: 'Auth upstream unavailable',
      handling: 'Show retry message and allow retry',
      section: 'Auth',
      deprecated: false,
      line: 9,
    });
    expect(entries.find((e) => e.code === 'AGENT_OUTPUT_DIVINATION_INVALID')).toMatchObject({
      status: 422,
      line: 29,
      section: 'Agent Session',
    });
  });

  it('reads v2: 51 entries, 9 sections, TOOL_PENDING_APPROVAL at line 99 with status 202', () => {
    const { entries, sections, problems } = parse(v2);
    expect(problems).toEqual([]);
    expect(entries).toHaveLength(51);
    expect(sections.map((s) => s.name)).toEqual([
      'Auth',
      'Agent Points',
      'Agent Session',
      'Agent Internal (Binary URL Validation)',
      'Profile',
      'Avatar',
      'Notification',
      'Global',
      'Tool (Internal Agent Runtime)',
    ]);
    expect(entries.at(-1)).toMatchObject({
      code: 'TOOL_PENDING_APPROVAL',
      status: 202,
      line: 99,
      section: 'Tool (Internal Agent Runtime)',
    });
    expect(new Set(entries.map((e) => e.code)).size).toBe(51);
  });

  it('keeps inline markdown raw and gives plain text', () => {
    const entry = parse(v1).entries.find((e) => e.code === 'AGENT_RUNTIME_MODE_INVALID')!;
    expect(entry.meaning).toBe('Missing or invalid forwardedProps.runtime_mode in run request');
    expect(entry.raw.meaning).toBe('Missing or invalid `forwardedProps.runtime_mode` in run request');
  });
});

describe('parse: input oddities', () => {
  const plain = registry([['`A_ONE`', 400, 'One', 'Retry']]);
  const model = (text: string | Uint8Array) =>
    parse(text).entries.map(({ code, status, meaning, handling, section, deprecated, line }) => ({
      code,
      status,
      meaning,
      handling,
      section,
      deprecated,
      line,
    }));

  it('gives the same model for CRLF, a BOM, and both', () => {
    const expected = model(plain);
    expect(model(plain.replace(/\n/g, '\r\n'))).toEqual(expected);
    expect(model(`\uFEFF${plain}`)).toEqual(expected);
    expect(model(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(plain.replace(/\n/g, '\r\n'))]))).toEqual(
      expected,
    );
  });

  it('keeps escaped pipes and escaped pipes inside code spans in the cell', () => {
    const { entries } = parse(registry([['`A_ONE`', 400, 'Either a \\| b', 'Send `x \\| y`']]));
    expect(entries[0]).toMatchObject({ meaning: 'Either a | b', handling: 'Send x | y' });
  });

  it('finds columns by header name in any order and keeps extra columns', () => {
    const text =
      '## S\n\n| Frontend Handling | Meaning | Owner | CODE | Status |\n|---|---|---|---|---|\n| Retry | One | team-a | A_ONE | 400 |\n';
    expect(parse(text).entries[0]).toMatchObject({
      code: 'A_ONE',
      status: 400,
      meaning: 'One',
      handling: 'Retry',
      extra: { owner: 'team-a' },
    });
  });

  it('ignores tables inside HTML comments and tables without a code column', () => {
    const text = `${plain}\n<!--\n| code | status | meaning |\n|---|---|---|\n| HIDDEN | 400 | x |\n-->\n\n| key | value |\n|---|---|\n| a | b |\n`;
    expect(parse(text).entries.map((e) => e.code)).toEqual(['A_ONE']);
  });

  it('pads short rows with empty cells', () => {
    const text = '| code | status | meaning | frontend handling |\n|---|---|---|---|\n| A_ONE | 400 |\n';
    expect(parse(text).entries[0]).toMatchObject({ code: 'A_ONE', status: 400, meaning: '', handling: '' });
  });

  it('marks struck-through codes and a non-empty deprecated column as deprecated', () => {
    expect(parse(registry([['~~`A_ONE`~~', 400, 'One', 'Retry']])).entries[0]).toMatchObject({
      code: 'A_ONE',
      deprecated: true,
    });
    const text =
      '| code | status | meaning | deprecated |\n|---|---|---|---|\n| A_ONE | 400 | One | since 2.1 |\n| A_TWO | 400 | Two | |\n';
    expect(parse(text).entries.map((e) => e.deprecated)).toEqual([true, false]);
  });

  it('takes the nearest heading above a table as its section', () => {
    const text =
      '# Top\n\n## Auth\n\ntext\n\n| code | status | meaning |\n|---|---|---|\n| A | 400 | x |\n\n### Deeper\n\n| code | status | meaning |\n|---|---|---|\n| B | 400 | y |\n';
    expect(parse(text).entries.map((e) => e.section)).toEqual(['Auth', 'Deeper']);
  });

  it('reports bytes that are not UTF-8 with their line', () => {
    const bytes = Buffer.concat([Buffer.from('# R\n\nline two\n'), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]);
    const { entries, problems } = parse(bytes);
    expect(entries).toEqual([]);
    expect(problems).toEqual([expect.objectContaining({ rule: 'PARSE_ERROR', line: 4, unreadable: true })]);
    expect(problems[0]!.message).toContain('UTF-8');
  });

  it('reports a NUL byte and a file over the size limit', () => {
    expect(parse(`${plain}\0`).problems[0]).toMatchObject({ rule: 'PARSE_ERROR', unreadable: true, line: 8 });
    expect(parse(plain, { maxBytes: 10 }).problems[0]).toMatchObject({ rule: 'PARSE_ERROR', unreadable: true });
    expect(parse(plain, { maxBytes: 10 }).problems[0]!.message).toContain('limit');
  });

  it('reports an empty file as having no registry table', () => {
    expect(parse('').problems).toEqual([expect.objectContaining({ rule: 'PARSE_ERROR', line: 1 })]);
    expect(parse(new Uint8Array()).entries).toEqual([]);
  });

  it('reports a registry table without a status or meaning column, and a row without a code', () => {
    const missing = parse('| code | meaning |\n|---|---|\n| A | x |\n');
    expect(missing.problems[0]!.message).toContain('`status`');
    const noCode = parse('| code | status | meaning |\n|---|---|---|\n|  | 400 | x |\n');
    expect(noCode.problems).toEqual([expect.objectContaining({ rule: 'PARSE_ERROR', line: 3 })]);
  });

  it('reads a status that is not an integer as null', () => {
    expect(parse(registry([['A', 'four hundred', 'x', 'y']])).entries[0]!.status).toBeNull();
  });
});

describe('inlineText', () => {
  it('reduces code spans, emphasis, links and images to their text', () => {
    expect(inlineText('**Bold** and _em_ and `code` and [link](http://x) and ![alt](i.png)').text).toBe(
      'Bold and em and code and link and alt',
    );
  });
});

describe('parse: never throws', () => {
  it('on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        const result = parse(text);
        expect(Array.isArray(result.entries)).toBe(true);
        for (const p of result.problems) expect(p.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  it('on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        expect(() => parse(bytes)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it('on random mutations of the real fixtures, and every entry keeps a valid line', () => {
    const texts = [v1.toString('utf8'), v2.toString('utf8')];
    const mutation = fc.record({
      which: fc.integer({ min: 0, max: 1 }),
      at: fc.nat(),
      cut: fc.nat({ max: 40 }),
      insert: fc.oneof(
        fc.constantFrom('|', '\\|', '`', '~~', '\n', '\r\n', '<!--', '-->', '| --- |', '#', '\uFEFF', '\u0000'),
        fc.string({ maxLength: 8 }),
      ),
    });
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (mutations) => {
        let text = texts[mutations[0]!.which]!;
        for (const m of mutations) {
          const at = m.at % (text.length + 1);
          text = text.slice(0, at) + m.insert + text.slice(at + m.cut);
        }
        const lines = text.split(/\r\n|\r|\n/).length;
        const result = parse(text);
        for (const e of result.entries) {
          expect(e.line).toBeGreaterThanOrEqual(1);
          expect(e.line).toBeLessThanOrEqual(lines);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseIncremental', () => {
  const base = v2.toString('utf8');
  const lines = base.split('\n');
  const rowLines = lines.map((l, i) => (l.startsWith('| `') ? i : -1)).filter((i) => i >= 0);
  const strip = (r: ReturnType<typeof parse>) => JSON.parse(JSON.stringify(r)) as unknown;

  it('gives exactly what parse gives, for row edits and for any other edit', () => {
    const edit = fc.record({
      kind: fc.constantFrom('reword', 'delete', 'insert', 'anywhere'),
      row: fc.nat(),
      at: fc.nat(),
      text: fc.oneof(
        fc.string({ maxLength: 12 }),
        fc.constantFrom(
          '| `NEW_CODE` | 400 | New | Show |',
          '|',
          '',
          '## Heading',
          '| x |',
          '    | indented |',
          '<!--',
        ),
      ),
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 5 }), (edits) => {
        let previousText = base;
        let previous = parse(previousText);
        for (const e of edits) {
          const current = previousText.split('\n');
          const row = rowLines[e.row % rowLines.length]! % current.length;
          if (e.kind === 'reword') current[row] = `${current[row]!.slice(0, 20)}${e.text} |`;
          else if (e.kind === 'delete') current.splice(row, 1);
          else if (e.kind === 'insert')
            current.splice(
              row,
              0,
              e.text.startsWith('|') ? e.text : `| \`X_${e.at}\` | 4${e.at % 10}0 | ${e.text} | y |`,
            );
          else {
            const flat = current.join('\n');
            const at = e.at % (flat.length + 1);
            current.splice(0, current.length, ...`${flat.slice(0, at)}${e.text}${flat.slice(at)}`.split('\n'));
          }
          const text = current.join('\n');
          const incremental = parseIncremental(text, previous);
          expect(strip(incremental)).toEqual(strip(parse(text)));
          previousText = text;
          previous = incremental;
        }
      }),
      { numRuns: 400 },
    );
  });

  it('reuses the unchanged rows when only a row changed', () => {
    const previous = parse(base);
    const changed = base.replace(
      '| `AUTH_USER_NOT_FOUND` | 404 | User not found |',
      '| `AUTH_USER_NOT_FOUND` | 404 | User does not exist |',
    );
    const next = parseIncremental(changed, previous);
    expect(next.entries.find((e) => e.code === 'AUTH_USER_NOT_FOUND')!.meaning).toBe('User does not exist');
    expect(next.entries.find((e) => e.code === 'TOOL_PENDING_APPROVAL')).toBe(
      previous.entries.find((e) => e.code === 'TOOL_PENDING_APPROVAL'),
    );
  });
});
