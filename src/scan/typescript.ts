/**
 * TypeScript and JavaScript sources (web frontends, mostly consumers): tree-sitter's TypeScript
 * grammar for `.ts`/`.mts`/`.cts`, its TSX grammar for the rest (JSX may be in any `.js`). Not
 * typescript-estree, the parser the ESLint rules run on: loading TypeScript for it cost 0.4 s, four
 * times the whole floor `scan` is measured against (docs/performance.md). What counts is the same:
 * test/scan/shared-ts-cases.ts runs one table through this extractor and `no-detail-branching`.
 *
 * Detail branching: comparison with fixed text, the text tests (`includes`, `startsWith`, `match`…)
 * with a fixed argument, `re.test(detail)`, `switch (detail)`, `MAP[detail]`, `[…].includes(detail)`,
 * read directly, through a path helper (`get(err, 'response.data.detail')`) or through a local alias
 * (`const d = err.detail`, `m = err.detail`, `d || fallback`, `ok ? d : ''`). Handling: a code compared, switched on, looked
 * up in an object literal or tested with `[…].includes`. Raising (producer sources): a code key's
 * string value in an object, the first argument of a configured error class. Arguments of `expect`
 * and `assert` are not decisions (tests state what a value is).
 */
import type { Collector } from './collect.js';
import { decodeEscapes, FOREIGN_DETAIL_OWNERS, TEXT_TESTS } from './collect.js';
import type { ExtractOptions, FileScan } from './model.js';
import type { SourceRole } from '../config/sources.js';
import { grammarOf, placeOf, readTree, walkTree, type TsNode } from './tree-sitter.js';

const EQUALITY = new Set(['===', '!==', '==', '!=']);
/** Calls whose arguments state what a value is (tests), not decide on it. */
const ASSERTIONS = new Set(['expect', 'assert']);
/** Wrappers that leave a value as it is: `(x)`, `x!`, `x as T`, `x satisfies T`. */
const TRANSPARENT = new Set([
  'parenthesized_expression',
  'non_null_expression',
  'as_expression',
  'satisfies_expression',
]);
/** Path helpers whose second argument names what they read: the ESLint rule's defaults (lodash, lodash/fp, es-toolkit). */
const PATH_GETTERS = new Set(['get', '_.get', 'lodash.get', 'getOr', '_.getOr']);
/** Writes to a variable, read before the walk: a variable given anything but the detail is no alias. */
const ASSIGNMENTS = new Set(['assignment_expression', 'augmented_assignment_expression', 'update_expression']);
/** The node types a file is walked for; every other node is passed through without being read. */
const VISITED = new Set([
  'call_expression',
  'new_expression',
  'binary_expression',
  'switch_statement',
  'subscript_expression',
  'variable_declarator',
  'pair',
  'comment',
]);

function field(node: TsNode, name: string): TsNode | undefined {
  return node.childForFieldName(name) ?? undefined;
}

function unwrap(node: TsNode | undefined): TsNode | undefined {
  while (node && TRANSPARENT.has(node.type)) node = node.namedChildren[0] ?? undefined;
  return node;
}

/** A string literal's text, or a template's without substitutions; undefined for anything else. */
function staticString(node: TsNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type !== 'string' && node.type !== 'template_string') return undefined;
  if (node.type === 'template_string' && node.namedChildren.some((c) => c?.type === 'template_substitution'))
    return undefined;
  return decodeEscapes(node.text.slice(1, -1));
}

function staticStrings(node: TsNode | undefined): string[] | undefined {
  if (node?.type !== 'array') return undefined;
  const items = node.namedChildren.map((e) => (e && e.type !== 'comment' ? staticString(e) : undefined));
  return items.length > 0 && items.every((i) => i !== undefined) ? items : undefined;
}

/** The property a member or subscript expression reads: `err.detail`, `body['detail']`. */
function memberName(node: TsNode): string | undefined {
  if (node.type === 'member_expression') {
    const property = field(node, 'property');
    return property?.type === 'property_identifier' ? property.text : undefined;
  }
  return node.type === 'subscript_expression' ? staticString(unwrap(field(node, 'index'))) : undefined;
}

function isMember(node: TsNode | undefined): boolean {
  return node?.type === 'member_expression' || node?.type === 'subscript_expression';
}

function argumentsOf(call: TsNode): TsNode[] {
  return (field(call, 'arguments')?.namedChildren ?? []).filter((a): a is TsNode => a !== null && a.type !== 'comment');
}

/** What a path helper reads last: `get(err, 'response.data.detail')`, `_.get(err, ['data', 'detail'])`. */
function getterPathEnd(call: TsNode): string | undefined {
  const callee = unwrap(field(call, 'function'));
  if (!callee || !PATH_GETTERS.has(callee.text)) return undefined;
  const path = unwrap(argumentsOf(call)[1]);
  const text = staticString(path);
  if (text !== undefined) return /([^.[\]'"]+)['"]?\]?$/.exec(text)?.[1];
  if (path?.type !== 'array') return undefined;
  const items = path.namedChildren.filter((i): i is TsNode => i !== null && i.type !== 'comment');
  return staticString(unwrap(items[items.length - 1]));
}

function isAssertion(node: TsNode): boolean {
  let callee = unwrap(field(node, 'function'));
  while (callee && (isMember(callee) || callee.type === 'call_expression'))
    callee = unwrap(field(callee, isMember(callee) ? 'object' : 'function'));
  return callee?.type === 'identifier' && ASSERTIONS.has(callee.text);
}

class TypeScriptFile {
  private readonly objects = new Map<string, string[]>();
  /** Local names a problem's detail was copied into (`const d = err.detail`), with the blocks they live in. */
  private readonly aliases = new Map<string, Set<number>>();
  /** Names given something other than the detail somewhere in the file: never aliases. */
  private readonly reassigned = new Set<string>();
  /** Names assigned the detail (`m = err.detail`): aliases where they are declared without a value. */
  private readonly assignedDetail = new Set<string>();

  constructor(private readonly out: Collector) {}

  /** The name an expression reads last: `detail`, `err.detail`, `body['detail']`, `err?.detail`. */
  private accessedName(node: TsNode | undefined): string | undefined {
    node = unwrap(node);
    if (!node) return undefined;
    if (node.type === 'identifier') {
      if (this.isAlias(node)) return 'detail';
      // `detail = normalise(detail)`: the variable no longer holds only the problem's text.
      return node.text === 'detail' && this.reassigned.has('detail') ? undefined : node.text;
    }
    if (node.type === 'call_expression') return getterPathEnd(node);
    if (!isMember(node)) return undefined;
    const owner = unwrap(field(node, 'object'));
    if (owner?.type === 'identifier' && FOREIGN_DETAIL_OWNERS.has(owner.text)) return undefined;
    return memberName(node);
  }

  private isDetail(node: TsNode | undefined): boolean {
    return this.accessedName(node) === 'detail';
  }

  private isCode(node: TsNode | undefined): boolean {
    return this.out.isCodeKey(this.accessedName(node));
  }

  private at(node: TsNode, how: string, codes?: readonly string[]): void {
    this.out.found(placeOf(unwrap(node) ?? node), how, codes);
  }

  private raise(code: string | undefined, node: TsNode, how: string): void {
    this.out.raised(code, placeOf(node), how);
  }

  /** Reads one node; false when its subtree must not be read. */
  visit(node: TsNode): boolean {
    switch (node.type) {
      case 'comment': {
        const { line, column } = placeOf(node);
        this.out.comment(node.text, line, column);
        return false;
      }
      case 'call_expression':
        if (isAssertion(node)) return false;
        this.call(node);
        break;
      case 'new_expression':
        this.construct(field(node, 'constructor'), node);
        break;
      case 'binary_expression':
        if (EQUALITY.has(field(node, 'operator')?.type ?? '')) this.equality(field(node, 'left'), field(node, 'right'));
        break;
      case 'switch_statement':
        this.switchOn(node);
        break;
      case 'subscript_expression':
        if (!isAssigned(node)) this.lookup(node);
        break;
      case 'variable_declarator':
        this.table(node);
        this.alias(node);
        break;
      case 'pair': {
        const key = field(node, 'key');
        if (this.out.isCodeKey(key?.type === 'property_identifier' ? key.text : staticString(key)))
          this.raise(staticString(field(node, 'value')), node, 'object property');
        break;
      }
    }
    return true;
  }

  /** `const messages = { AUTH_X: '…' }`: an object a code may be looked up in. */
  table(node: TsNode): void {
    const name = field(node, 'name');
    const value = unwrap(field(node, 'value'));
    if (name?.type !== 'identifier' || value?.type !== 'object') return;
    const keys: string[] = [];
    for (const entry of value.namedChildren) {
      if (!entry) continue;
      const key =
        entry.type === 'shorthand_property_identifier' ? entry : field(entry, entry.type === 'pair' ? 'key' : 'name');
      if (key?.type === 'property_identifier' || key?.type === 'shorthand_property_identifier') keys.push(key.text);
      else {
        const text = staticString(key?.type === 'computed_property_name' ? (key.namedChildren[0] ?? undefined) : key);
        if (text !== undefined) keys.push(text);
      }
    }
    this.objects.set(name.text, keys);
  }

  /** A write to a variable (read before the walk): `m = err.detail` makes an alias; anything else, none. */
  assignment(node: TsNode): void {
    const left = unwrap(field(node, node.type === 'update_expression' ? 'argument' : 'left'));
    if (left?.type !== 'identifier') return;
    if (node.type === 'assignment_expression' && this.carriesDetail(field(node, 'right')))
      this.assignedDetail.add(left.text);
    else this.reassigned.add(left.text);
  }

  /** Is the value the detail, or the detail with a fallback (`d ?? ''`, `d || msg`, `ok ? d : ''`)? */
  private carriesDetail(value: TsNode | undefined): boolean {
    value = unwrap(value);
    if (!value) return false;
    if (this.isDetail(value)) return true;
    if (value.type === 'ternary_expression')
      return this.carriesDetail(field(value, 'consequence')) || this.carriesDetail(field(value, 'alternative'));
    if (value.type !== 'binary_expression') return false;
    const operator = field(value, 'operator')?.type;
    if (operator === '||' || operator === '??') return this.carriesDetail(field(value, 'left'));
    return operator === '&&' && this.carriesDetail(field(value, 'right'));
  }

  /** `const d = err.detail`, `let d; … d = err.detail`: `d` is the detail in the block that declares it. */
  private alias(node: TsNode): void {
    const name = field(node, 'name');
    if (name?.type !== 'identifier' || name.text === 'detail' || this.reassigned.has(name.text)) return;
    const value = field(node, 'value');
    if (!(value ? this.carriesDetail(value) : this.assignedDetail.has(name.text))) return;
    let block = node.parent;
    while (block && block.type !== 'statement_block' && block.type !== 'program') block = block.parent;
    if (!block) return;
    const blocks = this.aliases.get(name.text) ?? new Set<number>();
    blocks.add(block.id);
    this.aliases.set(name.text, blocks);
  }

  private isAlias(node: TsNode): boolean {
    const blocks = this.aliases.get(node.text);
    if (!blocks) return false;
    for (let up = node.parent; up; up = up.parent) if (blocks.has(up.id)) return true;
    return false;
  }

  private equality(left: TsNode | undefined, right: TsNode | undefined): void {
    if (!left || !right) return;
    for (const [a, b] of [
      [left, right],
      [right, left],
    ] as const) {
      const text = staticString(unwrap(b));
      if (text === undefined) continue;
      // `detail !== ''` asks whether there is a text, not what it says.
      if (this.isDetail(a) && text !== '') this.at(a, 'comparison');
      else if (this.isCode(a)) this.at(b, 'comparison', [text]);
    }
  }

  private call(node: TsNode): void {
    const callee = unwrap(field(node, 'function'));
    const args = argumentsOf(node);
    if (!callee || !isMember(callee)) return this.construct(callee, node);
    const name = memberName(callee);
    if (name === undefined) return;
    const object = field(callee, 'object');
    const fixed = args.some((a) => staticString(unwrap(a)) !== undefined || unwrap(a)?.type === 'regex');
    if (TEXT_TESTS.has(name) && this.isDetail(object) && fixed) return this.at(object!, name);
    // Reported where the text is read, as no-detail-branching reports it.
    const text = args.find((a) => this.isDetail(a));
    if ((name === 'test' || name === 'exec') && text) return this.at(text, 'regex match');
    const options = staticStrings(unwrap(object));
    if (options && (name === 'includes' || name === 'indexOf')) {
      const code = args.find((a) => this.isCode(a));
      if (text) this.at(text, name);
      else if (code) this.at(code, name, options);
    }
  }

  /** `new ApiError('AUTH_X')`, `ApiError('AUTH_X')`: a configured error class given a code first. */
  private construct(callee: TsNode | undefined, call: TsNode): void {
    const first = argumentsOf(call)[0];
    if (callee?.type === 'identifier' && this.out.options.errorClasses.has(callee.text) && first)
      this.raise(staticString(unwrap(first)), first, callee.text);
  }

  private switchOn(node: TsNode): void {
    const discriminant = unwrap(field(node, 'value'));
    const tests = (field(node, 'body')?.namedChildren ?? [])
      .filter((c): c is TsNode => c?.type === 'switch_case')
      .map((c) => unwrap(field(c, 'value')))
      .filter((t): t is TsNode => staticString(t) !== undefined);
    if (!discriminant) return;
    if (this.isDetail(discriminant) && tests.length > 0) this.at(discriminant, 'switch');
    else if (this.isCode(discriminant)) for (const t of tests) this.at(t, 'switch case', [staticString(t)!]);
  }

  private lookup(node: TsNode): void {
    const index = field(node, 'index');
    const object = unwrap(field(node, 'object'));
    if (this.isDetail(index)) this.at(index!, 'lookup');
    else if (this.isCode(index) && object?.type === 'identifier') {
      const keys = this.objects.get(object.text);
      if (keys) this.at(index!, 'map lookup', keys);
    }
  }
}

/** `seen[detail] = true` writes under the text, it does not decide on it. */
function isAssigned(node: TsNode): boolean {
  const parent = node.parent;
  return (
    (parent?.type === 'assignment_expression' || parent?.type === 'augmented_assignment_expression') &&
    parent.childForFieldName('left')?.id === node.id
  );
}

export function extractTypeScript(
  text: string,
  path: string,
  role: SourceRole,
  options: ExtractOptions,
): Promise<FileScan> {
  return readTree(grammarOf('typescript', path), text, { path, language: 'typescript', role, options }, (root, out) => {
    const file = new TypeScriptFile(out);
    // Top-level object tables first: a function may look one up above the line that defines it.
    for (const statement of root.namedChildren) {
      const declaration = statement?.type === 'export_statement' ? field(statement, 'declaration') : statement;
      if (declaration?.type === 'lexical_declaration' || declaration?.type === 'variable_declaration')
        for (const d of declaration.namedChildren) if (d?.type === 'variable_declarator') file.table(d);
    }
    walkTree(root, {
      first: { types: ASSIGNMENTS, node: (node) => file.assignment(node) },
      types: VISITED,
      node: (node) => file.visit(node),
    });
  });
}
