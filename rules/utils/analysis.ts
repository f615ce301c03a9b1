/**
 * Per-file state shared by the rules' helpers: the source code, its scopes and (lazily) the type
 * checker. Everything built on it starts from a node a selector already matched: nothing walks the
 * whole file.
 */
import type { ParserServicesWithTypeInformation, TSESLint, TSESTree } from '@typescript-eslint/utils';
import { findVariable } from '@typescript-eslint/utils/ast-utils';
import type * as ts from 'typescript';

type Node = TSESTree.Node;
type Variable = TSESLint.Scope.Variable;

/** Type information for the linted file, when the parser has a TypeScript program for it. */
export interface TypeInfo {
  program: ts.Program;
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
      this.#types =
        program && getType ? { program, checker: program.getTypeChecker(), typeOf: (node) => getType(node) } : null;
    }
    return this.#types;
  }

  /** excluded-objects.ts's answers by object node (see localDeclaredType). */
  localTypes: Map<TSESTree.Node, TSESTree.TSInterfaceBody | TSESTree.TSTypeLiteral | undefined> | undefined;

  variable(id: TSESTree.Identifier): Variable | null {
    return findVariable(this.sourceCode.getScope(id), id);
  }
}

/** Aliases followed at most this deep (`const a = x.detail; const b = a; ...`). */
export const MAX_ALIAS_DEPTH = 3;

/** Steps a value is followed through variables, parameters and helpers' returns, at most (value-flow.ts). */
export const MAX_FLOW_DEPTH = 4;

/** The initialiser of a `const` bound once to a plain identifier. */
export function constInit(analysis: Analysis, id: TSESTree.Identifier): TSESTree.Expression | undefined {
  const variable = analysis.variable(id);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type === 'Variable' && def.parent.kind === 'const' && def.node.id.type === 'Identifier')
    return def.node.init ?? undefined;
  return undefined;
}
