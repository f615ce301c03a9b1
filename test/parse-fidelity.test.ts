/**
 * Parser fidelity: `parse` reads exactly the registry rows a reader sees on GitHub. The oracle is
 * GitHub's own renderer (cmark-gfm, through the npm package that binds it) and a browser-grade
 * HTML parser (parse5): see test/helpers/gfm-oracle.ts. Checked on the real registries, on a
 * corpus of tricky documents (test/fixtures/markdown-corpus/), and on generated documents:
 * FIDELITY_RUNS of them (2,000 by default, a few seconds), from the seed FIDELITY_SEED (a fixed
 * one by default, so that a CI run is reproducible; `random` for a new sample each run). To
 * search longer: FIDELITY_RUNS=50000 FIDELITY_SEED=random npx vitest run test/parse-fidelity.test.ts.
 * A disagreement the generator finds is shrunk by fast-check; add it to the corpus.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { disagreements } from './helpers/fidelity.js';
import { FIXTURES, ROOT, V1, V2 } from './helpers/fixtures.js';
import { markdownDocument } from './helpers/markdown-gen.js';

const CORPUS = path.join(FIXTURES, 'markdown-corpus');
const HISTORY = path.join(ROOT, '../shared/fixtures/registry-history');
const RUNS = Number(process.env.FIDELITY_RUNS ?? 2000);
const SEED_SETTING = process.env.FIDELITY_SEED ?? '20261203';
const SEED = SEED_SETTING === 'random' ? Date.now() % 2 ** 31 : Number(SEED_SETTING);

const markdownFiles = (dir: string): string[] => {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.md') && f !== 'README.md')
      .map((f) => path.join(dir, f));
  } catch {
    return [];
  }
};

describe('parse reads what GitHub shows', () => {
  it.each([V1, V2, path.join(ROOT, 'docs/protocols/common/http-error-codes.md'), ...markdownFiles(HISTORY)])(
    'the real registry %s',
    (file) => {
      expect(disagreements(readFileSync(file, 'utf8'))).toEqual([]);
    },
  );

  it.each(markdownFiles(CORPUS).map((f) => path.basename(f)))('corpus: %s', (name) => {
    expect(disagreements(readFileSync(path.join(CORPUS, name), 'utf8'))).toEqual([]);
  });

  it(`generated documents (${RUNS} of them, seed ${SEED}; FIDELITY_RUNS and FIDELITY_SEED change them)`, () => {
    fc.assert(
      fc.property(markdownDocument, (markdown) => {
        expect(disagreements(markdown)).toEqual([]);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 600_000);
});
