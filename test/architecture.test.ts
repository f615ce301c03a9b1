/**
 * The layout the code promises (docs/architecture.md): one home per rule, judging apart from loading,
 * no import cycles, files a reader can hold in mind. Read from the source with TypeScript's parser.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { RULES, type RuleId } from '../src/checks/catalog.js';
import { boundRules } from '../src/checks/finding.js';
import { ROOT } from './helpers/fixtures.js';

const SRC = path.join(ROOT, 'src');

/** Hand-written TypeScript under `dir` (relative to the repository), tests and generated code left out. */
function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.c?ts$/.test(f) && !f.endsWith('.test.ts') && !f.startsWith('generated'))
    .map((f) => path.join(ROOT, dir, f))
    .sort();
}

function parseFile(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
}

interface Import {
  specifier: string;
  typeOnly: boolean;
}

/** Static and dynamic imports (and re-exports) of a file. */
function importsOf(file: string): Import[] {
  const out: Import[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      const typeOnly = ts.isImportDeclaration(node) ? Boolean(node.importClause?.isTypeOnly) : node.isTypeOnly;
      out.push({ specifier: (node.moduleSpecifier as ts.StringLiteral).text, typeOnly });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      out.push({ specifier: node.arguments[0].text, typeOnly: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(parseFile(file));
  return out;
}

/** The file a relative specifier names (`./x.js` is `./x.ts` in the source). */
function resolve(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  return path
    .resolve(path.dirname(from), specifier)
    .replace(/\.js$/, '.ts')
    .replace(/\.cjs$/, '.cts');
}

describe('one home per rule', () => {
  it('binds every catalog rule to exactly one emitter, and nothing else', async () => {
    // Loading every module of checks/ binds each rule's emitter; a second binding would throw here.
    for (const file of sourceFiles('src/checks')) await import(file);
    expect([...boundRules()].sort()).toEqual([...RULES.keys()].sort());
  });

  it('makes findings only in checks/: emitters are bound nowhere else', () => {
    const outside = sourceFiles('src')
      .filter((f) => !f.startsWith(path.join(SRC, 'checks') + path.sep))
      .filter(
        (f) =>
          /\bemitterOf\s*\(/.test(readFileSync(f, 'utf8')) ||
          importsOf(f).some((i) => /checks\/finding\.js$/.test(i.specifier)),
      );
    expect(outside.map((f) => path.relative(ROOT, f))).toEqual([]);
  });

  it('writes no finding by hand: no object literal with a rule id and a severity outside the factory', () => {
    const ids = new Set<string>(RULES.keys());
    const found: string[] = [];
    for (const file of [...sourceFiles('src'), ...sourceFiles('rules')]) {
      // The parser's problems are not findings (checks/lint.ts turns them into PARSE_ERROR ones).
      if (file.startsWith(path.join(SRC, 'parse') + path.sep)) continue;
      const visit = (node: ts.Node): void => {
        if (ts.isObjectLiteralExpression(node)) {
          const names = new Map(
            node.properties.flatMap((p) =>
              ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) ? [[p.name.text, p.initializer] as const] : [],
            ),
          );
          const rule = names.get('rule');
          if (names.has('severity') && rule && ts.isStringLiteral(rule) && ids.has(rule.text)) {
            const { line } = node.getSourceFile().getLineAndCharacterOfPosition(node.getStart());
            found.push(`${path.relative(ROOT, file)}:${line + 1} ${rule.text}`);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(parseFile(file));
    }
    expect(found).toEqual([]);
  });

  it('has a doc page for every rule id', () => {
    const pages = readdirSync(path.join(ROOT, 'docs/rules')).filter((f) => /^[A-Z_]+\.md$/.test(f));
    expect(pages.map((p) => p.replace(/\.md$/, '') as RuleId).sort()).toEqual([...RULES.keys()].sort());
  });
});

describe('loading apart from judging', () => {
  it('checks/ and parse/ touch neither git nor the file system', () => {
    const forbidden: string[] = [];
    for (const dir of ['src/checks', 'src/parse']) {
      for (const file of sourceFiles(dir)) {
        for (const { specifier, typeOnly } of importsOf(file)) {
          const target = resolve(file, specifier);
          const bad =
            /^(node:)?(fs|fs\/promises|child_process)$/.test(specifier) ||
            (target !== undefined && target.startsWith(path.join(SRC, 'git') + path.sep)) ||
            // Types of what sources/ loads may be named; its code may not run from here.
            (!typeOnly && target !== undefined && target.startsWith(path.join(SRC, 'sources') + path.sep));
          if (bad) forbidden.push(`${path.relative(ROOT, file)} imports ${specifier}`);
        }
      }
    }
    expect(forbidden).toEqual([]);
  });

  it('spawns git from one module only', () => {
    const spawning = [...sourceFiles('src'), ...sourceFiles('rules')].filter((f) =>
      importsOf(f).some((i) => /^(node:)?child_process$/.test(i.specifier)),
    );
    expect(spawning.map((f) => path.relative(ROOT, f))).toEqual(['src/git/process.ts']);
  });
});

describe('a house a newcomer can walk', () => {
  it('has no import cycles, counting type imports', () => {
    const files = [...sourceFiles('src'), ...sourceFiles('rules')];
    const edges = new Map(
      files.map((f) => [f, importsOf(f).flatMap(({ specifier }) => resolve(f, specifier) ?? [])] as const),
    );
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const walk = (file: string, trail: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].map((f) => path.relative(ROOT, f)).join(' -> '));
        return;
      }
      state.set(file, 'open');
      for (const next of edges.get(file) ?? []) walk(next, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of files) walk(file, []);
    expect(cycles).toEqual([]);
  });

  it('keeps every hand-written source file to 400 lines', () => {
    const long = [...sourceFiles('src'), ...sourceFiles('rules')]
      .map((f) => ({ file: path.relative(ROOT, f), lines: readFileSync(f, 'utf8').split('\n').length }))
      .filter((f) => f.lines > 400);
    expect(long).toEqual([]);
  });

  it('shows the pipeline as folders', () => {
    const folders = readdirSync(SRC, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    expect(folders).toEqual([
      'checks',
      'cli',
      'commands',
      'config',
      'files',
      'generate',
      'generated',
      'git',
      'parse',
      'report',
      'scan',
      'sources',
    ]);
  });
});
