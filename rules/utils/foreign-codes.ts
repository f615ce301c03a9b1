/**
 * Codes of other namespaces that meet a problem document's `code` member in real frontends: a
 * `code` compared with one of these is not an error code of the registry, unless the registry
 * lists it. Without type information this is what tells `err.code === 'ERR_NETWORK'` (axios) or
 * `error.code === 'ENOENT'` (Node) from a typo; with it, the types in FOREIGN_CODE_OWNERS do too.
 */
import { promises as dnsPromises } from 'node:dns';
import { constants } from 'node:os';

/** axios's `AxiosError.code` values (axios 1.x, lib/core/AxiosError.js). */
const AXIOS_CODES = [
  'ERR_BAD_OPTION_VALUE',
  'ERR_BAD_OPTION',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ERR_NETWORK',
  'ERR_FR_TOO_MANY_REDIRECTS',
  'ERR_DEPRECATED',
  'ERR_BAD_RESPONSE',
  'ERR_BAD_REQUEST',
  'ERR_CANCELED',
  'ERR_NOT_SUPPORT',
  'ERR_INVALID_URL',
];

/** Node's system error codes (`errno` names of this platform) and DNS error codes (`ENOTFOUND`, `EAI_AGAIN`). */
function nodeErrorCodes(): string[] {
  const dns = (Object.values(dnsPromises) as unknown[]).filter(
    (v): v is string => typeof v === 'string' && /^E[A-Z]/.test(v),
  );
  return [...Object.keys(constants.errno), ...dns, 'EAI_AGAIN'];
}

const FOREIGN_CODES: ReadonlySet<string> = new Set([...AXIOS_CODES, ...nodeErrorCodes()]);

/** Node's own error codes: `ERR_MODULE_NOT_FOUND`, `ERR_INVALID_ARG_TYPE`. */
const NODE_INTERNAL = /^ERR_[A-Z0-9_]+$/;

/**
 * True for a code of another namespace: axios's, a Node system or DNS error code, or Node's own
 * `ERR_*` codes when the registry has none of that form itself.
 */
export function isForeignCode(code: string, registryHasErrPrefix: boolean): boolean {
  return FOREIGN_CODES.has(code) || (!registryHasErrPrefix && NODE_INTERNAL.test(code));
}

/**
 * Types whose `code` is another namespace's (by their name or a base's, with type information; by an
 * annotation without): axios's error, Node's system errors, DOM exceptions and position errors.
 * DOM events (a KeyboardEvent's `code` is a key) are told apart by type or position (dom-events.ts).
 */
export const FOREIGN_CODE_OWNERS: readonly string[] = [
  'AxiosError',
  'ErrnoException',
  'SystemError',
  'DOMException',
  'GeolocationPositionError',
  'MediaError',
  'FirebaseError',
];
