/**
 * The gate judges the rows a reader sees on GitHub, end to end: the four ways the parser and the
 * page used to disagree (issue 12), each through the command a user runs, and what cannot be read
 * unambiguously reported as a PARSE_ERROR.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lint, parse, parseIncremental } from '../src/index.js';
import { FIXTURES, ROOT, V2 } from './helpers/fixtures.js';
import { cli, json, Repo, REGISTRY, tempDir } from './helpers/repo.js';
import { writeFileSync } from 'node:fs';

const corpus = (name: string) => readFileSync(path.join(FIXTURES, 'markdown-corpus', name), 'utf8');
const HEAD = '| code | status | meaning | frontend handling |\n|---|---:|---|---|\n';
const rules = (r: { findings: { rule: string; code?: string }[] }) =>
  r.findings.map((f) => `${f.rule} ${f.code ?? ''}`.trim()).sort();

/** Runs `diff OLD NEW` with the built CLI on two documents. */
function diff(before: string, after: string) {
  const dir = tempDir('erg-visible-');
  writeFileSync(path.join(dir, 'old.md'), before);
  writeFileSync(path.join(dir, 'new.md'), after);
  return cli(['diff', 'old.md', 'new.md', '--format', 'json'], dir);
}

describe('a table right below a line of text', () => {
  const text = corpus('table-under-text-line.md');

  it('is read, as GitHub renders it', () => {
    expect(parse(text).entries.map((e) => [e.code, e.status, e.line, e.section])).toEqual([
      ['AUTH_EXPIRED', 401, 7, 'Auth'],
      ['AUTH_EXPIRED', 403, 13, 'Legacy'],
    ]);
  });

  it('so a second AUTH_EXPIRED there, with another status, is a DUPLICATE_CODE (lint, and the CLI)', () => {
    expect(lint(parse(text), 'r.md').map((f) => [f.rule, f.code, f.line])).toEqual([
      ['DUPLICATE_CODE', 'AUTH_EXPIRED', 13],
    ]);
    const dir = tempDir('erg-visible-');
    writeFileSync(path.join(dir, 'r.md'), text);
    const result = cli(['lint', 'r.md', '--format', 'json'], dir);
    expect(result.status).toBe(1);
    expect(rules(json(result))).toEqual(['DUPLICATE_CODE AUTH_EXPIRED']);
  });
});

describe('an HTML comment opened in one block and closed in a later one', () => {
  const before = `# Error codes\n\n${HEAD}| \`AUTH_EXPIRED\` | 401 | Session expired | Return to login |\n`;
  const after = corpus('comment-across-blocks.md');

  it('hides the rows between from the parser, as from a reader', () => {
    expect(parse(after).entries.map((e) => [e.code, e.status, e.meaning, e.line])).toEqual([
      ['AUTH_EXPIRED', 403, 'Session is no longer valid', 13],
    ]);
    expect(parse(after).problems).toEqual([]);
  });

  it('so the row the page shows is judged: STATUS_CHANGED and MEANING_CHANGED (diff)', () => {
    const result = diff(before, after);
    expect(result.status).toBe(1);
    expect(rules(json(result))).toEqual([
      'HANDLING_CHANGED AUTH_EXPIRED',
      'MEANING_CHANGED AUTH_EXPIRED',
      'STATUS_CHANGED AUTH_EXPIRED',
    ]);
  });

  it('and `check` refuses the commit that does it', () => {
    const repo = Repo.init();
    repo.write(REGISTRY, before).commit('v1');
    repo.write(REGISTRY, after);
    const result = repo.cli(['check', '--format', 'json']);
    expect(result.status).toBe(1);
    expect(rules(json(result))).toEqual(
      expect.arrayContaining(['MEANING_CHANGED AUTH_EXPIRED', 'STATUS_CHANGED AUTH_EXPIRED']),
    );
  });
});

describe('struck-through words in a meaning', () => {
  it('are deleted words: rewording by strike-through is MEANING_CHANGED (diff)', () => {
    const before = `${HEAD}| \`AUTH_MODE\` | 401 | Authentication is required, not optional | Return to login |\n`;
    const after = `${HEAD}| \`AUTH_MODE\` | 401 | Authentication is ~~required, not~~ optional | Return to login |\n`;
    expect(parse(after).entries[0]!.meaning).toBe('Authentication is optional');
    const result = diff(before, after);
    expect(result.status).toBe(1);
    expect(rules(json(result))).toEqual(['MEANING_CHANGED AUTH_MODE']);
  });

  it('whether written with one or two tildes, <s>, <del> or <strike>', () => {
    const meanings = parse(corpus('strike-through.md')).entries.map((e) => [e.code, e.meaning, e.status, e.deprecated]);
    expect(meanings).toEqual([
      ['AUTH_MODE', 'Authentication is optional', 401, false],
      ['B_ONE', 'One strikes, ~~~three~~~ do not, ~~a~ neither', 400, false],
      ['B_TWO', 'new words', 400, false],
      ['OLD_CODE', 'Deprecated', 400, true],
      ['C_ONE', 'Status struck', 409, false],
    ]);
  });
});

describe('what cannot be read unambiguously is a PARSE_ERROR', () => {
  it('a header with two `status` columns (lint, and the CLI)', () => {
    const text = corpus('duplicate-column.md');
    const parsed = parse(text);
    expect(parsed.entries).toEqual([]);
    expect(parsed.problems).toEqual([expect.objectContaining({ rule: 'PARSE_ERROR', line: 1 })]);
    expect(parsed.problems[0]!.message).toContain('two `status` columns');
    const dir = tempDir('erg-visible-');
    writeFileSync(path.join(dir, 'r.md'), text);
    const result = cli(['lint', 'r.md', '--format', 'json'], dir);
    expect(result.status).toBe(1);
    expect(rules(json(result))).toEqual(['PARSE_ERROR']);
  });

  it.each(['code', 'meaning', 'handling'])('a header with two `%s` columns', (field) => {
    const header =
      field === 'handling'
        ? 'code | status | meaning | handling | frontend handling'
        : `code | status | meaning | ${field}`;
    const text = `| ${header} |\n|${'---|'.repeat(header.split('|').length)}\n| A | 400 | x | y | z |\n`;
    expect(parse(text).problems.map((p) => p.message)).toEqual([expect.stringContaining(`two \`${field}\` columns`)]);
  });

  it('a row with a no-break space or a BOM before its leading pipe, which GitHub shows shifted', () => {
    const parsed = parse(corpus('shifted-rows.md'));
    expect(parsed.problems.filter((p) => p.message.includes('leading pipe')).map((p) => p.line)).toEqual([3, 4]);
    expect(parsed.entries.map((e) => e.code)).toEqual(['FINE', 'AFTER_BLANKISH']);
  });

  it('a registry table written in raw HTML', () => {
    const text = `Intro\n\n<table>\n<tr><th>code</th><th>status</th><th>meaning</th></tr>\n<tr><td>A</td><td>400</td><td>x</td></tr>\n</table>\n`;
    expect(parse(text).problems).toEqual([expect.objectContaining({ rule: 'PARSE_ERROR', line: 3 })]);
  });
});

describe('raw HTML, and what it costs', () => {
  const loadsParse5 = (text: string) => {
    const script = `import { parse } from ${JSON.stringify(path.join(ROOT, 'dist/src/index.js'))};
      import { createRequire } from 'node:module';
      parse(${JSON.stringify(text)});
      const cache = createRequire(import.meta.url).cache;
      process.stdout.write(String(Object.keys(cache).some((k) => k.includes('node_modules/parse5/'))));`;
    return execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  };

  it('is parsed with parse5 only when a document holds some', () => {
    expect(loadsParse5(readFileSync(V2, 'utf8'))).toBe('false');
    expect(loadsParse5(`${HEAD}| \`A\` | 400 | a \`<b>\` code span | x |\n`)).toBe('false');
    expect(loadsParse5(`${HEAD}| \`A\` | 400 | a <b>tag</b> | x |\n`)).toBe('true');
  });

  it('parseIncremental stays exactly parse when edits open and close comments around rows', () => {
    const pieces = fc.constantFrom(
      '<div><!--',
      '<div>--></div>',
      '<!-- -->',
      '<template>',
      '</template>',
      '',
      '| `NEW_CODE` | 409 | Added | x |',
      '| `AUTH_USER_NOT_FOUND` | 410 | Gone | x |',
      '| `STRUCK` | 400 | <s>Old</s> new | <template>x</template> |',
      '| `OPENS` | 400 | <b>open | x |',
      'Text right above:',
    );
    const base = readFileSync(V2, 'utf8');
    const strip = (r: unknown) => JSON.parse(JSON.stringify(r)) as unknown;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), pieces), { minLength: 1, maxLength: 6 }), (edits) => {
        let text = base;
        let previous = parse(text);
        for (const [at, piece] of edits) {
          const lines = text.split('\n');
          lines.splice(at % lines.length, 0, piece);
          text = lines.join('\n');
          const next = parseIncremental(text, previous);
          expect(strip(next)).toEqual(strip(parse(text)));
          previous = next;
        }
      }),
      { numRuns: 80 },
    );
  });
});
