/**
 * Where a member's value flows: through `.trim()`, `?? ''`, `const d = x.detail` and destructuring,
 * to the expressions whose parents decide what is done with it.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { MAX_ALIAS_DEPTH, type Analysis } from './analysis.js';
import { memberName } from './selectors.js';
import { isStringLiteral, TEXT_NORMALISERS } from './static-text.js';

type Node = TSESTree.Node;
type Variable = TSESLint.Scope.Variable;

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
