/**
 * The text pre-check behind the rules' fast paths: it may only skip a file when no selector could
 * have matched, so a name spelled with escapes must still count.
 */
import { describe, expect, it } from 'vitest';
import { mayMention } from './selectors.js';

describe('mayMention', () => {
  it('is true when the text holds a name, or any backslash', () => {
    expect(mayMention("if (err.code === 'A') a();", ['code'])).toBe(true);
    expect(mayMention("if (err.errorCode === 'A') a();", ['detail', 'errorCode'])).toBe(true);
    expect(mayMention("if (err.\\u0063ode === 'A') a();", ['code'])).toBe(true);
    expect(mayMention('const re = /\\d+/;', ['code'])).toBe(true);
  });

  it('is false only when neither is there', () => {
    expect(mayMention("if (err.status === 'A') a();", ['code'])).toBe(false);
    expect(mayMention("if (err.Code === 'A') a();", ['code'])).toBe(false);
    expect(mayMention('', ['code'])).toBe(false);
  });
});
