/** Member names: each language's convention, reserved words and collisions handled, names never shared. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { baseName, codeWords, memberNames } from '../../src/generate/naming.js';
import { generated } from '../helpers/generated.js';

const registry = (codes: string[]) =>
  `| code | status | meaning | frontend handling |\n|---|---|---|---|\n${codes.map((c) => `| \`${c}\` | 400 | m | h |`).join('\n')}\n`;

describe('member names', () => {
  it('follow each language’s convention', () => {
    expect(baseName('AUTH_USER_NOT_FOUND', 'lowerCamel')).toBe('authUserNotFound');
    expect(baseName('AUTH_USER_NOT_FOUND', 'upperSnake')).toBe('AUTH_USER_NOT_FOUND');
    expect(baseName('AUTH_USER_NOT_FOUND', 'code')).toBe('AUTH_USER_NOT_FOUND');
    expect(baseName('user_not_found', 'lowerCamel')).toBe('userNotFound');
    expect(baseName('user.not-found', 'upperSnake')).toBe('USER_NOT_FOUND');
    expect(baseName('user.not-found', 'code')).toBe('user_not_found');
    expect(baseName('userNotFound', 'upperSnake')).toBe('USER_NOT_FOUND');
    expect(baseName('404_PAGE', 'lowerCamel')).toBe('code404Page');
    expect(baseName('404_PAGE', 'code')).toBe('CODE_404_PAGE');
    expect(baseName('__proto__', 'code')).toBe('CODE_proto__');
    expect(codeWords('HTTP2_STREAM-reset.now')).toEqual(['HTTP2', 'STREAM', 'reset', 'now']);
  });

  it('in the generated Dart and TypeScript for the issue’s example', () => {
    expect(generated(registry(['AUTH_USER_NOT_FOUND']), 'dart')).toContain(
      "  authUserNotFound('AUTH_USER_NOT_FOUND', 400),",
    );
    expect(generated(registry(['AUTH_USER_NOT_FOUND']), 'ts')).toContain(
      '  AUTH_USER_NOT_FOUND: "AUTH_USER_NOT_FOUND",',
    );
    expect(generated(registry(['AUTH_USER_NOT_FOUND']), 'python')).toContain(
      '    AUTH_USER_NOT_FOUND = "AUTH_USER_NOT_FOUND"',
    );
  });

  it('avoid reserved words and the generated type’s own members with a trailing underscore', () => {
    const reserved = new Set(['class', 'unknown']);
    expect(memberNames(['CLASS', 'UNKNOWN', 'KNOWN'], 'lowerCamel', reserved)).toEqual(['class_', 'unknown_', 'known']);
    const snake = { codeFormat: 'snake_case' as const };
    expect(generated(registry(['class', 'status', 'upper']), 'python', snake)).toMatch(
      /class_ = "class"[^]*status_ = "status"[^]*upper_ = "upper"/,
    );
    expect(generated(registry(['default', 'unknown', 'values']), 'dart', snake)).toMatch(
      /default_\('default'[^]*unknown_\('unknown'[^]*values_\('values'/,
    );
    expect(generated(registry(['default', 'self', 'init']), 'swift', snake)).toMatch(
      /case default_ = "default"[^]*case self_ = "self"[^]*case init_ = "init"/,
    );
    expect(generated(registry(['UNKNOWN']), 'kotlin')).toContain('UNKNOWN_("UNKNOWN", 400)');
  });

  it('number colliding codes in registry order, never renaming one that collides with nothing', () => {
    expect(memberNames(['a.b', 'a_b', 'a-b', 'aB2'], 'lowerCamel', new Set())).toEqual(['aB', 'aB3', 'aB4', 'aB2']);
    const names = memberNames(['a.b', 'a_b', 'a-b', 'a_b_2'], 'code', new Set());
    expect(names).toEqual(['a_b', 'a_b_3', 'a_b_4', 'a_b_2']);
    expect(memberNames(['user.found', 'user-found'], 'lowerCamel', new Set())).toEqual(['userFound', 'userFound2']);
  });

  it('are distinct identifiers that are not reserved, for any codes', () => {
    const styles = [
      ['code', /^[A-Za-z][A-Za-z0-9_]*$/],
      ['upperSnake', /^[A-Z][A-Z0-9_]*$/],
      ['lowerCamel', /^[a-z][A-Za-z0-9_]*$/],
    ] as const;
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }), { maxLength: 20 }),
        fc.uniqueArray(fc.constantFrom('a', 'b', 'a_', 'CODE', 'code', 'x2', 'unknown'), { maxLength: 4 }),
        (codes, reservedWords) => {
          const reserved = new Set<string>(reservedWords);
          for (const [style, shape] of styles) {
            const names = memberNames(codes, style, reserved);
            expect(new Set(names).size).toBe(codes.length);
            for (const name of names) {
              expect(name).toMatch(shape);
              expect(reserved.has(name)).toBe(false);
            }
          }
        },
      ),
    );
  });
});
