/**
 * Registries with random markdown around and inside their tables, for the parser-fidelity property:
 * what a careless or hurried author writes (text lines right above a table, tables in lists and
 * blockquotes, fenced and indented code, each of CommonMark's seven kinds of HTML block, comments
 * that open in one block and close in another, `<details>`, `<template>`, link reference
 * definitions, entities and backslash escapes, pipes in code spans, strike-through, CRLF, a BOM,
 * tabs, no-break spaces, trailing spaces, short and long rows).
 */
import fc from 'fast-check';

const CODES = ['AUTH_EXPIRED', 'USER_NOT_FOUND', 'QUOTA_EXCEEDED', 'A', 'B_2'];
const WORDS = ['user', 'token', 'expired', 'not', 'found', 'retry', 'later', 'required', 'optional', 'is'];

/** Inline pieces of a meaning or handling cell. */
const inlinePiece = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...WORDS) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '~~required, not~~',
      '~old~',
      '~~~three~~~',
      '~~a~',
      '<s>gone</s>',
      '<del>gone</del>',
      '<strike>gone</strike>',
      '<S>Gone</S>',
      '&amp;',
      '&copy;',
      '&#124;',
      '&nbsp;',
      '&bogus;',
      '\\|',
      '\\*',
      '\\~~x~~',
      '`a\\|b`',
      '`x`',
      '``y``',
      '*em*',
      '**bold**',
      '_u_',
      '[link](http://x.test)',
      '[ref]',
      '[undefined ref]',
      '![alt *text*](i.png)',
      '<http://auto.test>',
      '<br>',
      '<br/>',
      '<!-- note -->',
      '<span>s</span>',
      '<template>t</template>',
      '<img alt="pic" src="x">',
      '<code>c</code>',
      'a\u00a0b',
      'x\ty',
      '<!--',
      '-->',
      '|',
    ),
  },
);
const inlineText = fc.array(inlinePiece, { minLength: 0, maxLength: 5 }).map((p) => p.join(' '));

const codeCell = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...CODES).map((c) => `\`${c}\``) },
  { weight: 3, arbitrary: fc.constantFrom(...CODES) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '~~`A`~~',
      '~B_2~',
      '<del>A</del>',
      '~~OLD~~ NEW',
      '',
      ' ',
      '&#65;',
      '\\_A',
      '<s>A</s>B_2',
    ),
  },
);
const statusCell = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('400', '401', '404', '409', '500', '202') },
  { weight: 1, arbitrary: fc.constantFrom('', 'four', '4&#48;0', '~~400~~ 409', '<s>400</s>409', '`404`') },
);

type Column = 'code' | 'status' | 'meaning' | 'handling' | 'owner' | 'deprecated';
const HEADER_TEXT: Record<Column, string[]> = {
  code: ['code', 'Code', 'CODE', '`code`', '**code**'],
  status: ['status', 'Status'],
  meaning: ['meaning', 'Meaning'],
  handling: ['frontend handling', 'Frontend Handling', 'handling'],
  owner: ['owner'],
  deprecated: ['deprecated'],
};

const columns: fc.Arbitrary<Column[]> = fc
  .tuple(
    fc.shuffledSubarray<Column>(['code', 'status', 'meaning', 'handling', 'owner', 'deprecated'], { minLength: 1 }),
    fc.nat(9),
  )
  .map(([cols, roll]) => {
    // Mostly complete registry tables; sometimes a column missing or one twice.
    const all = new Set(cols);
    const out: Column[] = [...cols];
    if (roll > 1) for (const c of ['code', 'status', 'meaning'] as Column[]) if (!all.has(c)) out.push(c);
    if (roll === 9) out.push(out[0]!);
    return out;
  });

type RowStyle = {
  indent: string;
  lead: string;
  trail: string;
  pad: string;
  length: 'same' | 'short' | 'long';
};

/** How a row line is written: indentation, outer pipes, padding, and odd white space. */
const rowStyle: fc.Arbitrary<RowStyle> = fc.record({
  indent: fc.constantFrom('', '', '', ' ', '   ', '\t'),
  lead: fc.constantFrom('|', '|', '|', '', '\u00a0|', '\uFEFF|', ' \u00a0 |'),
  trail: fc.constantFrom('|', '|', '', ' |', '| ', '|\t', '|\u00a0', '\\|'),
  pad: fc.constantFrom(' ', ' ', '', '  ', '\t'),
  length: fc.constantFrom<RowStyle['length']>('same', 'same', 'same', 'short', 'long'),
});

function rowLine(cells: string[], style: RowStyle): string {
  let cs = cells;
  if (style.length === 'short') cs = cs.slice(0, Math.max(1, cs.length - 1));
  if (style.length === 'long') cs = [...cs, 'extra'];
  const inner = cs.map((c) => `${style.pad}${c}${style.pad}`).join('|');
  return `${style.indent}${style.lead}${inner}${style.trail}`;
}

const delimiterCell = fc.constantFrom('---', ':---', '---:', ':-:', ' --- ', '-');

/** A table whose header may or may not make it a registry table, as lines. */
const table: fc.Arbitrary<string[]> = columns.chain((cols) =>
  fc
    .record({
      headers: fc.tuple(...cols.map((c) => fc.constantFrom(...HEADER_TEXT[c]))),
      delimiters: fc.array(delimiterCell, { minLength: cols.length, maxLength: cols.length }),
      headStyle: rowStyle,
      rows: fc.array(
        fc.tuple(
          fc.tuple(
            ...cols.map((c) =>
              c === 'code'
                ? codeCell
                : c === 'status'
                  ? statusCell
                  : c === 'deprecated'
                    ? fc.constantFrom('', '', 'yes', '~~yes~~')
                    : inlineText,
            ),
          ),
          rowStyle,
        ),
        { maxLength: 5 },
      ),
    })
    .map(({ headers, delimiters, headStyle, rows }) => {
      const plain: RowStyle = { indent: '', lead: '|', trail: '|', pad: ' ', length: 'same' };
      const head = headStyle.length === 'same' ? headStyle : plain;
      return [
        rowLine(headers, head),
        rowLine(delimiters, { ...plain, lead: head.lead === '' ? '' : '|', trail: head.trail === '' ? '' : '|' }),
        ...rows.map(([cells, style]) => rowLine(cells, style)),
      ];
    }),
);

/** Lines that may follow a table's rows directly, and end it or not. */
const follower = fc.constantFrom(
  'plain text after',
  '> quoted',
  '- item',
  '1. item',
  '## Heading',
  '<div>',
  '<span>',
  '</span>',
  '<!-- c -->',
  '```',
  '    indented',
  '---',
  '===',
  '\u00a0',
  '[ref]: http://r.test',
);

const indentLines = (lines: string[], first: string, rest: string) => lines.map((l, i) => (i === 0 ? first : rest) + l);

/** A table in some context: a block's lines. */
const tableBlock: fc.Arbitrary<string[]> = fc
  .tuple(
    table,
    fc.constantFrom(
      'plain',
      'plain',
      'plain',
      'under-text',
      'under-setext',
      'list',
      'ordered-list',
      'blockquote',
      'lazy-blockquote',
      'fenced',
      'indented',
      'details',
      'template',
      'comment-block',
      'div-comment-open',
      'html-div',
      'html-type7-above',
    ),
    fc.option(follower, { nil: undefined }),
  )
  .map(([lines, context, next]) => {
    const body = next === undefined ? lines : [...lines, next];
    switch (context) {
      case 'under-text':
        return ['Some words right above the table:', ...body];
      case 'under-setext':
        return ['Title', '=====', ...body];
      case 'list':
        return indentLines(body, '- ', '  ');
      case 'ordered-list':
        return indentLines(body, '1. ', '   ');
      case 'blockquote':
        return body.map((l) => `> ${l}`);
      case 'lazy-blockquote':
        return body.map((l, i) => (i === 2 ? l : `> ${l}`));
      case 'fenced':
        return ['```md', ...body, '```'];
      case 'indented':
        return body.map((l) => `    ${l}`);
      case 'details':
        return ['<details>', '<summary>More codes</summary>', '', ...body, '', '</details>'];
      case 'template':
        return ['<template>', '', ...body, '', '</template>'];
      case 'comment-block':
        return ['<!--', ...body, '-->'];
      case 'div-comment-open':
        return ['<div><!--', '', ...body];
      case 'html-div':
        return ['<div>', '', ...body, '', '</div>'];
      case 'html-type7-above':
        return ['<span>', ...body];
      default:
        return body;
    }
  });

/** Blocks between tables: every kind of HTML block, comments closing what another block opened, and more. */
const otherBlock: fc.Arbitrary<string[]> = fc.constantFrom(
  ['# Error codes'],
  ['## Auth'],
  ['Auth', '----'],
  ['Some text with a | pipe.'],
  ['[ref]: http://ref.test'],
  ['[ref]: http://ref.test "title"'],
  ['- a list', '- of items'],
  ['> a quote'],
  ['```', '| code | status | meaning |', '|---|---|---|', '| `IN_FENCE` | 400 | x |', '```'],
  ['    | code | status | meaning |', '    |---|---|---|', '    | `IN_INDENT` | 400 | x |'],
  ['<script>', 'var x = "<!--";', '</script>'],
  ['<pre>', '| not | a table |', '</pre>'],
  ['<style>p { color: red }</style>'],
  ['<textarea>', 'typed', '</textarea>'],
  ['<!-- a comment -->'],
  ['<!-- a comment', 'over lines -->'],
  ['<?php echo 1; ?>'],
  ['<!DOCTYPE html>'],
  ['<![CDATA[ data ]]>'],
  ['<div>'],
  ['</div>'],
  ['<div>--></div>'],
  ['<!-- -->'],
  ['-->'],
  ['<div><!--'],
  ['<span>'],
  ['<custom-tag>'],
  ['<details><summary>Closed</summary>'],
  ['</details>'],
  ['<template>'],
  ['</template>'],
  ['***'],
  ['\u00a0'],
  ['text with an <!-- inline comment --> in it'],
  ['text with an <!-- unclosed comment'],
);

/** A document: blocks apart by blank lines or not, then CRLF, a BOM, or tabs. */
export const markdownDocument: fc.Arbitrary<string> = fc
  .record({
    blocks: fc.array(
      fc.tuple(fc.oneof({ weight: 3, arbitrary: tableBlock }, { weight: 2, arbitrary: otherBlock }), fc.boolean()),
      { minLength: 1, maxLength: 6 },
    ),
    crlf: fc.boolean(),
    bom: fc.boolean(),
    finalNewline: fc.boolean(),
  })
  .map(({ blocks, crlf, bom, finalNewline }) => {
    const lines: string[] = [];
    blocks.forEach(([block, blank], i) => {
      if (i > 0 && blank) lines.push('');
      lines.push(...block);
    });
    const text = lines.join(crlf ? '\r\n' : '\n') + (finalNewline ? (crlf ? '\r\n' : '\n') : '');
    return bom ? `\uFEFF${text}` : text;
  });
