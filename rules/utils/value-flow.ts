/**
 * Where a member's value flows, within one file: through `.trim()`, `?? ''`, `a || b`, a narrowing
 * ternary and `await`; into variables (`const`, a `let` or `var` whose every write carries the same
 * value or fixed text, plain assignments, destructuring); into the parameters of the file's own
 * functions it is passed to; and out of the file's own helpers that return it, to their calls. Each
 * ends at the expressions whose parents decide what is done with it.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { MAX_FLOW_DEPTH, type Analysis } from './analysis.js';
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
      case 'AwaitExpression':
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
        // `x.detail ?? ''`, `x.detail || x.message`, `typeof d === 'string' && d`: the result may be the text.
        if (parent.operator !== '&&' || parent.right === current) {
          current = parent;
          continue;
        }
        return current;
      case 'ConditionalExpression':
        // `typeof d === 'string' ? d : ''`
        if (parent.test !== current) {
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

/** True for an expression that reads the followed member itself (`x.detail`, `get(x, 'detail')`). */
export type IsSource = (node: Node) => boolean;

type FunctionNode = TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | TSESTree.FunctionDeclaration;

/** One walk from a reference: the uses found, and the variables and functions already followed. */
interface Walk {
  analysis: Analysis;
  isSource: IsSource;
  uses: Use[];
  seen: Set<unknown>;
}

/**
 * Where the value of `ref` is used: the reference itself, or, when it is stored, passed or
 * returned, every use of the variable, parameter or call that then holds it (scope analysis, not
 * names). `isSource` tells which other writes of a variable carry the same member.
 */
export function usesOf(analysis: Analysis, ref: Node, isSource: IsSource = () => false): Use[] {
  const walk: Walk = { analysis, isSource, uses: [], seen: new Set() };
  follow(walk, ref, 0);
  return walk.uses;
}

function follow(walk: Walk, ref: Node, depth: number): void {
  const site = climb(ref);
  const parent = site.parent;
  switch (parent?.type) {
    case 'VariableDeclarator':
      // `const d = x.detail`, `let d = x.detail`: the variable's reads, when every write carries the text.
      if (parent.init === site && parent.id.type === 'Identifier') {
        const variable = walk.analysis.sourceCode.getDeclaredVariables(parent)[0];
        if (variable) followVariable(walk, variable, site, depth);
      }
      return;
    case 'AssignmentExpression':
      // `m = err.detail`
      if (parent.right === site && parent.operator === '=' && parent.left.type === 'Identifier') {
        const variable = walk.analysis.variable(parent.left);
        if (variable) followVariable(walk, variable, site, depth);
        return;
      }
      break;
    case 'CallExpression':
      // `isProcessing(detail)`: the parameter of a function of this file.
      if (parent.callee !== site) followArgument(walk, parent, site, depth);
      break;
    case 'ReturnStatement':
      followReturn(walk, parent, depth);
      break;
    case 'ArrowFunctionExpression':
      if (parent.body === site) followReturn(walk, site, depth);
      break;
  }
  walk.uses.push({ ref, site });
}

/** Reads of `variable`, when each of its writes carries the followed value (`from`, another source) or fixed text. */
function followVariable(
  walk: Walk,
  variable: Variable,
  from: Node,
  depth: number,
  declared?: TSESTree.Identifier,
): void {
  if (depth >= MAX_FLOW_DEPTH || walk.seen.has(variable)) return;
  const reads: Node[] = [];
  for (const reference of variable.references) {
    if (reference.identifier === declared) continue;
    if (reference.isWrite()) {
      // A compound write (`d += x`) or one from elsewhere: the text may then come from anywhere.
      if (reference.isRead()) return;
      const value = reference.writeExpr;
      if (!value || (value !== from && !carries(walk, value))) return;
    } else if (reference.isRead()) reads.push(reference.identifier);
  }
  walk.seen.add(variable);
  for (const read of reads) follow(walk, read, depth + 1);
}

/** True for a write that keeps a variable's text the member's: another source, or fixed text (a fallback). */
function carries(walk: Walk, node: Node): boolean {
  if (isStringLiteral(node) || walk.isSource(node)) return true;
  switch (node.type) {
    case 'AwaitExpression':
      return carries(walk, node.argument);
    case 'ChainExpression':
    case 'TSAsExpression':
    case 'TSNonNullExpression':
    case 'TSSatisfiesExpression':
      return carries(walk, node.expression);
    case 'LogicalExpression':
      return carries(walk, node.left) || carries(walk, node.right);
    case 'ConditionalExpression':
      return carries(walk, node.consequent) || carries(walk, node.alternate);
    default:
      return false;
  }
}

/** The function of this file a callee names: a declaration, or a `const` bound to a function. */
function localFunction(analysis: Analysis, callee: Node): FunctionNode | undefined {
  if (callee.type !== 'Identifier') return undefined;
  const def = analysis.variable(callee)?.defs[0];
  if (def?.type === 'FunctionName' && def.node.type === 'FunctionDeclaration') return def.node;
  if (def?.type === 'Variable' && def.parent.kind === 'const') {
    const init = def.node.init;
    if (init?.type === 'ArrowFunctionExpression' || init?.type === 'FunctionExpression') return init;
  }
  return undefined;
}

/** The uses of the parameter that receives `argument` in a call to a function of this file. */
function followArgument(walk: Walk, call: TSESTree.CallExpression, argument: Node, depth: number): void {
  // Most calls the text is passed to are methods (`toast.error(x.detail)`): no function of this file.
  if (call.callee.type !== 'Identifier') return;
  const args = call.arguments;
  let index = 0;
  for (; index < args.length && args[index] !== argument; index++) if (args[index]!.type === 'SpreadElement') return;
  if (index === args.length) return;
  const fn = localFunction(walk.analysis, call.callee);
  let param: Node | undefined = fn?.params[index];
  if (param?.type === 'AssignmentPattern') param = param.left;
  if (param?.type !== 'Identifier') return;
  const variable = walk.analysis.sourceCode.getDeclaredVariables(fn!).find((v) => v.identifiers.includes(param));
  if (variable) followVariable(walk, variable, argument, depth);
}

/** The calls of the function of this file that returns the followed value (`getErrorDetail(err)`), followed in turn. */
function followReturn(walk: Walk, from: Node, depth: number): void {
  if (depth >= MAX_FLOW_DEPTH) return;
  let fn: Node | undefined = from.parent;
  while (
    fn &&
    fn.type !== 'ArrowFunctionExpression' &&
    fn.type !== 'FunctionExpression' &&
    fn.type !== 'FunctionDeclaration'
  )
    fn = fn.parent;
  if (!fn || walk.seen.has(fn)) return;
  walk.seen.add(fn);
  let binding: TSESTree.Identifier | null = null;
  if (fn.type === 'FunctionDeclaration') binding = fn.id;
  else if (fn.parent?.type === 'VariableDeclarator' && fn.parent.init === fn && fn.parent.id.type === 'Identifier')
    binding = fn.parent.id;
  const variable = binding ? walk.analysis.variable(binding) : null;
  for (const reference of variable?.references ?? []) {
    const id = reference.identifier;
    if (reference.isRead() && id.parent?.type === 'CallExpression' && id.parent.callee === id)
      follow(walk, id.parent, depth + 1);
  }
}

/** The identifier a destructuring property binds (`{ detail }`, `{ detail: d }`, `{ detail = '' }`). */
export function patternBinding(property: TSESTree.Property): TSESTree.Identifier | undefined {
  const value = property.value;
  if (value.type === 'Identifier') return value;
  if (value.type === 'AssignmentPattern' && value.left.type === 'Identifier') return value.left;
  return undefined;
}

/** Uses of a variable declared by destructuring; none for a pattern that assigns existing variables. */
export function destructuredUses(analysis: Analysis, id: TSESTree.Identifier, isSource: IsSource = () => false): Use[] {
  const variable = analysis.variable(id);
  if (!variable?.identifiers.includes(id)) return [];
  const walk: Walk = { analysis, isSource, uses: [], seen: new Set() };
  // The pattern's own write (of the destructured object, or a loop's element) carries the member.
  followVariable(walk, variable, id, 1, id);
  return walk.uses;
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
