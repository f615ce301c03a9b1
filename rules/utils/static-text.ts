/**
 * What counts as fixed text written in the code (literals, constants, enum members, string literal
 * types), as a regular expression, or as a list of fixed texts; and whether a value can be text.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type * as ts from 'typescript';
import { constInit, MAX_ALIAS_DEPTH, type Analysis, type TypeInfo } from './analysis.js';
import { memberName } from './selectors.js';

type Node = TSESTree.Node;

/** Calls that change letter case or whitespace but keep the text's meaning. */
export const TEXT_NORMALISERS = new Set([
  'toLowerCase',
  'toUpperCase',
  'toLocaleLowerCase',
  'toLocaleUpperCase',
  'trim',
  'trimStart',
  'trimEnd',
  'normalize',
]);

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
  // `undefined` (a presence check) is no text: the checker is not asked.
  if (types && node.type !== 'Literal' && !(node.type === 'Identifier' && node.name === 'undefined')) {
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
      if (isObjectKey(def.name)) return OPAQUE_TEXT;
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

/** `Object.keys(x)` or `Object.entries(x)`. */
function objectKeysCall(node: Node | null | undefined): 'keys' | 'entries' | undefined {
  if (node?.type !== 'CallExpression' || node.callee.type !== 'MemberExpression') return undefined;
  const { object } = node.callee;
  const name = memberName(node.callee);
  return object.type === 'Identifier' && object.name === 'Object' && (name === 'keys' || name === 'entries')
    ? name
    : undefined;
}

/**
 * True for a name bound to a key of an object, which the code writes as fixed text: `for (const
 * [pattern, message] of Object.entries(MAP))`, `for (const key of Object.keys(MAP))`, and the same
 * as the first parameter of a callback (`Object.keys(MAP).some((key) => ...)`).
 */
function isObjectKey(name: Node): boolean {
  let binding: Node = name;
  let list: 'keys' | 'entries' = 'keys';
  if (binding.parent?.type === 'ArrayPattern' && binding.parent.elements[0] === binding) {
    binding = binding.parent;
    list = 'entries';
  }
  const parent = binding.parent;
  // for (const key of Object.keys(x))
  if (parent?.type === 'VariableDeclarator' && parent.id === binding) {
    const loop = parent.parent.parent;
    return loop?.type === 'ForOfStatement' && objectKeysCall(loop.right) === list;
  }
  // Object.keys(x).some((key) => ...)
  if (
    (parent?.type === 'ArrowFunctionExpression' || parent?.type === 'FunctionExpression') &&
    parent.params[0] === binding
  ) {
    const call = parent.parent;
    return (
      call?.type === 'CallExpression' &&
      call.arguments[0] === parent &&
      call.callee.type === 'MemberExpression' &&
      objectKeysCall(call.callee.object) === list
    );
  }
  return false;
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
