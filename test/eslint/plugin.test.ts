/** The plugin's packaging contract: shape, names, docs links, and what it loads at runtime. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'eslint/config';
import ts from 'typescript';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import errorRegistry from '../../rules/index.js';
import knownCode from '../../rules/known-code.js';
import noDetailBranching from '../../rules/no-detail-branching.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

describe('plugin object', () => {
  it('names itself after the package, with its version', () => {
    expect(errorRegistry.meta).toEqual({ name: pkg.name, version: pkg.version, namespace: 'error-registry' });
  });

  it('has both rules, and a recommended config that registers the plugin and turns them on as errors', () => {
    expect(Object.keys(errorRegistry.rules).sort()).toEqual(['known-code', 'no-detail-branching']);
    expect(errorRegistry.rules['known-code']).toBe(knownCode);
    expect(errorRegistry.rules['no-detail-branching']).toBe(noDetailBranching);
    expect(errorRegistry.configs.recommended).toEqual({
      name: 'error-registry/recommended',
      plugins: { 'error-registry': errorRegistry },
      rules: { 'error-registry/no-detail-branching': 'error', 'error-registry/known-code': 'error' },
    });
  });

  it("fits ESLint's defineConfig and typescript-eslint's config helper (types and values)", () => {
    const eslintConfig = defineConfig([
      errorRegistry.configs.recommended,
      { files: ['src/**'], ...errorRegistry.configs.recommended },
    ]);
    expect(eslintConfig[0]?.plugins?.['error-registry']).toBe(errorRegistry);
    expect(eslintConfig[1]?.files).toEqual(['src/**']);
    const tsConfig = tseslint.config(errorRegistry.configs.recommended, {
      plugins: { 'error-registry': errorRegistry },
    });
    expect(tsConfig[0]?.rules).toEqual(errorRegistry.configs.recommended.rules);
  });

  it.each([
    ['no-detail-branching', noDetailBranching],
    ['known-code', knownCode],
  ] as const)('%s links to its doc page, which exists', (name, rule) => {
    expect(rule.meta.docs?.url).toBe(
      `https://github.com/error-registry-guard/error-registry-guard/blob/main/docs/rules/${name}.md`,
    );
    expect(existsSync(path.join(ROOT, 'docs/rules', `${name}.md`))).toBe(true);
  });

  it('only known-code offers suggestions, and neither rule autofixes', () => {
    expect(knownCode.meta.hasSuggestions).toBe(true);
    expect(noDetailBranching.meta.hasSuggestions).toBeUndefined();
    expect(knownCode.meta.fixable).toBeUndefined();
    expect(noDetailBranching.meta.fixable).toBeUndefined();
  });
});

/** Runtime (not type-only) module specifiers of a source file. */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) continue;
    const clause = ts.isImportDeclaration(statement) ? statement.importClause : undefined;
    if (clause?.isTypeOnly || (ts.isExportDeclaration(statement) && statement.isTypeOnly)) continue;
    if (statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier))
      specifiers.push(statement.moduleSpecifier.text);
  }
  return specifiers;
}

/** Every runtime import reachable from the plugin's entry: local files followed, packages listed. */
function pluginImports(): { files: string[]; packages: Set<string> } {
  const files: string[] = [];
  const packages = new Set<string>();
  const queue = [path.join(ROOT, 'rules/index.ts')];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (files.includes(file)) continue;
    files.push(file);
    for (const specifier of runtimeImports(file)) {
      if (specifier.startsWith('.')) queue.push(path.resolve(path.dirname(file), specifier).replace(/\.js$/, '.ts'));
      else packages.add(specifier);
    }
  }
  return { files, packages };
}

describe('runtime dependencies', () => {
  it('never imports eslint, nor the @typescript-eslint/utils entry that loads it', () => {
    const { files, packages } = pluginImports();
    expect(files.map((f) => path.relative(ROOT, f).split(path.sep).join('/'))).toContain('rules/utils/registry.ts');
    for (const specifier of packages) {
      expect(specifier).not.toMatch(/^eslint(\/|$)/);
      expect(specifier).not.toBe('@typescript-eslint/utils');
    }
  });

  it('loads its packages in a Node process where eslint cannot be resolved', () => {
    const packages = [...pluginImports().packages].filter((p) => !p.startsWith('node:'));
    expect(packages).toContain('@typescript-eslint/utils/eslint-utils');
    // Blocks `eslint` for both ESM imports (a resolve hook) and CommonJS requires (Module._load).
    const hook = `export async function resolve(specifier, context, next) {
      if (/^eslint(\\/|$)/.test(specifier)) throw new Error('eslint was imported');
      return next(specifier, context);
    }`;
    const script = `
      import { register } from 'node:module';
      import Module from 'node:module';
      register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}));
      const load = Module._load;
      Module._load = function (request, ...rest) {
        if (/^eslint(\\/|$)/.test(request)) throw new Error('eslint was required');
        return load.call(this, request, ...rest);
      };
      for (const name of ${JSON.stringify(packages)}) await import(name);
      console.log('ok');
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('ok');
  });

  it('is never imported by the checker itself (src/)', () => {
    const sources = readdirSync(path.join(ROOT, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.ts'),
    );
    for (const file of sources) {
      for (const specifier of runtimeImports(path.join(ROOT, 'src', file)))
        expect(specifier).not.toMatch(/(^|\/)rules(\/|$)/);
    }
  });
});
