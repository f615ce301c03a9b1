import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/fixtures.js';
import { cli } from './helpers/repo.js';

const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const blocks = (lang: string) =>
  [...readme.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);

describe('README examples', () => {
  it('starts with the two commands of a fresh clone, and they are real scripts', () => {
    const first = blocks('sh')[0]!
      .split('\n')
      .map((l) => l.replace(/\s+#.*$/, ''));
    expect(first.slice(0, 2)).toEqual(['npm ci && npm run demo', 'npm test']);
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.demo).toBeDefined();
    expect(pkg.scripts.test).toBe('vitest run');
  });

  it('the text report example is what the CLI prints', () => {
    const example = blocks('text')[0]!.split('\n');
    const command = example[0]!.replace(/^\$ error-registry-guard /, '').split(' ');
    const result = cli(command, ROOT, { NO_COLOR: '1' });
    expect(result.status).toBe(1);
    const printed = result.stdout.split('\n');
    for (const line of example.slice(1).filter((l) => l.trim() !== '')) expect(printed).toContain(line);
  });

  it('the configuration example is valid against the published schema', () => {
    const example = blocks('json').find((b) => b.includes('"baseBranch"'))!;
    const schema = JSON.parse(readFileSync(path.join(ROOT, 'schemas/config.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ strict: false }).compile(schema);
    expect(validate(JSON.parse(example))).toBe(true);
  });

  it('links a doc page for every rule it lists', () => {
    for (const [, id, href] of readme.matchAll(/\| \[([A-Z_]+)\]\((docs\/rules\/[A-Z_]+\.md)\)/g)) {
      expect(href).toBe(`docs/rules/${id}.md`);
      expect(() => readFileSync(path.join(ROOT, href!))).not.toThrow();
    }
  });
});
