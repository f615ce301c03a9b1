/**
 * TypeScript and JavaScript sources (web frontends, mostly consumers), parsed with
 * @typescript-eslint/typescript-estree, the parser the ESLint rules run on; loaded only when such
 * sources are scanned. The cases are those of `no-detail-branching` (test/scan/shared-cases.ts
 * runs one table through both), read syntactically: the rule also follows the text through
 * aliases and helpers, which a whole-tree scan does not.
 */
import type * as Estree from '@typescript-eslint/typescript-estree';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { UsageError } from '../errors.js';
import { requireAs } from '../lazy-require.js';
import { Collector, FOREIGN_DETAIL_OWNERS, TEXT_TESTS } from './collect.js';
import type { ExtractOptions, FileScan } from './model.js';
import type { SourceRole } from '../config/sources.js';

type Node = TSESTree.Node;

let estree: typeof Estree | undefined;

function parser(): typeof Estree {
  if (estree) return estree;
  try {
    estree = requireAs<typeof Estree>('@typescript-eslint/typescript-estree');
  } catch {
    throw new UsageError(
      'scanning TypeScript or JavaScript sources needs @typescript-eslint/typescript-estree: npm install --save-dev @typescript-eslint/typescript-estree',
    );
  }
  return estree;
}

const EQUALITY = new Set(['===', '!==', '==', '!=']);
/** Calls whose arguments state what a value is (tests), not decide on it. */
const ASSERTIONS = new Set(['expect', 'assert']);

function staticString(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0)
    return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

function staticStrings(node: Node): string[] | undefined {
  if (node.type !== 'ArrayExpression') return undefined;
  const items = node.elements.map((e) => (e && e.type !== 'SpreadElement' ? staticString(e) : undefined));
  return items.length > 0 && items.every((i) => i !== undefined) ? items : undefined;
}

function memberName(node: TSESTree.MemberExpression): string | undefined {
  if (!node.computed && node.property.type === 'Identifier') return node.property.name;
  return node.computed ? staticString(node.property) : undefined;
}

/** The name an expression reads last: `detail`, `err.detail`, `body['detail']`, `err?.detail`. */
function accessedName(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'ChainExpression' || node.type === 'TSNonNullExpression' || node.type === 'TSAsExpression')
    return accessedName(node.expression);
  if (node.type === 'Identifier') return node.name;
  if (node.type !== 'MemberExpression') return undefined;
  if (node.object.type === 'Identifier' && FOREIGN_DETAIL_OWNERS.has(node.object.name)) return undefined;
  return memberName(node);
}

function isAssertion(node: TSESTree.CallExpression): boolean {
  let callee: Node = node.callee;
  while (callee.type === 'MemberExpression') callee = callee.object;
  while (callee.type === 'CallExpression') {
    callee = callee.callee;
    while (callee.type === 'MemberExpression') callee = callee.object;
  }
  return callee.type === 'Identifier' && ASSERTIONS.has(callee.name);
}

class TypeScriptFile {
  private readonly objects = new Map<string, string[]>();

  constructor(
    private readonly out: Collector,
    private readonly role: SourceRole,
  ) {}

  private isDetail(node: Node | null | undefined): boolean {
    return accessedName(node) === 'detail';
  }

  private isCode(node: Node | null | undefined): boolean {
    return this.out.isCodeKey(accessedName(node));
  }

  private at(node: Node, how: string, codes?: readonly string[]): void {
    const { line, column } = node.loc.start;
    if (codes) for (const code of codes) this.out.code(code, 'handle', line, column + 1, how);
    else this.out.detail(line, column + 1, how);
  }

  private raise(code: string | undefined, node: Node, how: string): void {
    if (code === undefined || this.role !== 'producer') return;
    this.out.code(code, 'raise', node.loc.start.line, node.loc.start.column + 1, how);
  }

  visit(node: Node, parent?: Node): void {
    switch (node.type) {
      case 'CallExpression':
        if (isAssertion(node)) return;
        this.call(node);
        break;
      case 'NewExpression':
        this.construct(node.callee, node.arguments);
        break;
      case 'BinaryExpression':
        if (EQUALITY.has(node.operator)) this.equality(node.left, node.right);
        break;
      case 'SwitchStatement':
        this.switchOn(node);
        break;
      case 'MemberExpression':
        if (node.computed && !(parent?.type === 'AssignmentExpression' && parent.left === node)) this.lookup(node);
        break;
      case 'VariableDeclarator':
        this.table(node);
        break;
      case 'Property':
        if (this.out.isCodeKey(node.key.type === 'Identifier' ? node.key.name : staticString(node.key)))
          this.raise(staticString(node.value), node, 'object property');
        break;
    }
    for (const key of Object.keys(node) as (keyof typeof node)[]) {
      if (key === 'parent' || key === 'loc' || key === 'range') continue;
      const value = node[key] as unknown;
      if (Array.isArray(value)) {
        for (const item of value) if (isNode(item)) this.visit(item, node);
      } else if (isNode(value)) this.visit(value, node);
    }
  }

  /** `const messages = { AUTH_X: '…' }`: an object a code may be looked up in. */
  table(node: TSESTree.VariableDeclarator): void {
    if (node.id.type !== 'Identifier' || node.init?.type !== 'ObjectExpression') return;
    const keys = node.init.properties.map((p) =>
      p.type === 'Property'
        ? p.key.type === 'Identifier' && !p.computed
          ? p.key.name
          : staticString(p.key)
        : undefined,
    );
    this.objects.set(
      node.id.name,
      keys.filter((k): k is string => k !== undefined),
    );
  }

  private equality(left: Node, right: Node): void {
    for (const [a, b] of [
      [left, right],
      [right, left],
    ] as const) {
      const text = staticString(b);
      if (text === undefined) continue;
      // `detail !== ''` asks whether there is a text, not what it says.
      if (this.isDetail(a) && text !== '') this.at(a, 'comparison');
      else if (this.isCode(a)) this.at(b, 'comparison', [text]);
    }
  }

  private call(node: TSESTree.CallExpression): void {
    const callee = node.callee.type === 'ChainExpression' ? node.callee.expression : node.callee;
    if (callee.type !== 'MemberExpression') return this.construct(callee, node.arguments);
    const name = memberName(callee);
    if (name === undefined) return;
    const fixed = node.arguments.some(
      (a) => staticString(a) !== undefined || (a.type === 'Literal' && 'regex' in a && a.regex !== undefined),
    );
    if (TEXT_TESTS.has(name) && this.isDetail(callee.object) && fixed) return this.at(callee.object, name);
    // Reported where the text is read, as no-detail-branching reports it.
    const text = node.arguments.find((a) => this.isDetail(a));
    if ((name === 'test' || name === 'exec') && text) return this.at(text, 'regex match');
    const options = staticStrings(callee.object);
    if (options && (name === 'includes' || name === 'indexOf')) {
      const code = node.arguments.find((a) => this.isCode(a));
      if (text) this.at(text, name);
      else if (code) this.at(code, name, options);
    }
  }

  private construct(callee: Node, args: readonly Node[]): void {
    if (callee.type === 'Identifier' && this.out.options.errorClasses.has(callee.name) && args[0])
      this.raise(staticString(args[0]), args[0], callee.name);
  }

  private switchOn(node: TSESTree.SwitchStatement): void {
    const strings = node.cases.filter((c) => staticString(c.test) !== undefined);
    if (this.isDetail(node.discriminant) && strings.length > 0) this.at(node.discriminant, 'switch');
    else if (this.isCode(node.discriminant))
      for (const c of strings) this.at(c.test!, 'switch case', [staticString(c.test)!]);
  }

  private lookup(node: TSESTree.MemberExpression): void {
    if (this.isDetail(node.property)) this.at(node.property, 'lookup');
    else if (this.isCode(node.property) && node.object.type === 'Identifier') {
      const keys = this.objects.get(node.object.name);
      if (keys) this.at(node.property, 'map lookup', keys);
    }
  }
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

export function extractTypeScript(text: string, path: string, role: SourceRole, options: ExtractOptions): FileScan {
  const out = new Collector(path, 'typescript', role, options);
  let ast: TSESTree.Program;
  try {
    ast = parser().parse(text, {
      jsx: /\.[jt]sx$/.test(path),
      loc: true,
      range: false,
      comment: true,
      // JSDoc is never read here: TypeScript skips parsing it.
      jsDocParsingMode: 'none',
    });
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      `${path}: cannot be parsed as TypeScript (${(error as Error).message.split('\n')[0]}): fix it or leave it out of sources`,
    );
  }
  for (const comment of ast.comments ?? [])
    out.comment(comment.value, comment.loc.start.line, comment.loc.start.column + 1);
  const file = new TypeScriptFile(out, role);
  // Top-level object tables first: a function may look one up above the line that defines it.
  for (const statement of ast.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (declaration?.type === 'VariableDeclaration') for (const d of declaration.declarations) file.table(d);
  }
  file.visit(ast);
  return out.result();
}
