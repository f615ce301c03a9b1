/**
 * The selectors that find a member by name (`x.code`, `x['detail']`, `{ code }`), the text
 * pre-check that lets a rule skip a file no such selector can match, and the name a member reads.
 */
import type { TSESTree } from '@typescript-eslint/utils';

/** Selectors built so far, by kind and names. */
const selectors = new Map<string, string>();
/** The same, by the list itself: the merged options hand every file the same array. */
const selectorsByList = {
  member: new WeakMap<readonly string[], string>(),
  pattern: new WeakMap<readonly string[], string>(),
  getter: new WeakMap<readonly string[], string>(),
  parameter: new WeakMap<readonly string[], string>(),
};

/**
 * The selector matching any of `names`, each through the alternatives `forName` gives for it
 * (JSON-quoted). Selectors are strings ESLint compiles once: built once per property list too.
 */
function memo(
  kind: 'member' | 'pattern' | 'getter' | 'parameter',
  names: readonly string[],
  forName: (quoted: string) => string[],
): string {
  let selector = selectorsByList[kind].get(names);
  if (selector !== undefined) return selector;
  const key = `${kind}\0${names.join('\0')}`;
  selector = selectors.get(key);
  if (selector === undefined) {
    selector = names.flatMap((name) => forName(JSON.stringify(name))).join(', ');
    selectors.set(key, selector);
  }
  selectorsByList[kind].set(names, selector);
  return selector;
}

const memberForms = (q: string) => [
  `MemberExpression[computed=false][property.type="Identifier"][property.name=${q}]`,
  `MemberExpression[computed=true][property.value=${q}]`,
];

/** `x.name`, `x?.name` and `x['name']` for each name. */
export function memberSelector(names: readonly string[]): string {
  return memo('member', names, memberForms);
}

const patternForms = (q: string) => [
  `ObjectPattern > Property[computed=false][key.name=${q}]`,
  `ObjectPattern > Property[key.value=${q}]`,
];

/** `{ name }`, `{ name: alias }`, `{ 'name': alias }` in a destructuring pattern. */
export function patternSelector(names: readonly string[]): string {
  return memo('pattern', names, patternForms);
}

/**
 * False when no node of the file can match the rules' selectors for `names` (members, patterns,
 * parameters, path helpers' paths): its text holds none of the names as a whole word, and no escape
 * that could spell one. The selectors match a name as an identifier or a string literal spells it,
 * escapes decoded: an identifier or string holding the name as it is shows it as a whole word
 * (`x.code`, `{ code }`, `'code'`, `'response.data.code'`; not `encode` or `errorCode`, which are
 * other names), and only an escape can spell it otherwise: `\u` and `\x`, an octal escape, a line
 * continuation, or a needless escape of one of its letters (`'\code'` is `'code'`).
 */
export function mayMention(text: string, names: readonly string[]): boolean {
  let checks = mentionChecks.get(names);
  if (!checks) {
    const escape = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // Letters that a needless escape yields as themselves (`\b`, `\f`, `\n`, `\r`, `\t`, `\v` are other characters).
    const letters = [...new Set(names.join('').replace(/[bfnrtvux0-9]/g, ''))].map(escape).join('');
    checks = {
      word: new RegExp(`(?<![\\w$])(?:${names.map(escape).join('|')})(?![\\w$])`),
      spelled: new RegExp(`\\\\(?:[ux0-7\\r\\n\\u2028\\u2029]${letters ? `|[${letters}]` : ''})`),
    };
    mentionChecks.set(names, checks);
  }
  return (
    (text.includes('\\') && checks.spelled.test(text)) ||
    (names.some((n) => text.includes(n)) && checks.word.test(text))
  );
}

const mentionChecks = new WeakMap<readonly string[], { word: RegExp; spelled: RegExp }>();

/** The property name a member expression reads, when it is written literally. */
export function memberName(node: TSESTree.MemberExpression): string | undefined {
  if (!node.computed) return node.property.type === 'Identifier' ? node.property.name : undefined;
  return node.property.type === 'Literal' && typeof node.property.value === 'string' ? node.property.value : undefined;
}

/** Path helpers by default: lodash's `get` (`_.get`, `getOr` of lodash/fp) and es-toolkit's `get`. */
export const DEFAULT_GETTERS: readonly string[] = ['get', '_.get', 'lodash.get', 'getOr', '_.getOr'];

/**
 * Calls of the path helpers `names` (`get`, or `_.get` for a method of a namespace object) with a path
 * argument: `get(err, 'response.data.detail')`.
 */
export function getterSelector(names: readonly string[]): string {
  return memo('getter', names, (q) => {
    const name = JSON.parse(q) as string;
    const dot = name.lastIndexOf('.');
    if (dot < 0) return [`CallExpression[arguments.length>=2][callee.type="Identifier"][callee.name=${q}]`];
    const object = JSON.stringify(name.slice(0, dot));
    const method = JSON.stringify(name.slice(dot + 1));
    return [
      `CallExpression[arguments.length>=2][callee.type="MemberExpression"][callee.object.name=${object}][callee.property.name=${method}]`,
    ];
  });
}

/** The last key of a path helper's path argument: `'response.data.detail'`, `['response', 'data', 'detail']`. */
export function getterPathEnd(call: TSESTree.CallExpression): string | undefined {
  const path = call.arguments[1];
  if (path?.type === 'Literal' && typeof path.value === 'string') return /([^.[\]'"]+)['"]?\]?$/.exec(path.value)?.[1];
  if (path?.type === 'ArrayExpression') {
    const last = path.elements[path.elements.length - 1];
    if (last?.type === 'Literal' && typeof last.value === 'string') return last.value;
  }
  return undefined;
}

/** A function's parameter named `name` (with or without a default): `function f(detail)`, `(detail = '') => …`. */
export function parameterSelector(names: readonly string[]): string {
  return memo('parameter', names, (q) => [
    `:function > Identifier.params[name=${q}]`,
    `:function > AssignmentPattern.params > Identifier.left[name=${q}]`,
  ]);
}
