/**
 * `error-registry/known-code`: a string compared with a problem document's `code` must be a code
 * the registry lists (a typo or a code that never existed is a branch that never runs), and not a
 * deprecated one.
 */
import path from 'node:path';
import type { TSESTree } from '@typescript-eslint/utils';
import type { RuleContext, RuleListener } from '@typescript-eslint/utils/ts-eslint';
import { closest, distance } from 'fastest-levenshtein';
import { Analysis, constInit } from './utils/analysis.js';
import { isExcludedObject } from './utils/excluded-objects.js';
import { mayMention, memberName, memberSelector, patternSelector } from './utils/selectors.js';
import { isStringLiteral } from './utils/static-text.js';
import { destructuredUses, patternBinding, usesOf, type Use } from './utils/value-flow.js';
import { createRule } from './utils/create-rule.js';
import { configuredRegistryPaths, loadRegistries, type RegistrySet } from './utils/registry.js';

export type MessageIds = 'unknownCode' | 'deprecatedCode' | 'registryUnavailable' | 'replaceWithCode';
export type Options = [{ registry?: string | string[]; properties?: string[] }];

/** Key of the shared settings: `settings: { 'error-registry': { registry: 'docs/...md' } }` (or a list of paths). */
export const SETTINGS_KEY = 'error-registry';

const EQUALITY = new Set(['===', '!==', '==', '!=']);
const MEMBER_TESTS = new Set(['includes', 'indexOf', 'lastIndexOf']);
const NO_EVENTS: ReadonlySet<string> = new Set();

type CodeLiteral = TSESTree.StringLiteral | TSESTree.TemplateLiteral;

/** `['A', 'B']` written inline or as a `const` in scope; `new Set([...])` when `set` is true. Appended to `out`. */
function listElements(analysis: Analysis, node: TSESTree.Node, set: boolean, out: CodeLiteral[]): void {
  let list: TSESTree.Node | undefined = node.type === 'Identifier' ? constInit(analysis, node) : node;
  if (set) {
    const created =
      list?.type === 'NewExpression' && list.callee.type === 'Identifier' && list.callee.name === 'Set'
        ? list.arguments[0]
        : undefined;
    list = created?.type === 'Identifier' ? constInit(analysis, created) : created;
  }
  if (list?.type === 'TSAsExpression' || list?.type === 'TSSatisfiesExpression') list = list.expression;
  if (list?.type !== 'ArrayExpression') return;
  for (const e of list.elements) if (e && isStringLiteral(e)) out.push(e);
}

/** Appends to `out` the string literals a code reference at `site` is compared with. */
function comparedLiterals(analysis: Analysis, site: TSESTree.Node, out: CodeLiteral[]): void {
  const parent = site.parent;
  switch (parent?.type) {
    case 'BinaryExpression': {
      if (!EQUALITY.has(parent.operator)) return;
      const other = parent.left === site ? parent.right : parent.left;
      if (isStringLiteral(other)) out.push(other);
      return;
    }
    case 'SwitchStatement':
      if (parent.discriminant !== site) return;
      for (const c of parent.cases) if (c.test && isStringLiteral(c.test)) out.push(c.test);
      return;
    case 'CallExpression': {
      // ['A', 'B'].includes(err.code), RETRYABLE.includes(err.code), new Set(['A', 'B']).has(err.code)
      const callee = parent.callee;
      if (parent.arguments[0] !== site || callee.type !== 'MemberExpression') return;
      const method = memberName(callee);
      if (method === 'has') listElements(analysis, callee.object, true, out);
      else if (method !== undefined && MEMBER_TESTS.has(method)) listElements(analysis, callee.object, false, out);
      return;
    }
    default:
      return;
  }
}

function literalText(node: CodeLiteral): string {
  return node.type === 'Literal' ? node.value : (node.quasis[0]?.value.cooked ?? '');
}

/** The nearest registered code, when it is near enough to be the intended one. */
/** Suggestions by registry: the same typo in many files is looked up once. */
const suggestions = new WeakMap<
  ReadonlyMap<string, unknown>,
  { names: string[]; nearest: Map<string, string | undefined> }
>();

function nearestCode(code: string, codes: ReadonlyMap<string, unknown>): string | undefined {
  let known = suggestions.get(codes);
  if (!known) suggestions.set(codes, (known = { names: [...codes.keys()], nearest: new Map() }));
  if (known.nearest.has(code)) return known.nearest.get(code);
  const upper = code.toUpperCase();
  let result: string | undefined = upper;
  if (!codes.has(upper)) {
    const best = closest(upper, known.names);
    // Beyond a third of the length it is another word, not a typo: suggesting it would mislead.
    result = best !== undefined && distance(upper, best) <= Math.max(2, Math.floor(code.length / 3)) ? best : undefined;
  }
  known.nearest.set(code, result);
  return result;
}

/** Where a file's registries are, for one working directory: their absolute paths (one, usually), and as messages show them. */
interface RegistryLocation {
  readonly cwd: string;
  readonly files: readonly string[];
  shown?: Map<string, string>;
}

/**
 * Registry locations by working directory and chosen path (`''`: the checker's config), and the
 * last one used: the same for every file of a run, so `path.resolve`/`path.relative` run once per
 * path instead of once per file. Only for an absolute working directory (ESLint's always is): a
 * relative one would depend on `process.cwd()`.
 */
const locations = new Map<string, Map<string, RegistryLocation>>();
let last: RegistryLocation | undefined;
let lastChosen: string | readonly string[] | undefined;

/** The registries: the rule's or the settings' choice (a path or a list), relative to `cwd`, else every registry of the checker's config. */
function locate(cwd: string, chosen: string | readonly string[] | undefined): RegistryLocation {
  if (last !== undefined && last.cwd === cwd && lastChosen === chosen) return last;
  let byChosen = locations.get(cwd);
  if (byChosen === undefined && path.isAbsolute(cwd))
    locations.set(cwd, (byChosen = new Map<string, RegistryLocation>()));
  // Paths cannot hold NUL: a list joined with it is a key no single path or other list has.
  const key = chosen === undefined ? '' : typeof chosen === 'string' ? chosen : chosen.join('\0');
  let location = byChosen?.get(key);
  if (location === undefined) {
    const files =
      chosen === undefined
        ? configuredRegistryPaths(cwd)
        : (typeof chosen === 'string' ? [chosen] : chosen).map((c) => path.resolve(cwd, c));
    location = { cwd, files };
    if (byChosen === undefined) return location;
    byChosen.set(key, location);
  }
  last = location;
  lastChosen = chosen;
  return location;
}

/** A registry's path as messages show it: relative to the working directory with forward slashes, absolute only when there is no relative path (another drive on Windows). */
function shownPath(location: RegistryLocation, file: string): string {
  location.shown ??= new Map();
  let shown = location.shown.get(file);
  if (shown === undefined) {
    const relative = path.relative(location.cwd, file);
    shown = relative && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : file;
    location.shown.set(file, shown);
  }
  return shown;
}

/** The registries as messages show them: one path, or several joined with ', '. */
function shownPaths(location: RegistryLocation): string {
  return location.files.map((f) => shownPath(location, f)).join(', ');
}

/** A path or a non-empty list of paths from the shared settings; anything else is not a choice. */
function settingsChoice(value: unknown): string | readonly string[] | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' && v !== ''))
    return value as string[];
  return undefined;
}

/** A `code` member (`x.code`, `x['code']`) or a destructured `code` property, as the selectors match them. */
type Reference = TSESTree.MemberExpression | TSESTree.Property;

/** Checks the literals compared with `found`'s references, in order, and reports the unknown and deprecated codes. */
function checkReferences(
  context: Readonly<RuleContext<MessageIds, Options>>,
  options: Options[0],
  found: readonly Reference[],
): void {
  const analysis = new Analysis(context.sourceCode);

  // Resolved, stat'ed and parsed on the first comparison in the file: files without one cost nothing.
  let fileRegistry: { location: RegistryLocation; codes: RegistrySet } | undefined;
  let unavailableReported = false;
  // A list constant used in several comparisons is checked once.
  let checked: Set<CodeLiteral> | undefined;

  function loaded(): { location: RegistryLocation; codes: RegistrySet } {
    if (fileRegistry) return fileRegistry;
    const settings = context.settings[SETTINGS_KEY] as { registry?: unknown } | undefined;
    const location = locate(context.cwd, options.registry ?? settingsChoice(settings?.registry));
    return (fileRegistry = { location, codes: loadRegistries(location.files) });
  }

  /** True when checking `literal` would report something: an unknown or deprecated code, or the registry's first failure. */
  function reportable(literal: CodeLiteral, codes: RegistrySet): boolean {
    if (checked?.has(literal)) return false;
    if (!codes.ok) return !unavailableReported;
    return codes.codes.get(literalText(literal))?.deprecated !== false;
  }

  function check(
    literal: CodeLiteral,
    { location, codes: registry }: { location: RegistryLocation; codes: RegistrySet },
  ): void {
    checked ??= new Set();
    if (checked.has(literal)) return;
    checked.add(literal);
    if (!registry.ok) {
      if (!unavailableReported) {
        unavailableReported = true;
        context.report({
          // At the Program node, pinned to the first line (the Program starts at its first token).
          node: context.sourceCode.ast,
          loc: { line: 1, column: 0 },
          messageId: 'registryUnavailable',
          data: { registry: shownPath(location, registry.file), reason: registry.reason, settingsKey: SETTINGS_KEY },
        });
      }
      return;
    }
    const code = literalText(literal);
    const info = registry.codes.get(code);
    if (info) {
      if (info.deprecated)
        context.report({
          node: literal,
          messageId: 'deprecatedCode',
          data: { code, registry: shownPath(location, info.file ?? location.files[0]!), line: info.line },
        });
      return;
    }
    const nearest = nearestCode(code, registry.codes);
    const quote = literal.type === 'TemplateLiteral' ? '`' : context.sourceCode.getText(literal).charAt(0);
    context.report({
      node: literal,
      messageId: 'unknownCode',
      data: { code, registry: shownPaths(location), hint: nearest ? ` Did you mean '${nearest}'?` : '' },
      suggest: nearest
        ? [
            {
              messageId: 'replaceWithCode',
              data: { code: nearest },
              fix: (fixer) => fixer.replaceText(literal, `${quote}${nearest}${quote}`),
            },
          ]
        : [],
    });
  }

  function checkUses(uses: readonly Use[], object: TSESTree.Node): void {
    const literals: CodeLiteral[] = [];
    for (const use of uses) comparedLiterals(analysis, use.site, literals);
    if (literals.length === 0) return;
    const registry = loaded();
    // Whether the object is a KeyboardEvent (`event.code === 'Enter'` is a key, not an error code)
    // costs scope and type lookups: asked only when a literal would be reported. Literals that
    // would not be are left unmarked: checking them again, with the same registry, reports nothing.
    let any = false;
    for (const literal of literals) if ((any = reportable(literal, registry.codes))) break;
    if (!any || isExcludedObject(analysis, object, NO_EVENTS)) return;
    for (const literal of literals) check(literal, registry);
  }

  for (const node of found) {
    if (node.type === 'MemberExpression') {
      if (node.object.type !== 'Super') checkUses(usesOf(analysis, node), node.object);
    } else {
      const id = patternBinding(node);
      if (id && node.parent.type === 'ObjectPattern') checkUses(destructuredUses(analysis, id), node.parent);
    }
  }
}

/** The member and pattern selectors of the last property list: every file of a configuration has the same (merged options are cached). */
let selectorsFor: readonly string[] | undefined;
let selectors: [member: string, pattern: string] = ['', ''];

export default createRule<Options, MessageIds>({
  name: 'known-code',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Require error codes compared with `code` to be listed (and not deprecated) in the error-code registry',
      recommended: true,
    },
    hasSuggestions: true,
    messages: {
      unknownCode: "Error code '{{code}}' is not in the registry {{registry}}: this branch never runs.{{hint}}",
      deprecatedCode:
        "Error code '{{code}}' is deprecated in the registry {{registry}} (line {{line}}): handle the code that replaces it, and drop this branch once the backend stops sending it.",
      registryUnavailable:
        "Cannot check error codes: the registry {{registry}} {{reason}}. Set `settings['{{settingsKey}}'].registry` (or the rule's `registry` option) to the registry's path, relative to the ESLint working directory.",
      replaceWithCode: "Replace with '{{code}}'.",
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          registry: {
            oneOf: [
              { type: 'string', minLength: 1 },
              { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, uniqueItems: true },
            ],
            description:
              "Registry path, or a list of paths (a code is known when any of them lists it), relative to the ESLint working directory (default: `settings['error-registry'].registry`, then every registry of the checker's config).",
          },
          properties: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description: 'Member names holding an error code (default `["code"]`).',
          },
        },
      },
    ],
    defaultOptions: [{ properties: ['code'] }],
  },
  create(context, [options]) {
    const properties = options.properties ?? ['code'];
    // A file that cannot name a code property has nothing to check (see mayMention).
    if (properties.length === 0 || !mayMention(context.sourceCode.text, properties)) return {};
    // The references are checked together once the traversal is over, in the order it met them,
    // rather than each as it is met: the same reports (ESLint sorts them by position), with this
    // rule's code and data warm for all of a file's references instead of cold for each, and
    // nothing set up for a file without any.
    let found: Reference[] | undefined;
    const collect = (node: Reference): void => {
      (found ??= []).push(node);
    };
    if (properties !== selectorsFor) {
      selectorsFor = properties;
      selectors = [memberSelector(properties), patternSelector(properties)];
    }
    const listeners: RuleListener = {
      'Program:exit'() {
        if (found) checkReferences(context, options, found);
      },
    };
    listeners[selectors[0]] = collect;
    listeners[selectors[1]] = collect;
    return listeners;
  },
});
