/**
 * Objects whose `detail`/`code` are not problem documents: DOM events, and the types a rule's
 * options ignore. With type information an event is told by its type (lib.dom's `Event` and what
 * extends it); without, by where the object comes from (a handler's parameter) or an annotation
 * naming a DOM event type exactly. Never by a name's suffix: `ILiveStreamStatusEvent` is an
 * application's payload.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type * as ts from 'typescript';
import { MAX_ALIAS_DEPTH, type Analysis, type TypeInfo } from './analysis.js';
import { DOM_EVENT_TYPES, isDomEventType, isHandlerParameter } from './dom-events.js';

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

/** True for `err`, `err.response.data` and the like where `err` is a `catch` clause's parameter without an annotation. */
export function fromCatchParameter(analysis: Analysis, object: Node): boolean {
  let root = object;
  while (root.type === 'MemberExpression' || root.type === 'ChainExpression' || root.type === 'TSNonNullExpression')
    root = root.type === 'MemberExpression' ? root.object : root.expression;
  if (root.type !== 'Identifier') return false;
  const def = analysis.variable(root)?.defs[0];
  return def?.type === 'CatchClause' && def.name.type === 'Identifier' && !def.name.typeAnnotation;
}

/** Type flags of `any`, `unknown` and unresolved types: nothing is known of the object. */
const UNKNOWN_FLAGS = 1 /* Any */ | 2; /* Unknown */

/**
 * True when the object a member is read from (or the pattern destructuring it) is a DOM event or one
 * of `ignored`: by its type with type information; by its position and written annotation without
 * (or when its type is `any`).
 */
export function isExcludedObject(analysis: Analysis, object: Node, ignored: ReadonlySet<string>): boolean {
  if (object.type === 'Super') return false;
  // A same-file interface or type literal without `extends` is neither lib.dom's Event nor (unless
  // named) an ignored type, with type information or without: the checker is not asked.
  const local = localDeclaredType(analysis, object);
  if (local) {
    const owner = local.parent;
    return (
      (owner.type === 'TSInterfaceDeclaration' || owner.type === 'TSTypeAliasDeclaration') && ignored.has(owner.id.name)
    );
  }
  const types = analysis.types;
  // Read off an unannotated `catch` parameter (`err.response.data`): its type is `any` or `unknown`
  // whatever the checker says, so it is not asked.
  if (types && !fromCatchParameter(analysis, object)) {
    const type = types.typeOf(object);
    if (isDomEventType(types, type)) return true;
    if (ignored.size > 0) {
      const typed = new Set<string>();
      typeNames(types, type, typed);
      for (const name of typed) if (ignored.has(name)) return true;
    }
    if ((type.flags & UNKNOWN_FLAGS) === 0) return writtenIgnored(analysis, object, ignored);
  }
  const names = new Set<string>();
  writtenNames(analysis, object, names);
  for (const name of names) if (DOM_EVENT_TYPES.has(name) || ignored.has(name)) return true;
  return isHandlerParameter(analysis, object);
}

/** An ignored type named in an annotation (with type information the DOM exemption is by type alone). */
function writtenIgnored(analysis: Analysis, object: Node, ignored: ReadonlySet<string>): boolean {
  if (ignored.size === 0) return false;
  const names = new Set<string>();
  writtenNames(analysis, object, names);
  for (const name of names) if (ignored.has(name)) return true;
  return false;
}

/**
 * The declaration an object's type is, read from the file alone, when that is all the type can be:
 * an annotation (`p: Problem`, `({ detail }: Problem)`, `const p: Problem = ...`) naming an interface
 * or a type literal declared in this file, without `extends` or type parameters. The checker would
 * give the same answer; this spares the rules its cost (a type query per file) on the common case.
 */
export function localDeclaredType(
  analysis: Analysis,
  object: Node,
  depth = 0,
): TSESTree.TSInterfaceBody | TSESTree.TSTypeLiteral | undefined {
  // Asked for the same object by several checks (events, text, literal unions): answered once a file.
  const cache = (analysis.localTypes ??= new Map<
    Node,
    TSESTree.TSInterfaceBody | TSESTree.TSTypeLiteral | undefined
  >());
  if (cache.has(object)) return cache.get(object);
  const found = findLocalDeclaredType(analysis, object, depth);
  cache.set(object, found);
  return found;
}

function findLocalDeclaredType(
  analysis: Analysis,
  object: Node,
  depth: number,
): TSESTree.TSInterfaceBody | TSESTree.TSTypeLiteral | undefined {
  if (depth > MAX_ALIAS_DEPTH) return undefined;
  let annotation: TSESTree.TypeNode | undefined;
  if (object.type === 'ObjectPattern') {
    annotation = object.typeAnnotation?.typeAnnotation;
    if (!annotation && object.parent.type === 'VariableDeclarator' && object.parent.init)
      return localDeclaredType(analysis, object.parent.init, depth + 1);
  } else if (object.type === 'Identifier') {
    const variable = analysis.variable(object);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (def?.name.type === 'Identifier') annotation = def.name.typeAnnotation?.typeAnnotation;
  }
  if (annotation?.type === 'TSTypeLiteral') return annotation;
  if (annotation?.type !== 'TSTypeReference' || annotation.typeName.type !== 'Identifier' || annotation.typeArguments)
    return undefined;
  const declared = analysis.variable(annotation.typeName)?.defs;
  const node = declared?.length === 1 ? declared[0]!.node : undefined;
  if (node?.type === 'TSInterfaceDeclaration')
    return node.extends.length === 0 && !node.typeParameters ? node.body : undefined;
  if (node?.type === 'TSTypeAliasDeclaration' && !node.typeParameters && node.typeAnnotation.type === 'TSTypeLiteral')
    return node.typeAnnotation;
  return undefined;
}

/** The written type of member `name` in such a local declaration (`detail?: string` gives `string`). */
export function localMemberType(
  declaration: TSESTree.TSInterfaceBody | TSESTree.TSTypeLiteral,
  name: string,
): TSESTree.TypeNode | undefined {
  const members = declaration.type === 'TSInterfaceBody' ? declaration.body : declaration.members;
  for (const member of members) {
    if (member.type !== 'TSPropertySignature' || member.computed) continue;
    const key = member.key;
    const keyName = key.type === 'Identifier' ? key.name : key.type === 'Literal' ? String(key.value) : undefined;
    if (keyName === name) return member.typeAnnotation?.typeAnnotation;
  }
  return undefined;
}

/** `string`, or `string | undefined | null`: text, and no literal union. */
export function isPlainStringType(type: TSESTree.TypeNode | undefined): boolean {
  if (!type) return false;
  if (type.type === 'TSStringKeyword') return true;
  return (
    type.type === 'TSUnionType' &&
    type.types.some((t) => t.type === 'TSStringKeyword') &&
    type.types.every(
      (t) => t.type === 'TSStringKeyword' || t.type === 'TSUndefinedKeyword' || t.type === 'TSNullKeyword',
    )
  );
}

/** True when a variable or parameter is annotated with a type that holds `string` (`detail?: string | Problem`). */
export function mayBeStringAnnotation(analysis: Analysis, id: TSESTree.Identifier): boolean {
  const def = analysis.variable(id)?.defs[0];
  const annotation = def?.name.type === 'Identifier' ? def.name.typeAnnotation?.typeAnnotation : undefined;
  if (!annotation) return false;
  return (
    annotation.type === 'TSStringKeyword' ||
    (annotation.type === 'TSUnionType' && annotation.types.some((t) => t.type === 'TSStringKeyword'))
  );
}
