/**
 * Where known-code finds the strings a code reference is compared with or looked up among: equality
 * and `switch`, lists and sets, and the keys of lookup tables (objects, maps, `in`).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { constInit, type Analysis } from './analysis.js';
import { memberName } from './selectors.js';
import { isStringLiteral } from './static-text.js';
import { isWriteTarget } from './value-flow.js';

const EQUALITY = new Set(['===', '!==', '==', '!=']);
const MEMBER_TESTS = new Set(['includes', 'indexOf', 'lastIndexOf']);

/** Where a code is written: a string, or a key of a lookup table (`{ AUTH_EXPIRED: '…' }`). */
export type CodeLiteral = TSESTree.StringLiteral | TSESTree.TemplateLiteral | TSESTree.Identifier;

/** Unwraps `as const`, `satisfies`, and a `const` in scope. */
function resolved(analysis: Analysis, node: TSESTree.Node | undefined): TSESTree.Node | undefined {
  let value = node?.type === 'Identifier' ? constInit(analysis, node) : node;
  while (value?.type === 'TSAsExpression' || value?.type === 'TSSatisfiesExpression') value = value.expression;
  return value;
}

/** `['A', 'B']`, written inline or as a `const` in scope. */
function arrayElements(analysis: Analysis, node: TSESTree.Node | undefined, out: CodeLiteral[]): void {
  const list = resolved(analysis, node);
  if (list?.type !== 'ArrayExpression') return;
  for (const e of list.elements) if (e && isStringLiteral(e)) out.push(e);
}

/** `new Set(['A'])` and `new Map([['A', …]])` (their keys), inline or as a `const` in scope. */
function collectionKeys(analysis: Analysis, node: TSESTree.Node, out: CodeLiteral[]): void {
  const created = resolved(analysis, node);
  if (created?.type !== 'NewExpression' || created.callee.type !== 'Identifier') return;
  if (created.callee.name === 'Set') arrayElements(analysis, created.arguments[0], out);
  else if (created.callee.name === 'Map') {
    const entries = resolved(analysis, created.arguments[0]);
    if (entries?.type !== 'ArrayExpression') return;
    for (const entry of entries.elements)
      if (entry?.type === 'ArrayExpression' && entry.elements[0] && isStringLiteral(entry.elements[0]))
        out.push(entry.elements[0]);
  }
}

/** The keys of a lookup table written as an object literal (`{ AUTH_EXPIRED: '…', 'A_B': … }`), inline or a `const`. */
function objectKeys(analysis: Analysis, node: TSESTree.Node, out: CodeLiteral[]): void {
  const table = resolved(analysis, node);
  if (table?.type !== 'ObjectExpression') return;
  for (const property of table.properties) {
    if (property.type !== 'Property' || property.kind !== 'init') continue;
    const key = property.key;
    if (!property.computed && key.type === 'Identifier') out.push(key);
    else if (isStringLiteral(key)) out.push(key);
  }
}

/** Appends to `out` the strings a code reference at `site` is compared with, or looked up among. */
export function comparedLiterals(analysis: Analysis, site: TSESTree.Node, out: CodeLiteral[]): void {
  const parent = site.parent;
  switch (parent?.type) {
    case 'BinaryExpression': {
      // `code in MESSAGES`
      if (parent.operator === 'in') {
        if (parent.left === site) objectKeys(analysis, parent.right, out);
        return;
      }
      if (!EQUALITY.has(parent.operator)) return;
      const other = parent.left === site ? parent.right : parent.left;
      if (isStringLiteral(other)) out.push(other);
      return;
    }
    case 'SwitchStatement':
      if (parent.discriminant !== site) return;
      for (const c of parent.cases) if (c.test && isStringLiteral(c.test)) out.push(c.test);
      return;
    case 'MemberExpression':
      // MESSAGES[err.code], { AUTH_EXPIRED: '…' }[rawCode]
      if (parent.computed && parent.property === site && !isWriteTarget(parent))
        objectKeys(analysis, parent.object, out);
      return;
    case 'CallExpression': {
      // ['A', 'B'].includes(err.code), RETRYABLE.includes(err.code), new Set([...]).has(err.code), MAP.get(err.code)
      const callee = parent.callee;
      if (parent.arguments[0] !== site || callee.type !== 'MemberExpression') return;
      const method = memberName(callee);
      if (method === 'has' || method === 'get') collectionKeys(analysis, callee.object, out);
      else if (method !== undefined && MEMBER_TESTS.has(method)) arrayElements(analysis, callee.object, out);
      return;
    }
    default:
      return;
  }
}

export function literalText(node: CodeLiteral): string {
  if (node.type === 'Identifier') return node.name;
  return node.type === 'Literal' ? node.value : (node.quasis[0]?.value.cooked ?? '');
}
