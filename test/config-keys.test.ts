// The head's config refuses repeated and prototype keys (the last would silently win). Plain JSON is
// read on a fast path that counts keys instead of loading jsonc-parser; these properties hold it to
// the jsonc-parser reading on any text, including keys spelled with escapes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configFromText } from '../src/config/load.js';

type Tree = { kind: 'object'; entries: [string, boolean, Tree][] } | { kind: 'array'; items: Tree[] } | string;

// Few names, so that repeats are common; some spell another when decoded, some hold what a naive
// tokenizer would trip on (quotes, colons, backslashes).
const KEYS = ['rules', 'allow', 'a', 'b"c', 'd:e', 'f\\', 'constructor', 'prototype'];
const tree = fc.letrec<{ node: Tree }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('x', 'a":', '\\"', 'rules": "off', ':'),
    fc.record({
      kind: fc.constant('object' as const),
      entries: fc.array(fc.tuple(fc.constantFrom(...KEYS), fc.boolean(), tie('node')), { maxLength: 4 }),
    }),
    fc.record({ kind: fc.constant('array' as const), items: fc.array(tie('node'), { maxLength: 3 }) }),
  ),
})).node;

/** JSON text of a tree; an escaped key spells its first letter as \uXXXX (the same key once read). */
function write(node: Tree, space: string): string {
  if (typeof node === 'string') return JSON.stringify(node);
  if (node.kind === 'array') return `[${node.items.map((item) => write(item, space)).join(`,${space}`)}]`;
  const entries = node.entries.map(([key, escaped, value]) => {
    const spelled = escaped
      ? `"\\u${key.charCodeAt(0).toString(16).padStart(4, '0')}${JSON.stringify(key).slice(2)}`
      : JSON.stringify(key);
    return `${spelled}${space}:${space}${write(value, space)}`;
  });
  return `{${space}${entries.join(`,${space}`)}${space}}`;
}

function repeats(node: Tree): boolean {
  if (typeof node === 'string') return false;
  if (node.kind === 'array') return node.items.some(repeats);
  const keys = node.entries.map(([key]) => key);
  return new Set(keys).size < keys.length || node.entries.some(([, , value]) => repeats(value));
}

function forbidden(node: Tree): boolean {
  if (typeof node === 'string') return false;
  if (node.kind === 'array') return node.items.some(forbidden);
  return node.entries.some(([key, , value]) => key === 'constructor' || key === 'prototype' || forbidden(value));
}

function refusal(text: string): string | undefined {
  try {
    configFromText('/repo/error-registry-guard.config.json', text, '/repo', 'strict');
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

describe('config keys', () => {
  it('a repeated key anywhere is refused, however it is spelled; none is refused without one', () => {
    fc.assert(
      fc.property(
        fc.record({
          kind: fc.constant('object' as const),
          entries: fc.array(fc.tuple(fc.constantFrom(...KEYS), fc.boolean(), tree), { maxLength: 5 }),
        }),
        fc.constantFrom('', ' ', '\n  ', '\t'),
        (root, space) => {
          const message = refusal(write(root, space)) ?? '';
          if (forbidden(root)) expect(message).toMatch(/is not allowed in the config|duplicate key/);
          else expect(/duplicate key/.test(message)).toBe(repeats(root));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('a key repeated through an escape is named with its line', () => {
    const text = '{\n  "rules": { "CODE_REMOVED": "error" },\n  "\\u0072ules": { "CODE_REMOVED": "off" }\n}';
    expect(refusal(text)).toMatch(/:3: duplicate key "rules"/);
  });
});
