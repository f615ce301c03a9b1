/**
 * Objects whose `detail`/`code` are not problem documents: DOM and framework events, and the types
 * a rule's options ignore. Told by type with type information, by the names written in the file
 * without.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type * as ts from 'typescript';
import { MAX_ALIAS_DEPTH, type Analysis, type TypeInfo } from './analysis.js';

type Node = TSESTree.Node;

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
