/**
 * Python sources (FastAPI-style backends, mostly producers): tree-sitter's Python grammar.
 *
 * Raising: keyword arguments and dict keys named by `codeKeys` with a string value
 * (`HTTPException(detail={"code": "AUTH_X"})`, `ApiError(code="AUTH_X")`), the first string
 * argument of a configured error class, and members of an `Enum` class whose value has the
 * registry's code format. Handling: comparisons, `in`, `match`/`case` and dict lookups on a code.
 * Detail branching: `detail == "…"`, `"…" in detail`, `detail in (…)`, `detail.startswith("…")`
 * and the other text tests, `re.match(…, detail)`, `match detail:` and `MESSAGES[detail]`.
 * Assertions are not branching (tests state what the text is).
 */
import type { Collector } from './collect.js';
import { decodeEscapes, FOREIGN_DETAIL_OWNERS, REGEX_FUNCTIONS, TEXT_TESTS } from './collect.js';
import type { ExtractOptions, FileScan } from './model.js';
import type { SourceRole } from '../config/sources.js';
import { placeOf, readTree, walkTree, type TsNode } from './tree-sitter.js';

/** The text of a string literal without interpolation; undefined for anything else. */
function staticString(node: TsNode | null | undefined): string | undefined {
  if (!node || node.type !== 'string') return undefined;
  let text = '';
  let raw = false;
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'interpolation') return undefined;
    if (child.type === 'string_start') raw = /r/i.test(child.text);
    if (child.type === 'string_content') text += child.text;
  }
  return raw ? text : decodeEscapes(text);
}

/** The strings of a tuple, list or set literal of strings only. */
function staticStrings(node: TsNode | null | undefined): string[] | undefined {
  if (!node) return undefined;
  const single = staticString(node);
  if (single !== undefined) return [single];
  if (node.type === 'parenthesized_expression') return staticStrings(node.namedChildren[0]);
  if (node.type !== 'tuple' && node.type !== 'list' && node.type !== 'set') return undefined;
  const items = node.namedChildren.map((child) => staticString(child));
  return items.every((item) => item !== undefined) ? items : undefined;
}

/** The name an expression reads: `detail`, `x.detail`, `x["detail"]`, `x.get("detail")`. */
function accessedName(node: TsNode | null | undefined): string | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case 'identifier':
      return node.text;
    case 'attribute': {
      const owner = node.childForFieldName('object');
      if (owner?.type === 'identifier' && FOREIGN_DETAIL_OWNERS.has(owner.text)) return undefined;
      return node.childForFieldName('attribute')?.text;
    }
    case 'subscript':
      return staticString(node.childForFieldName('subscript'));
    case 'call': {
      const fn = node.childForFieldName('function');
      if (fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'get') return undefined;
      return staticString(node.childForFieldName('arguments')?.namedChildren[0]);
    }
    case 'parenthesized_expression':
      return accessedName(node.namedChildren[0]);
    default:
      return undefined;
  }
}

/** The node types PythonFile.visit reads. */
const VISITED = new Set([
  'assert_statement',
  'comment',
  'comparison_operator',
  'call',
  'subscript',
  'match_statement',
  'keyword_argument',
  'pair',
  'class_definition',
  'assignment',
]);

class PythonFile {
  /** Module-level dicts with string keys, by name: `MESSAGES[code]` handles their keys. */
  private readonly dicts = new Map<string, TsNode>();

  constructor(private readonly out: Collector) {}

  private isDetail(node: TsNode | null | undefined): boolean {
    return accessedName(node) === 'detail';
  }

  private isCode(node: TsNode | null | undefined): boolean {
    return this.out.isCodeKey(accessedName(node));
  }

  private handle(codes: readonly string[], at: TsNode, how: string): void {
    this.out.found(placeOf(at), how, codes);
  }

  private branch(at: TsNode, how: string): void {
    this.out.found(placeOf(at), how);
  }

  /** Reads one node of a VISITED type; false when its subtree must not be read. */
  visit(node: TsNode): boolean {
    switch (node.type) {
      case 'assert_statement':
        return false; // a test states what the text is: not branching
      case 'comment':
        this.out.comment(node.text, placeOf(node).line, placeOf(node).column);
        return false;
      case 'comparison_operator':
        this.comparison(node);
        break;
      case 'call':
        this.call(node);
        break;
      case 'subscript':
        this.lookup(node, node.childForFieldName('value'), node.childForFieldName('subscript'));
        break;
      case 'match_statement':
        this.match(node);
        break;
      case 'keyword_argument': {
        const value = staticString(node.childForFieldName('value'));
        if (value !== undefined && this.out.isCodeKey(node.childForFieldName('name')?.text))
          this.raise(value, node, `keyword ${node.childForFieldName('name')!.text}=`);
        break;
      }
      case 'pair': {
        const value = staticString(node.childForFieldName('value'));
        if (value !== undefined && this.out.isCodeKey(staticString(node.childForFieldName('key'))))
          this.raise(value, node, 'dict key');
        break;
      }
      case 'class_definition':
        this.enumClass(node);
        break;
      case 'assignment':
        this.table(node);
        break;
    }
    return true;
  }

  /** `NAME = {...}`: a dict a code may be looked up in. */
  table(assignment: TsNode): void {
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (left?.type === 'identifier' && right?.type === 'dictionary') this.dicts.set(left.text, right);
  }

  private raise(code: string, at: TsNode, how: string): void {
    this.out.raised(code, placeOf(at), how);
  }

  private comparison(node: TsNode): void {
    const operands = node.namedChildren.filter((c): c is TsNode => c !== null);
    const operators = node.children.filter((c) => c !== null && !c.isNamed).map((c) => c!.text);
    // `a == b`, `a in b`, `a not in b` (the operator tokens between each pair of operands).
    for (let i = 0; i + 1 < operands.length; i++) {
      const [left, right] = [operands[i]!, operands[i + 1]!];
      const op = operators.join(' ');
      if (op.includes('==') || op.includes('!=')) {
        for (const [a, b] of [
          [left, right],
          [right, left],
        ] as const) {
          const text = staticString(b);
          if (text === undefined) continue;
          // `detail != ""` asks whether there is a text, not what it says.
          if (this.isDetail(a) && text !== '') this.branch(a, 'comparison');
          else if (this.isCode(a)) this.handle([text], b, 'comparison');
        }
      } else if (op.includes('in')) {
        if (staticString(left) !== undefined && this.isDetail(right)) this.branch(right, 'in');
        const options = staticStrings(right);
        if (options && this.isDetail(left)) this.branch(left, 'in');
        else if (options && this.isCode(left)) this.handle(options, right, 'in');
      }
    }
  }

  private call(node: TsNode): void {
    const fn = node.childForFieldName('function');
    const args = (node.childForFieldName('arguments')?.namedChildren ?? []).filter((c): c is TsNode => c !== null);
    const positional = args.filter((a) => a.type !== 'keyword_argument');
    const name = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.text;
    if (fn?.type === 'attribute' && name !== undefined) {
      const owner = fn.childForFieldName('object');
      if (TEXT_TESTS.has(name) && this.isDetail(owner) && positional.some((a) => staticStrings(a) !== undefined))
        this.branch(owner!, name);
      // re.match(pattern, detail), PATTERN.search(detail)
      if (REGEX_FUNCTIONS.has(name) && positional.some((a) => this.isDetail(a)))
        this.branch(
          positional.find((a) => this.isDetail(a))!,
          'regex match',
        );
      // MESSAGES.get(detail), MESSAGES.get(code)
      if (name === 'get' && owner) this.lookup(node, owner, positional[0]);
    }
    if (name !== undefined && this.out.options.errorClasses.has(name)) {
      const code = staticString(positional[0]);
      if (code !== undefined) this.raise(code, positional[0]!, name);
    }
  }

  private lookup(node: TsNode, table: TsNode | null | undefined, key: TsNode | null | undefined): void {
    const parent = node.parent;
    if (parent?.type === 'assignment' && parent.childForFieldName('left')?.id === node.id) return; // a write
    if (this.isDetail(key)) this.branch(key!, 'lookup');
    else if (this.isCode(key) && table?.type === 'identifier') {
      const dict = this.dicts.get(table.text);
      const keys = dict?.namedChildren.map((pair) => staticString(pair?.childForFieldName('key')));
      if (keys)
        this.handle(
          keys.filter((k): k is string => k !== undefined),
          key!,
          'dict lookup',
        );
    }
  }

  private match(node: TsNode): void {
    const subject = node.childForFieldName('subject');
    const cases = node.descendantsOfType('case_pattern').filter((c): c is TsNode => c !== null);
    const strings = cases.flatMap((c) => c.descendantsOfType('string')).filter((s): s is TsNode => s !== null);
    if (this.isDetail(subject) && strings.length > 0) this.branch(subject!, 'match/case');
    else if (this.isCode(subject))
      for (const s of strings) {
        const text = staticString(s);
        if (text !== undefined) this.handle([text], s, 'match/case');
      }
  }

  private enumClass(node: TsNode): void {
    const bases = node.childForFieldName('superclasses')?.namedChildren ?? [];
    if (!bases.some((b) => b !== null && /Enum$/.test(b.text))) return;
    for (const statement of node.childForFieldName('body')?.namedChildren ?? []) {
      const assignment = statement?.namedChildren[0];
      if (assignment?.type !== 'assignment') continue;
      const value = staticString(assignment.childForFieldName('right'));
      if (value !== undefined && this.out.options.isCodeFormat(value)) this.raise(value, assignment, 'enum member');
    }
  }
}

export function extractPython(
  text: string,
  path: string,
  role: SourceRole,
  options: ExtractOptions,
): Promise<FileScan> {
  return readTree('python', text, { path, language: 'python', role, options }, (root, out) => {
    const file = new PythonFile(out);
    // Module-level dicts first: a function may look one up above the line that defines it.
    for (const statement of root.namedChildren) {
      const assignment = statement?.namedChildren[0];
      if (statement?.type === 'expression_statement' && assignment?.type === 'assignment') file.table(assignment);
    }
    walkTree(root, { types: VISITED, node: (node) => file.visit(node) });
  });
}
