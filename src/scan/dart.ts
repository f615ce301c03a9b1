/**
 * Dart sources (Flutter apps, mostly consumers): tree-sitter's Dart grammar. The grammar writes a
 * postfix expression as a run of sibling nodes (`data`, `['detail']`, `.contains`, `(…)`), so an
 * operand here is a chain: a primary and the selectors after it.
 *
 * Handling: `==`/`!=` against a code, `switch` statements and expressions and `if (… case …)` on a
 * code, `[…].contains(code)` and lookups of a map literal by a code (`messages[e.code]`).
 * Detail branching: `==`/`!=` against fixed text (`data['detail'] == '…'`), `detail.contains('…')`
 * and the other text tests, `RegExp(…).hasMatch(detail)`, `switch (detail)` and `map[detail]`.
 * Raising (producer sources): the first string argument of a configured error class, a `code:`
 * named argument and a `'code': '…'` map entry. A widget's own `detail` (`widget.detail`) is not a
 * problem's.
 */
import type { Collector } from './collect.js';
import { decodeEscapes, FOREIGN_DETAIL_OWNERS, Mentions, TEXT_TESTS } from './collect.js';
import type { ExtractOptions, FileScan } from './model.js';
import type { SourceRole } from '../config/sources.js';
import { placeOf, readTree, walkTree, type TsNode } from './tree-sitter.js';

type Step = { kind: 'member'; name: string } | { kind: 'index'; key: TsNode[] } | { kind: 'call'; args: TsNode[] };

interface Chain {
  head: TsNode;
  steps: Step[];
}

const REGEX_TESTS = new Set(['hasMatch', 'firstMatch', 'allMatches', 'stringMatch', 'matchAsPrefix']);

function children(node: TsNode | null | undefined): TsNode[] {
  return (node?.children ?? []).filter((c): c is TsNode => c !== null);
}

function named(node: TsNode | null | undefined): TsNode[] {
  return (node?.namedChildren ?? []).filter((c): c is TsNode => c !== null);
}

/** The text of a string literal without interpolation. */
function staticString(node: TsNode | undefined): string | undefined {
  if (node?.type !== 'string_literal') return undefined;
  // `$name` and `${…}` make the text dynamic; escape sequences do not.
  if (node.namedChildren.some((c) => c !== null && c.type !== 'escape_sequence')) return undefined;
  const raw = node.text.startsWith('r');
  const text = node.text.replace(/^r/, '');
  const quote = text.startsWith("'''") || text.startsWith('"""') ? 3 : 1;
  const body = text.slice(quote, text.length - quote);
  return raw ? body : decodeEscapes(body);
}

function step(selector: TsNode): Step | undefined {
  const inner = named(selector)[0];
  if (!inner) return undefined;
  if (inner.type === 'argument_part') {
    const args = named(named(inner).find((c) => c.type === 'arguments'));
    return { kind: 'call', args };
  }
  const target = named(inner)[0];
  if (!target) return undefined;
  if (target.type === 'identifier') return { kind: 'member', name: target.text };
  if (target.type === 'index_selector') return { kind: 'index', key: named(target) };
  return undefined;
}

/** The chains among a node's children: each primary with the selectors that follow it. */
function chainsOf(nodes: TsNode[]): Chain[] {
  const chains: Chain[] = [];
  for (const node of nodes) {
    if (node.type === 'selector') {
      const last = chains[chains.length - 1];
      const s = step(node);
      if (last && s) last.steps.push(s);
    } else if (node.isNamed) chains.push({ head: node, steps: [] });
  }
  return chains;
}

function chainOf(nodes: TsNode[]): Chain | undefined {
  const chains = chainsOf(nodes);
  return chains.length === 1 ? chains[0] : undefined;
}

/** The name a chain reads last: `detail`, `e.detail`, `data['detail']`. */
function accessedName(chain: Chain | undefined): string | undefined {
  if (!chain) return undefined;
  if (chain.head.type === 'parenthesized_expression' && chain.steps.length === 0)
    return accessedName(chainOf(named(chain.head)));
  const last = chain.steps[chain.steps.length - 1];
  if (!last) return chain.head.type === 'identifier' ? chain.head.text : undefined;
  if (chain.steps.length === 1 && chain.head.type === 'identifier' && FOREIGN_DETAIL_OWNERS.has(chain.head.text))
    return undefined;
  if (last.kind === 'member') return last.name;
  if (last.kind === 'index') return staticString(last.key.length === 1 ? last.key[0] : undefined);
  return undefined;
}

/** The strings of a list or set literal of strings only. */
function staticStrings(node: TsNode): string[] | undefined {
  if (node.type !== 'list_literal' && node.type !== 'set_or_map_literal') return undefined;
  const items = named(node).map((item) => staticString(item));
  return items.length > 0 && items.every((i) => i !== undefined) ? items : undefined;
}

/** The node types DartFile.visit reads. */
const VISITED = new Set([
  'comment',
  'documentation_comment',
  'equality_expression',
  'switch_statement',
  'switch_expression',
  'pair',
  'named_argument',
]);
const MAPS = new Set(['set_or_map_literal']);
/** A node with a child of these types has chains (or an `if (… case …)`) for DartFile.chains. */
const CHAIN_PARTS = new Set(['selector', 'constant_pattern']);

class DartFile {
  private readonly maps = new Map<string, string[]>();

  constructor(
    private readonly out: Collector,
    private readonly mentions: Mentions,
  ) {}

  /** Might the node decide on a detail or a code (does its text name one)? */
  private mayMatter(node: TsNode): boolean {
    return this.out.options.readAll === true || this.mentions.within(node.startIndex, node.endIndex);
  }

  private isDetail(chain: Chain | undefined): boolean {
    return accessedName(chain) === 'detail';
  }

  private isCode(chain: Chain | undefined): boolean {
    return this.out.isCodeKey(accessedName(chain));
  }

  private at(node: TsNode, how: string, codes?: readonly string[]): void {
    this.out.found(placeOf(node), how, codes);
  }

  private raise(code: string | undefined, node: TsNode, how: string): void {
    this.out.raised(code, placeOf(node), how);
  }

  /** Map literals by the name they are declared under (`const messages = {'AUTH_X': …}`). */
  collectMap(map: TsNode): void {
    const parent = map.parent;
    if (!parent) return;
    const name =
      parent.type === 'initialized_variable_definition'
        ? parent.childForFieldName('name')
        : parent.type === 'static_final_declaration' || parent.type === 'initialized_identifier'
          ? named(parent).find((c) => c.type === 'identifier')
          : undefined;
    const keys = named(map).map((pair) =>
      pair.type === 'pair' ? staticString(pair.childForFieldName('key') ?? undefined) : undefined,
    );
    if (name && keys.length > 0)
      this.maps.set(
        name.text,
        keys.filter((k): k is string => k !== undefined),
      );
  }

  /** Reads one node of a VISITED type; false when its subtree must not be read. */
  visit(node: TsNode): boolean {
    if (node.type === 'comment' || node.type === 'documentation_comment') {
      const { line, column } = placeOf(node);
      this.out.comment(node.text, line, column);
      return false;
    }
    if (!this.mayMatter(node)) return true;
    if (node.type === 'equality_expression') this.equality(node);
    if (node.type === 'switch_statement' || node.type === 'switch_expression') this.switchOn(node);
    if (node.type === 'pair' && this.out.isCodeKey(staticString(node.childForFieldName('key') ?? undefined)))
      this.raise(staticString(node.childForFieldName('value') ?? undefined), node, 'map entry');
    if (node.type === 'named_argument') {
      const [label, value] = named(node);
      if (this.out.isCodeKey(label?.text.replace(/:$/, '').trim()))
        this.raise(staticString(value), node, 'named argument');
    }
    return true;
  }

  private equality(node: TsNode): void {
    const parts = children(node);
    const split = parts.findIndex((c) => c.type === 'equality_operator');
    if (split < 0) return;
    const left = parts.slice(0, split);
    const right = parts.slice(split + 1);
    for (const [a, b] of [
      [left, right],
      [right, left],
    ] as const) {
      const text = b.length === 1 ? staticString(b[0]) : undefined;
      if (text === undefined) continue;
      const chain = chainOf(a);
      // `detail != ''` asks whether there is a text, not what it says.
      if (this.isDetail(chain) && text !== '') this.at(a[0]!, 'comparison');
      else if (this.isCode(chain)) this.at(b[0]!, 'comparison', [text]);
    }
  }

  private switchOn(node: TsNode): void {
    const condition = node.childForFieldName('condition');
    const chain = chainOf(named(condition));
    const patterns = node.descendantsOfType('constant_pattern').filter((p): p is TsNode => p !== null);
    const strings = patterns.flatMap((p) => named(p).filter((s) => staticString(s) !== undefined));
    if (this.isDetail(chain) && strings.length > 0) this.at(condition!, 'switch');
    else if (this.isCode(chain)) for (const s of strings) this.at(s, 'switch case', [staticString(s)!]);
  }

  /** Method calls and lookups in the chains of a node's children, and `if (code case 'X')`. */
  chains(node: TsNode): void {
    if (!this.mayMatter(node)) return;
    const kids = children(node);
    const chains = chainsOf(kids);
    for (const chain of chains) {
      chain.steps.forEach((s, i) => {
        const receiver: Chain = { head: chain.head, steps: chain.steps.slice(0, i) };
        const next = chain.steps[i + 1];
        if (s.kind === 'member' && next?.kind === 'call') this.method(s.name, receiver, next.args, chain.head);
        if (s.kind === 'index') this.lookup(receiver, s.key, chain.head);
      });
    }
    // `if (e.code case 'AUTH_X')`: a chain followed by a constant pattern.
    kids.forEach((kid, i) => {
      if (kid.type !== 'constant_pattern') return;
      const before = kids.slice(0, i).filter((k) => k.type !== '(' && k.isNamed);
      const chain = chainsOf(before).pop();
      const text = staticString(named(kid)[0]);
      if (text !== undefined && this.isDetail(chain)) this.at(kid, 'case pattern');
      else if (text !== undefined && this.isCode(chain)) this.at(kid, 'case pattern', [text]);
    });
  }

  private method(name: string, receiver: Chain, args: TsNode[], at: TsNode): void {
    const argChains = args.map((a) => chainOf(children(a).length > 0 ? children(a) : [a]));
    const fixedText = args.some((a) => staticString(named(a)[0] ?? a) !== undefined);
    if (TEXT_TESTS.has(name) && this.isDetail(receiver) && fixedText) this.at(at, name);
    else if (REGEX_TESTS.has(name) && argChains.some((c) => this.isDetail(c))) this.at(at, 'regex match');
    else if (name === 'contains' && receiver.steps.length === 0) {
      const options = staticStrings(receiver.head);
      if (options && argChains.some((c) => this.isDetail(c))) this.at(at, 'contains');
      else if (options && argChains.some((c) => this.isCode(c))) this.at(at, 'contains', options);
    }
  }

  private lookup(table: Chain, key: TsNode[], at: TsNode): void {
    const chain = chainOf(key);
    if (this.isDetail(chain)) this.at(at, 'lookup');
    else if (this.isCode(chain) && table.steps.length === 0 && table.head.type === 'identifier') {
      const keys = this.maps.get(table.head.text);
      if (keys) this.at(key[0]!, 'map lookup', keys);
    }
  }

  /** `throw ApiError('AUTH_X')`, `ApiError('AUTH_X')`: a configured class called with a code first. */
  errorClass(root: TsNode): void {
    for (const chain of root.descendantsOfType('identifier')) {
      if (!chain || !this.out.options.errorClasses.has(chain.text)) continue;
      const selector = chain.nextSibling;
      const s = selector?.type === 'selector' ? step(selector) : undefined;
      if (s?.kind === 'call')
        this.raise(staticString(named(s.args[0])[0] ?? s.args[0]), s.args[0] ?? chain, chain.text);
    }
  }
}

export function extractDart(text: string, path: string, role: SourceRole, options: ExtractOptions): Promise<FileScan> {
  return readTree('dart', text, { path, language: 'dart', role, options }, (root, out) => {
    const file = new DartFile(out, new Mentions(text, options.codeKeys));
    walkTree(root, {
      // Map literals first: a function may look one up above the line that defines it.
      first: { types: MAPS, node: (node) => file.collectMap(node) },
      types: VISITED,
      node: (node) => file.visit(node),
      childTypes: CHAIN_PARTS,
      parent: (node) => file.chains(node),
    });
    if (options.errorClasses.size > 0) file.errorClass(root);
  });
}
