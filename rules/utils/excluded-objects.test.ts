/**
 * Excluded objects without type information: a type name spelled with escapes is the same name, and
 * only lib.dom's event types count as events (never a name that merely ends in `Event`).
 */
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { V2_REGISTRY } from '../../test/eslint/rule-tester.js';
import plugin from '../index.js';

function lint(code: string, rules: Linter.RulesRecord): string[] {
  const messages = new Linter().verify(
    code,
    [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { 'error-registry': plugin }, rules }],
    'file.ts',
  );
  return messages.map((m) => `${m.ruleId}:${m.messageId}`);
}

describe('excluded objects without type information', () => {
  const detail = {
    'error-registry/no-detail-branching': ['error', { ignoreTypes: ['ProductDetail'] }],
  } satisfies Linter.RulesRecord;
  const code = { 'error-registry/known-code': ['error', { registry: V2_REGISTRY }] } satisfies Linter.RulesRecord;

  it('skips an ignored type whether its name is written plainly or with escapes', () => {
    expect(lint("function f(d: ProductDetail) { if (d.detail === 'x') go(); }", detail)).toEqual([]);
    expect(lint("function f(d: Product\\u0044etail) { if (d.detail === 'x') go(); }", detail)).toEqual([]);
    expect(lint("function f(d: Product) { if (d.detail === 'x') go(); }", detail)).toEqual([
      'error-registry/no-detail-branching:comparison',
    ]);
  });

  it('skips an event whether its type is written plainly or with escapes', () => {
    expect(lint("const f = (e: KeyboardEvent) => { if (e.detail === 'x') go(); };", detail)).toEqual([]);
    expect(lint("const f = (e: Keyboard\\u0045vent) => { if (e.detail === 'x') go(); };", detail)).toEqual([]);
    expect(lint("const f = (e: Keyboard\\u0045vent) => { if (e.code === 'ENTER_KEY') go(); };", code)).toEqual([]);
    expect(lint("const f = (e: Keyboard) => { if (e.code === 'ENTER_KEY') go(); };", code)).toEqual([
      'error-registry/known-code:unknownCode',
    ]);
  });

  it("checks an application's type whose name ends in Event", () => {
    expect(lint("const f = (e: ILiveStreamStatusEvent) => { if (e.detail === 'ended') go(); };", detail)).toEqual([
      'error-registry/no-detail-branching:comparison',
    ]);
  });
});
