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
  // A plain loop, no closure: this runs on every file ESLint lints.
  for (let i = 0; i < names.length; i++) if (holdsWord(text, names[i]!)) return true;
  return text.includes('\\') && spelledWithEscape(text, names);
}

/**
 * Some spelling of a name that holds an escape. A spelling without one is the name as it is, which
 * holdsWord found not to stand as a whole word (`details`): no selector can match it.
 */
function spelledWithEscape(text: string, names: readonly string[]): boolean {
  let spelled = mentionChecks.get(names);
  if (!spelled) {
    spelled = new RegExp(names.map(spelledPattern).join('|'), 'g');
    mentionChecks.set(names, spelled);
  }
  spelled.lastIndex = 0;
  for (let match = spelled.exec(text); match !== null; match = spelled.exec(text)) {
    if (match[0].includes('\\')) return true;
    spelled.lastIndex = match.index + 1; // a later start may reach an escape this match left out
  }
  return false;
}

/** A character of `\w` or `$` (what continues an identifier as the selectors read it). */
function isWordChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 95 ||
    code === 36
  );
}

/**
 * `name` as a whole word (`(?<![\w$])name(?![\w$])`), found by indexOf: V8 runs a regular expression
 * that starts with a lookbehind at every position of the text, several times slower on large files.
 */
function holdsWord(text: string, name: string): boolean {
  if (name.length === 0) return true; // nothing to look for: the file is analysed
  for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + 1))
    if (!isWordChar(text.charCodeAt(at - 1)) && !isWordChar(text.charCodeAt(at + name.length))) return true;
  return false;
}

/** A hex number's digits in either case, with leading zeros: `0*6[4]` for 0x64. */
function hexDigits(code: number): string {
  return `0*${[...code.toString(16)].map((d) => (/[a-f]/.test(d) ? `[${d}${d.toUpperCase()}]` : d)).join('')}`;
}

/**
 * `name` as source text can spell it with at least one escape: each character as itself, a needless
 * escape (`\e`), `\xHH`, `\uHHHH`, `\u{H}`, an octal escape, with line continuations between them.
 */
function spelledPattern(name: string): string {
  const bs = '\\\\'; // a backslash in the source text, as a regular expression matches it
  const char = (c: string) => {
    const code = c.charCodeAt(0);
    const hex = hexDigits(code);
    const forms = [
      /[\w$]/.test(c) ? c : `\\${c}`,
      `${bs}x${hex.replace(/^0\*/, '0?')}`,
      `${bs}u${hex.replace(/^0\*/, '0{0,3}')}`,
      `${bs}u\\{${hex}\\}`,
    ];
    if (code < 256) forms.push(`${bs}0*${code.toString(8)}`);
    if (!/[bfnrtvux0-9]/.test(c)) forms.push(`${bs}${c}`);
    return `(?:${forms.join('|')})`;
  };
  return [...name].map(char).join(`(?:${bs}(?:\\r\\n|[\\r\\n\\u2028\\u2029]))*`);
}

const mentionChecks = new WeakMap<readonly string[], RegExp>();

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
