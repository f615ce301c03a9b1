/**
 * `error-registry/no-detail-branching`: code must not decide anything from a problem document's
 * `detail` text, which the backend may reword at any time. Map by `code` instead.
 *
 * The text is followed where real code takes it (utils/value-flow.ts): aliases, assignments,
 * fallbacks and narrowing ternaries, the file's own helpers that return it and functions it is
 * passed to, and path helpers (`get(err, 'response.data.detail')`).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { Analysis } from './utils/analysis.js';
import {
  fromCatchParameter,
  isExcludedObject,
  isPlainStringType,
  localDeclaredType,
  localMemberType,
  mayBeStringAnnotation,
} from './utils/excluded-objects.js';
import {
  DEFAULT_GETTERS,
  getterPathEnd,
  getterSelector,
  mayMention,
  memberName,
  memberSelector,
  parameterSelector,
  patternSelector,
} from './utils/selectors.js';
import { isHandlerParameter } from './utils/dom-events.js';
import { isRegex, isStaticCollection, possiblyString, staticText } from './utils/static-text.js';
import {
  destructuredUses,
  isAssertionArgument,
  isWriteTarget,
  patternBinding,
  usesOf,
  type Use,
} from './utils/value-flow.js';
import { createRule } from './utils/create-rule.js';

export type MessageIds = 'comparison' | 'textMatch' | 'switchCase' | 'lookup';
export type Options = [{ properties?: string[]; ignoreTypes?: string[]; getters?: string[]; nestedText?: string[] }];

const EQUALITY = new Set(['===', '!==', '==', '!=']);
/** String methods that test text against a pattern or a fixed string. */
const TEXT_METHODS = new Set([
  'includes',
  'startsWith',
  'endsWith',
  'match',
  'matchAll',
  'search',
  'indexOf',
  'lastIndexOf',
  'localeCompare',
]);
/** Array methods that test membership: `['A', 'B'].includes(x.detail)`. */
const MEMBER_TESTS = new Set(['includes', 'indexOf', 'lastIndexOf']);

/** The sets a file's checks read, made once per options object (merged options are cached: the same for every file of a run). */
interface Setup {
  ignored: ReadonlySet<string>;
  getters: readonly string[];
  nested: ReadonlySet<string>;
  names: ReadonlySet<string>;
  /** The listeners' selectors: member, pattern, parameter, path helper (none without getters). */
  selectors: readonly [string, string, string, string | undefined];
}
let lastSetup: { options: Options[0]; setup: Setup } | undefined;

function setupFor(options: Options[0], properties: readonly string[]): Setup {
  if (lastSetup?.options === options) return lastSetup.setup;
  const getters = options.getters ?? DEFAULT_GETTERS;
  const setup: Setup = {
    ignored: new Set(options.ignoreTypes ?? []),
    getters,
    nested: new Set(options.nestedText ?? ['message', 'msg']),
    names: new Set(options.properties ?? ['detail']),
    selectors: [
      memberSelector(properties),
      patternSelector(properties),
      parameterSelector(properties),
      getters.length > 0 ? getterSelector(getters) : undefined,
    ],
  };
  lastSetup = { options, setup };
  return setup;
}

export default createRule<Options, MessageIds>({
  name: 'no-detail-branching',
  meta: {
    type: 'problem',
    docs: {
      description: "Disallow decisions based on a problem document's `detail` text; map by `code` instead",
      recommended: true,
    },
    messages: {
      comparison:
        'Comparing `{{property}}` with fixed text breaks when the backend rewords the message: map by `code` instead.',
      textMatch:
        'Matching the text of `{{property}}` breaks when the backend rewords the message: map by `code` instead.',
      switchCase:
        'Switching on `{{property}}` text breaks when the backend rewords the message: switch on `code` instead.',
      lookup:
        'Looking up by `{{property}}` text breaks when the backend rewords the message: key the lookup by `code` instead.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          properties: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description:
              'Member names holding human-readable text (default `["detail"]`; add `title` to cover it too).',
          },
          ignoreTypes: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description: 'Type names whose members are skipped, e.g. a domain `ProductDetail`.',
          },
          getters: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description:
              "Path helpers whose call reads a member: `get(err, 'response.data.detail')` (`name`, or `object.name` for a namespace's method; default lodash's and es-toolkit's `get`, `_.get`, `lodash.get`, `getOr`, `_.getOr`).",
          },
          nestedText: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description:
              'Members of a structured detail that hold its text (`detail.message`, `detail.msg`; default `["message", "msg"]`): decisions on them are decisions on the detail.',
          },
        },
      },
    ],
    defaultOptions: [
      { properties: ['detail'], ignoreTypes: [], getters: [...DEFAULT_GETTERS], nestedText: ['message', 'msg'] },
    ],
  },
  create(context, [options]) {
    const properties = options.properties ?? ['detail'];
    // A file that cannot name the member has nothing to check (see mayMention): most files of a
    // frontend never touch an error's text, and cost nothing more than this scan.
    if (properties.length === 0 || !mayMention(context.sourceCode.text, properties)) return {};
    const { ignored, getters, nested, names, selectors } = setupFor(options, properties);
    const analysis = new Analysis(context.sourceCode);

    /** Why the expression at `site` decides something from its text, or null when it does not. */
    function classify(site: TSESTree.Node): MessageIds | null {
      const parent = site.parent;
      switch (parent?.type) {
        case 'BinaryExpression': {
          if (parent.operator === 'in') return parent.left === site ? 'lookup' : null;
          if (!EQUALITY.has(parent.operator)) return null;
          const other = parent.left === site ? parent.right : parent.left;
          const text = staticText(analysis, other);
          // `x.detail !== ''` is a presence check, not a match on the wording.
          return text !== undefined && text !== '' && !isAssertionArgument(parent) ? 'comparison' : null;
        }
        case 'MemberExpression': {
          if (parent.property === site) return parent.computed && !isWriteTarget(parent) ? 'lookup' : null;
          const method = memberName(parent);
          const call = parent.parent;
          if (
            method === undefined ||
            !TEXT_METHODS.has(method) ||
            call.type !== 'CallExpression' ||
            call.callee !== parent
          )
            return null;
          const arg = call.arguments[0];
          if (!arg || arg.type === 'SpreadElement' || isAssertionArgument(call)) return null;
          // Matching against a runtime value (a search box's query) is not a decision on the wording.
          return staticText(analysis, arg) !== undefined || isRegex(analysis, arg) ? 'textMatch' : null;
        }
        case 'CallExpression': {
          const callee = parent.callee;
          if (parent.arguments[0] !== site || callee.type !== 'MemberExpression' || isAssertionArgument(parent))
            return null;
          const method = memberName(callee);
          if (method === 'test' || method === 'exec') return isRegex(analysis, callee.object) ? 'textMatch' : null;
          if (method === 'get' || method === 'has') return 'lookup';
          if (method !== undefined && MEMBER_TESTS.has(method)) {
            if (isStaticCollection(analysis, callee.object)) return 'lookup';
            if (staticText(analysis, callee.object) !== undefined) return 'textMatch';
          }
          return null;
        }
        case 'SwitchStatement':
          // A switch over numbers only (a MouseEvent click count) is not about wording.
          return parent.discriminant === site &&
            parent.cases.some((c) => c.test && (staticText(analysis, c.test) ?? '') !== '')
            ? 'switchCase'
            : null;
        default:
          return null;
      }
    }

    /** `x.detail`, `x['detail']`, `get(x, 'a.detail')`: another read of the member (a variable's other writes). */
    const isSource = (node: TSESTree.Node): boolean =>
      node.type === 'MemberExpression'
        ? names.has(memberName(node) ?? '')
        : node.type === 'CallExpression' && getters.length > 0 && names.has(getterPathEnd(node) ?? '');

    /** The uses that decide something from the text, with the reason for each. */
    function findings(
      uses: readonly Use[],
      found: { node: TSESTree.Node; messageId: MessageIds }[] = [],
      nestedToo = true,
    ) {
      for (const use of uses) {
        const messageId = classify(use.site);
        if (messageId) {
          found.push({ node: use.ref, messageId });
          continue;
        }
        // A structured detail's text: `detail.message`, `detail.msg`.
        const parent = use.site.parent;
        if (
          nestedToo &&
          parent?.type === 'MemberExpression' &&
          parent.object === use.site &&
          nested.has(memberName(parent) ?? '')
        )
          findings(usesOf(analysis, parent, isSource), found, false);
      }
      return found;
    }

    /**
     * With type information, a `detail` that cannot hold text (a number, an object) is not a message.
     * A member a same-file interface declares as `string` is text without asking the checker.
     */
    function isText(node: TSESTree.Node): boolean {
      const types = analysis.types;
      if (!types) return true;
      if (node.type === 'MemberExpression') {
        if (fromCatchParameter(analysis, node.object)) return true; // `any`/`unknown`: may be text
        const local = localDeclaredType(analysis, node.object);
        const name = memberName(node);
        if (local && name !== undefined && isPlainStringType(localMemberType(local, name))) return true;
      } else if (node.type === 'Identifier' && mayBeStringAnnotation(analysis, node)) {
        return true;
      } else if (
        node.type === 'Identifier' &&
        node.parent?.type === 'Property' &&
        node.parent.parent?.type === 'ObjectPattern'
      ) {
        const local = localDeclaredType(analysis, node.parent.parent);
        const key = node.parent.key;
        if (local && key.type === 'Identifier' && isPlainStringType(localMemberType(local, key.name))) return true;
      }
      return possiblyString(types, types.typeOf(node));
    }

    // A use reached from two references (`m = a.detail` and `m = b.detail`) is reported once.
    let reported: Set<TSESTree.Node> | undefined;
    function report(found: readonly { node: TSESTree.Node; messageId: MessageIds }[], property: string): void {
      for (const { node, messageId } of found) {
        reported ??= new Set();
        if (reported.has(node)) continue;
        reported.add(node);
        context.report({ node, messageId, data: { property } });
      }
    }

    const listeners: Record<string, (node: never) => void> = {
      [selectors[0]](node: TSESTree.MemberExpression) {
        const property = memberName(node);
        if (property === undefined || node.object.type === 'Super') return;
        const found = findings(usesOf(analysis, node, isSource));
        // The costlier checks (annotations, types) run only for references that would be reported.
        if (found.length === 0 || isExcludedObject(analysis, node.object, ignored) || !isText(node)) return;
        report(found, property);
      },
      [selectors[1]](node: TSESTree.Property) {
        const id = patternBinding(node);
        if (!id || node.parent.type !== 'ObjectPattern') return;
        const property = node.key.type === 'Identifier' ? node.key.name : String((node.key as TSESTree.Literal).value);
        const found = findings(destructuredUses(analysis, id, isSource));
        if (found.length === 0 || isExcludedObject(analysis, node.parent, ignored) || !isText(id)) return;
        report(found, property);
      },
    };
    // A parameter named like the member (`function classify(detail: string)`): its author says it
    // holds the detail, wherever the callers (in this file or another) take it from.
    listeners[selectors[2]] = (node: TSESTree.Identifier) => {
      const found = findings(destructuredUses(analysis, node, isSource));
      if (found.length === 0 || isHandlerParameter(analysis, node) || !isText(node)) return;
      report(found, node.name);
    };
    if (selectors[3] !== undefined) {
      listeners[selectors[3]] = (node: TSESTree.CallExpression) => {
        const property = getterPathEnd(node);
        const object = node.arguments[0];
        if (property === undefined || !names.has(property) || !object || object.type === 'SpreadElement') return;
        const found = findings(usesOf(analysis, node, isSource));
        if (found.length === 0 || isExcludedObject(analysis, object, ignored) || !isText(node)) return;
        report(found, property);
      };
    }
    return listeners;
  },
});
