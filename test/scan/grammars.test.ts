/**
 * The grammars the package ships (dist/grammars, written by `npm run build`): each loads in the
 * pinned web-tree-sitter and parses its language, and each comes with its licence text, named in
 * NOTICE.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { grammarFile, parserFor, type GrammarName } from '../../src/scan/tree-sitter.js';

const DIR = path.resolve(import.meta.dirname, '../../dist/grammars');

const SAMPLES: Record<GrammarName, string> = {
  dart: "void f(Map d) { if (d['detail'] == 'x') {} }",
  python: 'if detail == "x":\n    pass\n',
  typescript: 'const id = <T,>(x: T): T => x;\nconst p = <Problem>body;',
  tsx: 'export const E = () => <b>{err.detail}</b>;',
};

describe('shipped grammars', () => {
  it.each(Object.entries(SAMPLES) as [GrammarName, string][])(
    '%s loads from dist/grammars and parses',
    async (name, sample) => {
      expect(path.dirname(grammarFile(name))).toBe(DIR);
      const tree = (await parserFor(name)).parse(sample)!;
      expect(tree.rootNode.hasError).toBe(false);
      tree.delete();
    },
  );

  it('ships a licence for each grammar, named in NOTICE.md', () => {
    const files = readdirSync(DIR);
    const notice = readFileSync(path.join(DIR, 'NOTICE.md'), 'utf8');
    for (const wasm of files.filter((f) => f.endsWith('.wasm'))) expect(notice).toContain(wasm);
    for (const licence of files.filter((f) => f.startsWith('LICENSE.'))) {
      expect(notice).toContain(licence);
      expect(readFileSync(path.join(DIR, licence), 'utf8')).toMatch(/Permission is hereby granted|unlicense/i);
    }
    expect(files.filter((f) => f.startsWith('LICENSE.'))).toHaveLength(4);
  });
});
