/**
 * git grep's file names reach the scan in chunks as git prints them: every name comes out whole,
 * whatever the chunks' boundaries (inside a name, inside a multi-byte character, on a NUL).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nulSeparated } from '../../src/git/files.js';

describe('NUL-separated output read in chunks', () => {
  it('gives back every name whole, wherever the chunks end', () => {
    const name = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((s) => !s.includes('\0'));
    fc.assert(
      fc.property(fc.array(name, { maxLength: 20 }), fc.array(fc.nat(), { maxLength: 10 }), (names, cuts) => {
        const bytes = Buffer.from(names.map((n) => `${n}\0`).join(''), 'utf8');
        const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const got: string[] = [];
        const read = nulSeparated((item) => got.push(item));
        let from = 0;
        for (const cut of [...at, bytes.length]) {
          read(bytes.subarray(from, cut));
          from = cut;
        }
        expect(got).toEqual(names);
      }),
    );
  });
});
