/**
 * Where a member named `detail` or `code` belongs to a DOM event rather than a problem document.
 * With type information that is told by type (lib.dom's `Event` and whatever extends it); without,
 * by position (the parameter of a handler given to `addEventListener` or an `on*` prop or property)
 * and by an annotation naming one of lib.dom's event interfaces exactly: never by a name's suffix, so
 * an application's `ILiveStreamStatusEvent` payload stays checked.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type * as ts from 'typescript';
import type { Analysis, TypeInfo } from './analysis.js';
import { memberName } from './selectors.js';

/**
 * lib.dom's `Event` and every interface extending it (TypeScript 6.0.3's lib.dom.d.ts), and React's
 * own event types: the names an annotation can write for a DOM event without type information.
 */
export const DOM_EVENT_TYPES: ReadonlySet<string> = new Set([
  'AnimationEvent',
  'AnimationPlaybackEvent',
  'AudioProcessingEvent',
  'BaseSyntheticEvent',
  'BeforeUnloadEvent',
  'BlobEvent',
  'ChangeEvent',
  'ClipboardEvent',
  'CloseEvent',
  'CommandEvent',
  'CompositionEvent',
  'ContentVisibilityAutoStateChangeEvent',
  'CookieChangeEvent',
  'CustomEvent',
  'DeviceMotionEvent',
  'DeviceOrientationEvent',
  'DragEvent',
  'ErrorEvent',
  'Event',
  'FocusEvent',
  'FontFaceSetLoadEvent',
  'FormDataEvent',
  'FormEvent',
  'GPUUncapturedErrorEvent',
  'GamepadEvent',
  'HashChangeEvent',
  'IDBVersionChangeEvent',
  'InputEvent',
  'InvalidEvent',
  'KeyboardEvent',
  'MIDIConnectionEvent',
  'MIDIMessageEvent',
  'MediaEncryptedEvent',
  'MediaKeyMessageEvent',
  'MediaQueryListEvent',
  'MediaStreamTrackEvent',
  'MessageEvent',
  'MouseEvent',
  'NavigateEvent',
  'NavigationCurrentEntryChangeEvent',
  'OfflineAudioCompletionEvent',
  'PageRevealEvent',
  'PageSwapEvent',
  'PageTransitionEvent',
  'PaymentMethodChangeEvent',
  'PaymentRequestUpdateEvent',
  'PictureInPictureEvent',
  'PointerEvent',
  'PopStateEvent',
  'ProgressEvent',
  'PromiseRejectionEvent',
  'RTCDTMFToneChangeEvent',
  'RTCDataChannelEvent',
  'RTCErrorEvent',
  'RTCPeerConnectionIceErrorEvent',
  'RTCPeerConnectionIceEvent',
  'RTCTrackEvent',
  'SecurityPolicyViolationEvent',
  'SpeechRecognitionErrorEvent',
  'SpeechRecognitionEvent',
  'SpeechSynthesisErrorEvent',
  'SpeechSynthesisEvent',
  'StorageEvent',
  'SubmitEvent',
  'SyntheticEvent',
  'TaskPriorityChangeEvent',
  'TextEvent',
  'ToggleEvent',
  'TouchEvent',
  'TrackEvent',
  'TransitionEvent',
  'UIEvent',
  'WebGLContextEvent',
  'WheelEvent',
]);

type Node = TSESTree.Node;
type FunctionNode = TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | TSESTree.FunctionDeclaration;

/** `onClick`, `onbeforeprint`: a handler prop or property. */
const HANDLER_NAME = /^on[A-Za-z]/;

function isFunction(node: Node | null | undefined): node is FunctionNode {
  return (
    node?.type === 'ArrowFunctionExpression' ||
    node?.type === 'FunctionExpression' ||
    node?.type === 'FunctionDeclaration'
  );
}

/** True when `node` is where a handler is given: `addEventListener(type, node)`, `onClick={node}`, `x.onclick = node`, `{ onClick: node }`. */
function isHandlerPosition(node: Node): boolean {
  const parent = node.parent;
  switch (parent?.type) {
    case 'CallExpression':
      return (
        parent.arguments[1] === node &&
        parent.callee.type === 'MemberExpression' &&
        memberName(parent.callee) === 'addEventListener'
      );
    case 'JSXExpressionContainer': {
      const attribute = parent.parent;
      return (
        attribute.type === 'JSXAttribute' &&
        attribute.name.type === 'JSXIdentifier' &&
        HANDLER_NAME.test(attribute.name.name)
      );
    }
    case 'AssignmentExpression': {
      const left = parent.left;
      if (parent.right !== node || left.type !== 'MemberExpression') return false;
      const name = memberName(left);
      return name !== undefined && HANDLER_NAME.test(name);
    }
    case 'Property':
      return (
        parent.value === node &&
        !parent.computed &&
        parent.key.type === 'Identifier' &&
        HANDLER_NAME.test(parent.key.name)
      );
    default:
      return false;
  }
}

/** The function a handler parameter belongs to, given there or by its `const` name. */
function isHandler(analysis: Analysis, fn: FunctionNode): boolean {
  if (isHandlerPosition(fn)) return true;
  // `const onPrint = (event) => ...; window.addEventListener('beforeprint', onPrint)`
  const declarator = fn.parent;
  const binding =
    fn.type === 'FunctionDeclaration'
      ? fn.id
      : declarator?.type === 'VariableDeclarator' && declarator.init === fn && declarator.id.type === 'Identifier'
        ? declarator.id
        : null;
  const variable = binding ? analysis.variable(binding) : null;
  return variable?.references.some((r) => r.isRead() && isHandlerPosition(r.identifier)) ?? false;
}

/**
 * True when `object` (the `e` of `e.detail`, or a destructuring pattern) is the first parameter of a
 * handler given to `addEventListener` or an `on*` prop or property: the browser calls it with an event.
 */
export function isHandlerParameter(analysis: Analysis, object: Node): boolean {
  let param: Node | undefined;
  if (object.type === 'ObjectPattern') param = object;
  else if (object.type === 'Identifier') {
    const def = analysis.variable(object)?.defs[0];
    if (def?.type !== 'Parameter') return false;
    param = def.name;
  } else return false;
  const fn = param.parent;
  return isFunction(fn) && fn.params[0] === param && isHandler(analysis, fn);
}

/** True when `symbol` is lib.dom's `Event` or extends it (classes and interfaces, through their bases). */
function extendsDomEvent(types: TypeInfo, symbol: ts.Symbol, depth: number): boolean {
  if (depth > 8) return false;
  if (symbol.getName() === 'Event') {
    const declarations = symbol.getDeclarations() ?? [];
    if (declarations.some((d) => types.program.isSourceFileDefaultLibrary(d.getSourceFile()))) return true;
  }
  for (const base of types.checker.getDeclaredTypeOfSymbol(symbol).getBaseTypes() ?? []) {
    const baseSymbol = base.getSymbol();
    if (baseSymbol && extendsDomEvent(types, baseSymbol, depth + 1)) return true;
  }
  return false;
}

/** True when `type` (or every non-nullish member of a union) is a DOM event by lib.dom's declarations. */
export function isDomEventType(types: TypeInfo, type: ts.Type): boolean {
  const value = types.checker.getNonNullableType(type);
  if (value.isUnion()) return value.types.length > 0 && value.types.every((t) => isDomEventType(types, t));
  if (value.isIntersection()) return value.types.some((t) => isDomEventType(types, t));
  const symbol = value.getSymbol();
  return symbol !== undefined && extendsDomEvent(types, symbol, 0);
}
