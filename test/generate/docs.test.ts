/** The documented examples of `generate` are what it writes: docs/generate.md's outputs and the README's config. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { ROOT, V2 } from '../helpers/fixtures.js';
import { generated } from '../helpers/generated.js';
import { Repo, REGISTRY } from '../helpers/repo.js';

const blocks = (text: string, lang: string) =>
  [...text.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);

describe('docs/generate.md', () => {
  const doc = readFileSync(path.join(ROOT, 'docs/generate.md'), 'utf8');

  it('shows, for each language, exactly what generate writes from its example registry and config', () => {
    const repo = Repo.init();
    repo.write(REGISTRY, blocks(doc, 'markdown')[0]!);
    const config = blocks(doc, 'json')[0]!;
    repo.write('error-registry-guard.config.json', config);
    expect(repo.cli(['generate']).status).toBe(0);
    const targets = (JSON.parse(config) as { generate: { language: string; path: string }[] }).generate;
    const fence: Record<string, string> = {
      ts: 'ts',
      dart: 'dart',
      python: 'python',
      kotlin: 'kotlin',
      swift: 'swift',
    };
    expect(targets.map((t) => t.language)).toEqual(Object.keys(fence));
    for (const target of targets) {
      const shown = blocks(doc, fence[target.language]!);
      expect(shown, target.language).toHaveLength(1);
      expect(shown[0], target.language).toBe(repo.read(target.path));
    }
  });
});

describe('README: library', () => {
  it('generateSource from the package entry point writes what generate writes', async () => {
    const { generateSource, parse, LANGUAGES } = await import('../../src/index.js');
    const after = parse(readFileSync(V2, 'utf8'));
    for (const language of LANGUAGES) {
      const text = generateSource(language, { registry: 'registry.md', entries: after.entries, typeName: 'ErrorCode' });
      expect(text).toBe(generated(readFileSync(V2, 'utf8'), language, { registry: 'registry.md' }));
    }
  });
});

describe('README: typed codes', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const example = blocks(readme, 'json').find((b) => b.includes('"generate"'))!;

  it('the generate config example is valid against the published schema', () => {
    const schema = JSON.parse(readFileSync(path.join(ROOT, 'schemas/config.schema.json'), 'utf8')) as object;
    expect(new Ajv({ strict: false }).compile(schema)(JSON.parse(example))).toBe(true);
  });

  it('the workflow works as written: generate, commit both, edit the registry, check fails until generate runs', () => {
    const repo = Repo.init();
    repo.write('error-registry-guard.config.json', example).copy(V2, REGISTRY);
    expect(repo.cli(['generate']).status).toBe(0);
    repo.commit('registry and generated code');
    expect(repo.cli(['check']).status).toBe(0);
    repo.write(REGISTRY, repo.read(REGISTRY).replace(/^\| `AUTH_USER_NOT_FOUND` .*\n/m, ''));
    const stale = repo.cli(['check']);
    expect(stale.status).toBe(1);
    expect(stale.stdout).toContain('GENERATED_STALE');
    expect(repo.cli(['generate']).status).toBe(0);
    const after = repo.cli(['check']);
    expect(after.stdout).not.toContain('GENERATED_STALE');
    expect(after.stdout).toContain('CODE_REMOVED');
  });
});
