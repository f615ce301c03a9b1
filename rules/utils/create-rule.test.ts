/**
 * createRule's options cache: the defaults recognised by identity, configured options by value,
 * and neither leaking into the other.
 */
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import type { CompatibleRule } from '../index.js';
import { createRule } from './create-rule.js';

type Options = [{ label?: string; tags?: string[] }];

const seen: Options[0][] = [];
const rule = createRule<Options, 'seen'>({
  name: 'options-probe',
  meta: {
    type: 'suggestion',
    docs: { description: 'Records its options', recommended: false },
    messages: { seen: 'seen' },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: { label: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } },
      },
    ],
    defaultOptions: [{ label: 'default', tags: ['a'] }],
  },
  create(_context, [options]) {
    seen.push(options);
    return {};
  },
});

function lint(config: Linter.RuleEntry): Options[0] {
  new Linter().verify(
    'x;',
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tsParser },
        plugins: { probe: { rules: { 'options-probe': rule as unknown as CompatibleRule } } },
        rules: { 'probe/options-probe': config },
      },
    ],
    'file.ts',
  );
  const options = seen.at(-1);
  if (!options) throw new Error('the rule did not run');
  return options;
}

describe('createRule options', () => {
  it('merges the defaults, configured options and the defaults again, each file', () => {
    expect(lint('error')).toEqual({ label: 'default', tags: ['a'] });
    expect(lint('error')).toEqual({ label: 'default', tags: ['a'] });
    expect(lint(['error', { label: 'configured' }])).toEqual({ label: 'configured', tags: ['a'] });
    expect(lint('error')).toEqual({ label: 'default', tags: ['a'] });
    expect(lint(['error', { tags: ['b'] }])).toEqual({ label: 'default', tags: ['b'] });
    expect(lint(['error', { label: 'configured' }])).toEqual({ label: 'configured', tags: ['a'] });
  });

  it('hands every file of one configuration the same merged object', () => {
    const first = lint('error');
    expect(lint('error')).toBe(first);
    const configured = lint(['error', { label: 'x' }]);
    expect(lint(['error', { label: 'x' }])).toBe(configured);
    expect(configured).not.toBe(first);
  });
});
