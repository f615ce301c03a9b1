/**
 * The text pre-check behind the rules' fast paths: it may only skip a file when no selector could
 * have matched, so a name spelled with escapes must still count.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mayMention } from './selectors.js';

describe('mayMention', () => {
  it('is true when the text holds a name as a whole word', () => {
    expect(mayMention("if (err.code === 'A') a();", ['code'])).toBe(true);
    expect(mayMention('const { code } = err;', ['code'])).toBe(true);
    expect(mayMention("get(err, 'response.data.code')", ['code'])).toBe(true);
    expect(mayMention("if (err.errorCode === 'A') a();", ['detail', 'errorCode'])).toBe(true);
    expect(mayMention('const $x = detail;', ['detail'])).toBe(true);
  });

  it('is true when an escape could spell a name', () => {
    expect(mayMention("if (err.\\u0063ode === 'A') a();", ['code'])).toBe(true);
    expect(mayMention("if (err['\\x63ode'] === 'A') a();", ['code'])).toBe(true);
    expect(mayMention("if (err['co\\\nde'] === 'A') a();", ['code'])).toBe(true);
    expect(mayMention("if (err['\\code'] === 'A') a();", ['code'])).toBe(true);
    expect(mayMention("if (err['\\143ode'] === 'A') a();", ['code'])).toBe(true);
    expect(mayMention("x['\\u{63}ode']", ['code'])).toBe(true);
    expect(mayMention("x['\\detail']", ['detail'])).toBe(true);
  });

  it('is false for other names and for escapes that cannot spell one', () => {
    expect(mayMention("if (err.status === 'A') a();", ['code'])).toBe(false);
    expect(mayMention("if (err.Code === 'A') a();", ['code'])).toBe(false);
    expect(mayMention('const url = encodeURIComponent(codeBlock.errorCode);', ['code'])).toBe(false);
    expect(mayMention("toast(errorDetail + '\\n');", ['detail'])).toBe(false);
    expect(mayMention('const re = /\\d+-code-\\w/;', ['detail'])).toBe(false);
    expect(mayMention("x['de\\tail']", ['detail'])).toBe(false); // `\t` is a tab
    // The name inside a longer word, and an escape elsewhere in the file.
    expect(mayMention("x.details.map((d) => d + '\\n');", ['detail'])).toBe(false);
    expect(mayMention("x.details + '\\u0064etail'", ['detail'])).toBe(true);
    expect(mayMention('', ['code'])).toBe(false);
  });

  it('finds a whole word exactly where the regular expression (?<![\\w$])name(?![\\w$]) does', () => {
    // Texts made of the names' own letters, word and non-word characters: every boundary case.
    const text = fc.string({
      unit: fc.constantFrom('c', 'o', 'd', 'e', 'code', 'detail', '$', '_', '9', 'X', '.', ' ', "'", '\n'),
    });
    fc.assert(
      fc.property(text, fc.constantFrom(['code'], ['detail'], ['code', 'detail'], ['e']), (source, names) => {
        const word = new RegExp(`(?<![\\w$])(?:${names.join('|')})(?![\\w$])`);
        expect(mayMention(source, names)).toBe(word.test(source));
      }),
      { numRuns: 2000 },
    );
  });
});
