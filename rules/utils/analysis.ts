/**
 * AST and type helpers shared by the rules: where a member's value flows (through `.trim()`, `?? ''`,
 * `const d = x.detail`, destructuring), what counts as fixed text, and which objects are DOM events.
 * Everything here starts from a node a selector already matched: nothing walks the whole file.
 */
import type { ParserServicesWithTypeInformation, TSESLint, TSESTree } from '@typescript-eslint/utils';
import { findVariable } from '@typescript-eslint/utils/ast-utils';
import type * as ts from 'typescript';

type Node = TSESTree.Node;
type Variable = TSESLint.Scope.Variable;

/** Type information for the linted file, when the parser has a TypeScript program for it. */
export interface TypeInfo {
  checker: ts.TypeChecker;
  typeOf(node: Node): ts.Type;
}

/** Per-file state: the source code and (lazily) the type checker. */
export class Analysis {
  #types: TypeInfo | null | undefined;

  constructor(readonly sourceCode: Readonly<TSESLint.SourceCode>) {}

  /** Null without type information (no `projectService`/`project`, or another parser). */
  get types(): TypeInfo | null {
    if (this.#types === undefined) {
      // Read directly rather than through getParserServices(): that throws for parsers other than
      // typescript-eslint's, and these rules must also run on plain JavaScript with espree.
      const services = this.sourceCode.parserServices as Partial<ParserServicesWithTypeInformation> | undefined;
      const program = services?.program;
      const getType = services?.getTypeAtLocation;
      this.#types = program && getType ? { checker: program.getTypeChecker(), typeOf: (node) => getType(node) } : null;
    }
    return this.#types;
  }

  variable(id: TSESTree.Identifier): Variable | null {
    return findVariable(this.sourceCode.getScope(id), id);
  }

  #excludedFor: ReadonlySet<string> | undefined;
  #mayWriteExcluded = true;

  /**
   * False when no name written in the file can be an event type (`...Event`) or one of `ignored`:
   * neither is in its text, and there is no backslash either (an identifier's name is its text, with
   * `\u0045vent`-style escapes decoded, and only an escape can spell a name the text does not hold).
   */
  mayWriteExcluded(ignored: ReadonlySet<string>): boolean {
    if (this.#excludedFor !== ignored) {
      const text = this.sourceCode.text;
      let may = text.includes('Event') || text.includes('\\');
      if (!may) for (const name of ignored) if ((may = text.includes(name))) break;
      this.#excludedFor = ignored;
      this.#mayWriteExcluded = may;
    }
    return this.#mayWriteExcluded;
  }
}

// ---------------------------------------------------------------------------------------------
// Selectors

/** `x.name`, `x?.name` and `x['name']` for each name. */
const selectors = new Map<string, string>();
/** The same, by the list itself: the merged options hand every file the same array. */
const selectorsByList = {
  member: new WeakMap<readonly string[], string>(),
  pattern: new WeakMap<readonly string[], string>(),
};

/** Selectors are strings ESLint compiles once: built once per property list too. */
function memo(
  kind: 'member' | 'pattern',
  names: readonly string[],
  build: (names: readonly string[]) => string,
): string {
  let selector = selectorsByList[kind].get(names);
  if (selector !== undefined) return selector;
  const key = `${kind}\0${names.join('\0')}`;
  selector = selectors.get(key);
  if (selector === undefined) selectors.set(key, (selector = build(names)));
  selectorsByList[kind].set(names, selector);
  return selector;
}

export function memberSelector(names: readonly string[]): string {
  return memo('member', names, memberSelectorOf);
}

function memberSelectorOf(names: readonly string[]): string {
  return names
    .flatMap((name) => {
      const q = JSON.stringify(name);
      return [
        `MemberExpression[computed=false][property.type="Identifier"][property.name=${q}]`,
        `MemberExpression[computed=true][property.value=${q}]`,
      ];
    })
    .join(', ');
}

/** `{ name }`, `{ name: alias }`, `{ 'name': alias }` in a destructuring pattern. */
export function patternSelector(names: readonly string[]): string {
  return memo('pattern', names, patternSelectorOf);
}

function patternSelectorOf(names: readonly string[]): string {
  return names
    .flatMap((name) => {
      const q = JSON.stringify(name);
      return [`ObjectPattern > Property[computed=false][key.name=${q}]`, `ObjectPattern > Property[key.value=${q}]`];
    })
    .join(', ');
}

/**
 * False when no node of the file can match `memberSelector(names)` or `patternSelector(names)`: its
 * text holds none of the names, and no backslash. The selectors match a name as an identifier or
 * a string literal spells it, escapes decoded, and only an escape (`x.\u0063ode`, `x['\x63ode']`,
 * a line continuation) can spell a name that the text does not hold as it is.
 */
export function mayMention(text: string, names: readonly string[]): boolean {
  for (const name of names) if (text.includes(name)) return true;
  return text.includes('\\');
}

/** The property name a member expression reads, when it is written literally. */
export function memberName(node: TSESTree.MemberExpression): string | undefined {
  if (!node.computed) return node.property.type === 'Identifier' ? node.property.name : undefined;
  return node.property.type === 'Literal' && typeof node.property.value === 'string' ? node.property.value : undefined;
}

// ---------------------------------------------------------------------------------------------
// Where a value goes

/** Calls that change letter case or whitespace but keep the text's meaning. */
const TEXT_NORMALISERS = new Set([
  'toLowerCase',
  'toUpperCase',
  'toLocaleLowerCase',
  'toLocaleUpperCase',
  'trim',
  'trimStart',
  'trimEnd',
  'normalize',
]);

/**
 * The outermost expression that still carries `node`'s text: through optional-chain ends,
 * TypeScript-only wrappers (`as`, `!`, `satisfies`), `.toLowerCase()`-style calls, `String(x)`
 * and a string fallback (`x ?? ''`, `x || 'unknown'`).
 */
export function climb(node: Node): Node {
  let current = node;
  for (;;) {
    const parent = current.parent;
    if (!parent) return current;
    switch (parent.type) {
      case 'ChainExpression':
      case 'TSAsExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'TSSatisfiesExpression':
        current = parent;
        continue;
      case 'MemberExpression': {
        const call = parent.parent;
        const name = memberName(parent);
        if (
          parent.object === current &&
          name !== undefined &&
          TEXT_NORMALISERS.has(name) &&
          call?.type === 'CallExpression' &&
          call.callee === parent
        ) {
          current = call;
          continue;
        }
        return current;
      }
      case 'CallExpression':
        if (
          parent.callee.type === 'Identifier' &&
          parent.callee.name === 'String' &&
          parent.arguments.length === 1 &&
          parent.arguments[0] === current
        ) {
          current = parent;
          continue;
        }
        return current;
      case 'LogicalExpression':
        if (
          (parent.operator === '??' || parent.operator === '||') &&
          parent.left === current &&
          isStringLiteral(parent.right)
        ) {
          current = parent;
          continue;
        }
        return current;
      default:
        return current;
    }
  }
}

export interface Use {
  /** The reference: `x.detail`, or an identifier bound to one. Reports point here. */
  ref: Node;
  /** The outermost expression still carrying the reference's text; its parent decides. */
  site: Node;
}

/** Aliases followed at most this deep (`const a = x.detail; const b = a; ...`). */
const MAX_ALIAS_DEPTH = 3;

/**
 * Where the value of `ref` is used: the reference itself, or, when it initialises a `const`,
 * every read of that constant (scope analysis, not names).
 */
export function usesOf(analysis: Analysis, ref: Node, depth = 0): Use[] {
  const site = climb(ref);
  const parent = site.parent;
  if (
    parent?.type === 'VariableDeclarator' &&
    parent.init === site &&
    parent.id.type === 'Identifier' &&
    parent.parent.kind === 'const'
  ) {
    if (depth >= MAX_ALIAS_DEPTH) return [];
    const variable = analysis.sourceCode.getDeclaredVariables(parent)[0];
    return variable ? readsOf(analysis, variable, parent.id, depth + 1) : [];
  }
  return [{ ref, site }];
}

/** Reads of a variable bound once; none when it is reassigned (its text may then come from anywhere). */
function readsOf(analysis: Analysis, variable: Variable, declared: TSESTree.Identifier, depth: number): Use[] {
  const uses: Use[] = [];
  for (const reference of variable.references) {
    if (reference.identifier === declared) continue;
    if (reference.isWrite()) return [];
    if (reference.isRead()) uses.push(...usesOf(analysis, reference.identifier, depth));
  }
  return uses;
}

/** The identifier a destructuring property binds (`{ detail }`, `{ detail: d }`, `{ detail = '' }`). */
export function patternBinding(property: TSESTree.Property): TSESTree.Identifier | undefined {
  const value = property.value;
  if (value.type === 'Identifier') return value;
  if (value.type === 'AssignmentPattern' && value.left.type === 'Identifier') return value.left;
  return undefined;
}

/** Uses of a variable declared by destructuring; none for a pattern that assigns existing variables. */
export function destructuredUses(analysis: Analysis, id: TSESTree.Identifier): Use[] {
  const variable = analysis.variable(id);
  if (!variable?.identifiers.includes(id)) return [];
  return readsOf(analysis, variable, id, 1);
}

/** True for a member expression that is written to (`table[x] = 1`, `table[x]++`, `delete table[x]`). */
export function isWriteTarget(node: TSESTree.MemberExpression): boolean {
  const parent = node.parent;
  switch (parent.type) {
    case 'AssignmentExpression':
      return parent.left === node;
    case 'UpdateExpression':
      return true;
    case 'UnaryExpression':
      return parent.operator === 'delete';
    default:
      return false;
  }
}

/** True when `node` is an argument of a test assertion (`expect(...)`, `assert(...)`, `assert.ok(...)`). */
export function isAssertionArgument(node: Node): boolean {
  const parent = node.parent;
  if (parent?.type !== 'CallExpression' || !parent.arguments.some((arg) => arg === node)) return false;
  const callee = parent.callee;
  const name =
    callee.type === 'Identifier'
      ? callee.name
      : callee.type === 'MemberExpression' && callee.object.type === 'Identifier'
        ? callee.object.name
        : '';
  return name === 'expect' || name === 'assert';
}

// ---------------------------------------------------------------------------------------------
// Fixed text

/** Stands for fixed text whose value is not known here (an imported constant, a literal type union). */
export const OPAQUE_TEXT = '\u0000';

export function isStringLiteral(node: Node): node is TSESTree.StringLiteral | TSESTree.TemplateLiteral {
  return (
    (node.type === 'Literal' && typeof node.value === 'string') ||
    (node.type === 'TemplateLiteral' && node.expressions.length === 0)
  );
}

/** `ERRORS`, `TOKEN_EXPIRED`: the naming convention for module-level constants. */
function isConstantName(name: string): boolean {
  return /^[A-Z][A-Z0-9_]*[A-Z0-9]$/.test(name) && /[A-Z]/.test(name);
}

/** The initialiser of a `const` bound once to a plain identifier. */
export function constInit(analysis: Analysis, id: TSESTree.Identifier): TSESTree.Expression | undefined {
  const variable = analysis.variable(id);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type === 'Variable' && def.parent.kind === 'const' && def.node.id.type === 'Identifier')
    return def.node.init ?? undefined;
  return undefined;
}

/**
 * Fixed text written in the code: a string or template literal, a `const` initialised with one,
 * an imported or declared UPPER_CASE constant (`ERRORS.EXPIRED` too), a string enum member,
 * or, with type information, anything whose type is a string literal (union).
 * Returns the text (OPAQUE_TEXT when unknown), or undefined when `node` is not fixed text.
 */
export function staticText(analysis: Analysis, node: Node, depth = 0): string | undefined {
  const syntactic = syntacticText(analysis, node, depth);
  const types = analysis.types;
  if (syntactic !== undefined) {
    if (node.type === 'Literal' || node.type === 'TemplateLiteral' || !types) return syntactic;
    // A numeric UPPER_CASE constant is not text: the type says so when it is known.
    return possiblyString(types, types.typeOf(node)) ? syntactic : undefined;
  }
  if (types && node.type !== 'Literal') {
    const type = types.typeOf(node);
    if (type.isStringLiteral()) return type.value;
    if (isStringLiteralType(type)) return OPAQUE_TEXT;
  }
  return undefined;
}

function syntacticText(analysis: Analysis, node: Node, depth: number): string | undefined {
  if (depth > MAX_ALIAS_DEPTH) return undefined;
  switch (node.type) {
    case 'Literal':
      return typeof node.value === 'string' ? node.value : undefined;
    case 'TemplateLiteral':
      if (node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? '';
      // `Invalid ${field}`: the fixed part is still text the backend may reword.
      return node.quasis.some((q) => (q.value.cooked ?? '').trim() !== '') ? OPAQUE_TEXT : undefined;
    case 'TSAsExpression':
    case 'TSSatisfiesExpression':
    case 'TSNonNullExpression':
    case 'TSTypeAssertion':
      return syntacticText(analysis, node.expression, depth);
    case 'CallExpression': {
      // 'Expired'.toLowerCase()
      const callee = node.callee;
      const name = callee.type === 'MemberExpression' ? memberName(callee) : undefined;
      return callee.type === 'MemberExpression' && name !== undefined && TEXT_NORMALISERS.has(name)
        ? syntacticText(analysis, callee.object, depth)
        : undefined;
    }
    case 'Identifier': {
      const variable = analysis.variable(node);
      if (!variable) return isConstantName(node.name) ? OPAQUE_TEXT : undefined; // a global (`declare const`, injected at build)
      const def = variable.defs.length === 1 ? variable.defs[0] : undefined;
      if (!def) return undefined;
      if (
        def.type === 'Variable' &&
        def.parent.kind === 'const' &&
        def.node.id.type === 'Identifier' &&
        def.node.init
      ) {
        return syntacticText(analysis, def.node.init, depth + 1);
      }
      if (isConstantName(node.name) && (def.type === 'ImportBinding' || def.type === 'Variable')) return OPAQUE_TEXT;
      return undefined;
    }
    case 'MemberExpression': {
      if (node.object.type !== 'Identifier') return undefined;
      const name = memberName(node);
      if (name === undefined) return undefined;
      const def = analysis.variable(node.object)?.defs[0];
      if (def?.type === 'TSEnumName' && def.node.type === 'TSEnumDeclaration') {
        const member = def.node.body.members.find(
          (m) => (m.id.type === 'Identifier' ? m.id.name : m.id.value) === name,
        );
        return member?.initializer ? syntacticText(analysis, member.initializer, depth + 1) : undefined;
      }
      return isConstantName(name) || isConstantName(node.object.name) ? OPAQUE_TEXT : undefined;
    }
    default:
      return undefined;
  }
}

/** True for a regular expression: a literal, `new RegExp(...)`, a `const` holding one, or a `RegExp`-typed value. */
export function isRegex(analysis: Analysis, node: Node, depth = 0): boolean {
  if (node.type === 'Literal' && 'regex' in node) return true;
  if (
    (node.type === 'NewExpression' || node.type === 'CallExpression') &&
    node.callee.type === 'Identifier' &&
    node.callee.name === 'RegExp'
  )
    return true;
  if (node.type === 'Identifier' && depth < MAX_ALIAS_DEPTH) {
    const init = constInit(analysis, node);
    if (init && isRegex(analysis, init, depth + 1)) return true;
  }
  const types = analysis.types;
  return types !== null && types.typeOf(node).getSymbol()?.getName() === 'RegExp';
}

/** A list of fixed texts: `['A', 'B']`, a `const` holding one, an UPPER_CASE constant, `Object.values(ERRORS)`. */
export function isStaticCollection(analysis: Analysis, node: Node, depth = 0): boolean {
  switch (node.type) {
    case 'ArrayExpression':
      return node.elements.some(
        (e) => e !== null && e.type !== 'SpreadElement' && staticText(analysis, e, depth + 1) !== undefined,
      );
    case 'TSAsExpression':
    case 'TSSatisfiesExpression':
      return isStaticCollection(analysis, node.expression, depth);
    case 'Identifier': {
      const init = depth < MAX_ALIAS_DEPTH ? constInit(analysis, node) : undefined;
      if (init && isStaticCollection(analysis, init, depth + 1)) return true;
      if (isConstantName(node.name)) return true;
      break;
    }
    case 'CallExpression': {
      const callee = node.callee;
      const arg = node.arguments[0];
      if (
        callee.type === 'MemberExpression' &&
        callee.object.type === 'Identifier' &&
        callee.object.name === 'Object' &&
        arg
      ) {
        const name = memberName(callee);
        if (
          (name === 'keys' || name === 'values') &&
          (arg.type === 'ObjectExpression' || (arg.type === 'Identifier' && isConstantName(arg.name)))
        )
          return true;
      }
      break;
    }
  }
  const types = analysis.types;
  if (!types) return false;
  const type = types.typeOf(node);
  const { checker } = types;
  if (!(checker.isArrayType?.(type) || checker.isTupleType?.(type))) return false;
  const elements = checker.getTypeArguments(type as ts.TypeReference);
  return elements.length > 0 && elements.every(isStringLiteralType);
}

// ---------------------------------------------------------------------------------------------
// Types

function isStringLiteralType(type: ts.Type): boolean {
  return type.isStringLiteral() || (type.isUnion() && type.types.every((t) => t.isStringLiteral()));
}

/**
 * Could this value be text? False for numbers, objects and other non-string types; true for
 * `string`, literals, `any`, `unknown` and unions containing a string. Guards each checker method:
 * `isTypeAssignableTo` and `getStringType` became public in recent TypeScript versions only.
 */
export function possiblyString(types: TypeInfo, type: ts.Type): boolean {
  const { checker } = types;
  if (typeof checker.isTypeAssignableTo !== 'function' || typeof checker.getStringType !== 'function') return true;
  const value = checker.getNonNullableType(type);
  const text = checker.getStringType();
  return checker.isTypeAssignableTo(value, text) || checker.isTypeAssignableTo(text, value);
}

/** Names of a type, its alias, union/intersection members and (transitively) base interfaces and classes. */
function typeNames(types: TypeInfo, type: ts.Type, out: Set<string>, depth = 0): void {
  if (depth > 8) return;
  if (type.isUnionOrIntersection()) {
    for (const member of type.types) typeNames(types, member, out, depth + 1);
    return;
  }
  const alias = type.aliasSymbol?.getName();
  if (alias) out.add(alias);
  const symbol = type.getSymbol();
  if (symbol) symbolNames(types, symbol, out, depth + 1);
}

function symbolNames(types: TypeInfo, symbol: ts.Symbol, out: Set<string>, depth: number): void {
  const name = symbol.getName();
  if (name.startsWith('__') || out.has(name) || depth > 8) return;
  out.add(name);
  for (const base of types.checker.getDeclaredTypeOfSymbol(symbol).getBaseTypes() ?? []) {
    const baseSymbol = base.getSymbol();
    if (baseSymbol) symbolNames(types, baseSymbol, out, depth + 1);
  }
}

/** Type names written in an annotation: `CustomEvent<string>`, `React.MouseEvent`, `A | null`. */
function annotationNames(annotation: TSESTree.TypeNode | undefined, out: Set<string>): void {
  if (!annotation) return;
  switch (annotation.type) {
    case 'TSTypeReference': {
      const name = annotation.typeName;
      if (name.type === 'Identifier') out.add(name.name);
      else if (name.type === 'TSQualifiedName') out.add(name.right.name);
      return;
    }
    case 'TSUnionType':
    case 'TSIntersectionType':
      for (const member of annotation.types) annotationNames(member, out);
      return;
    default:
      return;
  }
}

/** Type names written for an expression without type information: its variable's annotation, `as X`, `new X()`. */
function writtenNames(analysis: Analysis, node: Node, out: Set<string>, depth = 0): void {
  if (depth > MAX_ALIAS_DEPTH) return; // `var x = x` is valid JavaScript
  switch (node.type) {
    case 'Identifier': {
      const def = analysis.variable(node)?.defs[0];
      if (!def) return;
      if (def.name.type === 'Identifier') annotationNames(def.name.typeAnnotation?.typeAnnotation, out);
      if (def.type === 'Variable' && def.node.init) writtenNames(analysis, def.node.init, out, depth + 1);
      return;
    }
    case 'TSAsExpression':
    case 'TSTypeAssertion':
      annotationNames(node.typeAnnotation, out);
      return;
    case 'TSNonNullExpression':
      writtenNames(analysis, node.expression, out, depth);
      return;
    case 'NewExpression':
      if (node.callee.type === 'Identifier') out.add(node.callee.name);
      return;
    case 'ObjectPattern':
      annotationNames(node.typeAnnotation?.typeAnnotation, out);
      if (node.parent.type === 'VariableDeclarator' && node.parent.init)
        writtenNames(analysis, node.parent.init, out, depth + 1);
      return;
    default:
      return;
  }
}

/** DOM and framework events (`Event`, `CustomEvent`, `MouseEvent`, `React.KeyboardEvent`...): their `detail`/`code` are not problem documents. */
const EVENT_TYPE = /Event$/;

/**
 * True when the object a member is read from (or the pattern destructuring it) is an event or one
 * of `ignored`: by its type with type information, by its written annotation without.
 */
export function isExcludedObject(analysis: Analysis, object: Node, ignored: ReadonlySet<string>): boolean {
  const types = analysis.types;
  // Without type information every name comes from the file's own text (annotations, `as X`,
  // `new X()`): when the text cannot hold one, there is nothing to look up.
  if (!types && !analysis.mayWriteExcluded(ignored)) return false;
  const names = new Set<string>();
  writtenNames(analysis, object, names);
  if (types && object.type !== 'Super') {
    // Its own set: a name already written in an annotation must still have its base types walked.
    const typed = new Set<string>();
    typeNames(types, types.typeOf(object), typed);
    for (const name of typed) names.add(name);
  }
  for (const name of names) if (EVENT_TYPE.test(name) || ignored.has(name)) return true;
  return false;
}
