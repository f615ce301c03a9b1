/**
 * `error-registry/known-code`: a string compared with a problem document's `code`, or a key of a
 * table the code is looked up in, must be a code the registry lists (a typo or a code that never
 * existed is a branch that never runs), and not a deprecated one. Strings that cannot be codes of
 * the registry (another format, another namespace's codes, a type that says so) are left alone.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { RuleContext, RuleListener } from '@typescript-eslint/utils/ts-eslint';
import type * as ts from 'typescript';
import { hasCodeFormat, type CodeFormat, type CodeFormatSetting } from '../src/checks/code-format.js';
import { Analysis } from './utils/analysis.js';
import { comparedLiterals, literalText, type CodeLiteral } from './utils/code-literals.js';
import { nearestCode, registryIndex, replacement, sameCodeOtherCase } from './utils/suggestions.js';
import { ruleCodeFormat } from './utils/code-format.js';
import {
  fromCatchParameter,
  isExcludedObject,
  isPlainStringType,
  localDeclaredType,
  localMemberType,
} from './utils/excluded-objects.js';
import { FOREIGN_CODE_OWNERS, isForeignCode } from './utils/foreign-codes.js';
import {
  DEFAULT_GETTERS,
  getterPathEnd,
  getterSelector,
  mayMention,
  memberName,
  memberSelector,
  patternSelector,
} from './utils/selectors.js';
import { possiblyString } from './utils/static-text.js';
import { destructuredUses, patternBinding, usesOf, type Use } from './utils/value-flow.js';
import { createRule } from './utils/create-rule.js';
import { loadRegistries, type CodeInfo, type RegistrySet } from './utils/registry.js';
import { locate, settingsChoice, shownPath, shownPaths, type RegistryLocation } from './utils/registry-location.js';

export type MessageIds = 'unknownCode' | 'deprecatedCode' | 'registryUnavailable' | 'replaceWithCode';
export type Options = [
  {
    registry?: string | string[];
    properties?: string[];
    codeFormat?: CodeFormatSetting;
    ignoreTypes?: string[];
    getters?: string[];
  },
];

/** Key of the shared settings: `settings: { 'error-registry': { registry: 'docs/...md' } }` (or a list of paths). */
export const SETTINGS_KEY = 'error-registry';

/** A `code` member (`x.code`, `x['code']`), a destructured `code` property, or a path helper's call reading one. */
type Reference = TSESTree.MemberExpression | TSESTree.Property | TSESTree.CallExpression;

/** What a file's check needs besides its references: the code format, the types to leave alone, how a source reads. */
interface Setup {
  format: CodeFormat;
  ignored: ReadonlySet<string>;
  names: ReadonlySet<string>;
  getters: boolean;
}

/** Checks the literals compared with `found`'s references, in order, and reports the unknown and deprecated codes. */
function checkReferences(
  context: Readonly<RuleContext<MessageIds, Options>>,
  options: Options[0],
  found: readonly Reference[],
  setup: Setup,
): void {
  const analysis = new Analysis(context.sourceCode);
  const { format, ignored, names } = setup;
  const isSource = (node: TSESTree.Node): boolean =>
    node.type === 'MemberExpression'
      ? names.has(memberName(node) ?? '')
      : node.type === 'CallExpression' && setup.getters && names.has(getterPathEnd(node) ?? '');

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

  /**
   * Could `text` be one of the registry's codes? It is one, or has the registry's format and is no
   * other namespace's code (axios, Node), or is a registered code written in another case.
   */
  function candidate(text: string, registry: RegistrySet): boolean {
    if (!registry.ok) return hasCodeFormat(format, text) && !isForeignCode(text, false);
    if (registry.codes.has(text)) return true;
    // The same strings recur across a run's files: each is judged once per registry and format.
    const index = registryIndex(registry.codes);
    const judged = index.candidates.get(format);
    const known = judged?.get(text);
    if (known !== undefined) return known;
    const answer = hasCodeFormat(format, text)
      ? !isForeignCode(text, index.errPrefix)
      : sameCodeOtherCase(text, registry.codes) !== undefined;
    if (judged) judged.set(text, answer);
    else index.candidates.set(format, new Map([[text, answer]]));
    return answer;
  }

  /** True when checking `literal` would report something: an unknown or deprecated code, or the registry's first failure. */
  function reportable(literal: CodeLiteral, registry: RegistrySet): boolean {
    if (checked?.has(literal)) return false;
    const text = literalText(literal);
    if (!candidate(text, registry)) return false;
    if (!registry.ok) return !unavailableReported;
    return registry.codes.get(text)?.deprecated !== false;
  }

  /**
   * With type information, the code's own type says it belongs elsewhere: not text at all, or a
   * union of string literals none of which the registry lists (a frontend's own derived codes).
   */
  function typedElsewhere(reference: TSESTree.Node, registry: RegistrySet): boolean {
    const types = analysis.types;
    if (!types) return false;
    // Declared `code: string` in a same-file interface, or read off an unannotated `catch` parameter
    // (`any`/`unknown`): no literal union, nothing to ask the checker.
    if (reference.type === 'MemberExpression') {
      if (fromCatchParameter(analysis, reference.object)) return false;
      const local = localDeclaredType(analysis, reference.object);
      const name = memberName(reference);
      if (local && name !== undefined && isPlainStringType(localMemberType(local, name))) return false;
    }
    const type = types.typeOf(reference);
    if (!possiblyString(types, type)) return true;
    const value = types.checker.getNonNullableType(type);
    const members = value.isUnion() ? value.types : [value];
    const literals = members.filter((t): t is ts.StringLiteralType => t.isStringLiteral());
    if (literals.length !== members.length) return false;
    return registry.ok && !literals.some((t) => registry.codes.has(t.value));
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
    const info: CodeInfo | undefined = registry.codes.get(code);
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
    context.report({
      node: literal,
      messageId: 'unknownCode',
      data: { code, registry: shownPaths(location), hint: nearest ? ` Did you mean '${nearest}'?` : '' },
      suggest: nearest
        ? [
            {
              messageId: 'replaceWithCode',
              data: { code: nearest },
              fix: (fixer) => fixer.replaceText(literal, replacement(context, literal, nearest)),
            },
          ]
        : [],
    });
  }

  function checkUses(uses: readonly Use[], object: TSESTree.Node, reference: TSESTree.Node): void {
    const literals: CodeLiteral[] = [];
    for (const use of uses) comparedLiterals(analysis, use.site, literals);
    if (literals.length === 0) return;
    const registry = loaded();
    // Whether the object is a KeyboardEvent (`event.code === 'Enter'` is a key, not an error code) or
    // another namespace's error costs scope and type lookups: asked only when a literal would be
    // reported. Literals that would not be are left unmarked: checking them again, with the same
    // registry, reports nothing.
    let any = false;
    for (const literal of literals) if ((any = reportable(literal, registry.codes))) break;
    if (!any || isExcludedObject(analysis, object, ignored) || typedElsewhere(reference, registry.codes)) return;
    for (const literal of literals) if (reportable(literal, registry.codes)) check(literal, registry);
  }

  for (const node of found) {
    if (node.type === 'MemberExpression') {
      if (node.object.type !== 'Super') checkUses(usesOf(analysis, node, isSource), node.object, node);
    } else if (node.type === 'CallExpression') {
      const object = node.arguments[0];
      if (object && object.type !== 'SpreadElement' && names.has(getterPathEnd(node) ?? ''))
        checkUses(usesOf(analysis, node, isSource), object, node);
    } else {
      const id = patternBinding(node);
      if (id && node.parent.type === 'ObjectPattern')
        checkUses(destructuredUses(analysis, id, isSource), node.parent, id);
    }
  }
}

/** The member and pattern selectors of the last property list: every file of a configuration has the same (merged options are cached). */
let selectorsFor: readonly string[] | undefined;
let gettersFor: readonly string[] | undefined;
let selectors: [member: string, pattern: string, getter: string | undefined] = ['', '', undefined];

/** The last setup made, for the options object it was made from (merged options are cached: the same for every file of a run). */
let lastSetup: { options: Options[0]; cwd: string; settings: unknown; setup: Setup } | undefined;

function setupFor(
  context: Readonly<RuleContext<MessageIds, Options>>,
  options: Options[0],
  properties: readonly string[],
  getters: readonly string[],
): Setup {
  const settings = (context.settings[SETTINGS_KEY] as { codeFormat?: unknown } | undefined)?.codeFormat;
  if (lastSetup && lastSetup.options === options && lastSetup.cwd === context.cwd && lastSetup.settings === settings)
    return lastSetup.setup;
  const setup: Setup = {
    format: ruleCodeFormat(options.codeFormat, settings, context.cwd),
    ignored: new Set([...FOREIGN_CODE_OWNERS, ...(options.ignoreTypes ?? [])]),
    names: new Set(properties),
    getters: getters.length > 0,
  };
  lastSetup = { options, cwd: context.cwd, settings, setup };
  return setup;
}

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
          codeFormat: {
            oneOf: [
              { type: 'string', enum: ['UPPER_SNAKE_CASE', 'snake_case'] },
              {
                type: 'object',
                additionalProperties: false,
                required: ['pattern'],
                properties: { pattern: { type: 'string', minLength: 1, maxLength: 500 } },
              },
            ],
            description:
              "The registry's code format: strings of another format are not codes (default: `settings['error-registry'].codeFormat`, then the checker's config `codeFormat`, then UPPER_SNAKE_CASE).",
          },
          ignoreTypes: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description:
              "Type names whose `code` is another namespace's, besides the built-in ones (AxiosError, NodeJS.ErrnoException...).",
          },
          getters: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description:
              "Path helpers whose call reads a member: `get(err, 'response.data.code')` (default `get`, `_.get`, `lodash.get`, `getOr`, `_.getOr`).",
          },
        },
      },
    ],
    defaultOptions: [{ properties: ['code'], ignoreTypes: [], getters: [...DEFAULT_GETTERS] }],
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
    const getters = options.getters ?? DEFAULT_GETTERS;
    if (properties !== selectorsFor || getters !== gettersFor) {
      selectorsFor = properties;
      gettersFor = getters;
      selectors = [
        memberSelector(properties),
        patternSelector(properties),
        getters.length > 0 ? getterSelector(getters) : undefined,
      ];
    }
    const listeners: RuleListener = {
      'Program:exit'() {
        if (found) checkReferences(context, options, found, setupFor(context, options, properties, getters));
      },
    };
    listeners[selectors[0]] = collect;
    listeners[selectors[1]] = collect;
    if (selectors[2] !== undefined) listeners[selectors[2]] = collect;
    return listeners;
  },
});
