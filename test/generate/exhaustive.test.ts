/**
 * What the generated TypeScript is for: a client with an exhaustive `switch` over the union compiles
 * against the registry's codes; remove a code from the registry and regenerate, and the client no
 * longer compiles, naming the code; add one, and the `never` default names the new code.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/parse/parse.js';
import { V2 } from '../helpers/fixtures.js';
import { generated, typeScriptErrors } from '../helpers/generated.js';

const REAL = readFileSync(V2, 'utf8');
const codes = parse(REAL).entries.map((e) => e.code);

/** A client handling every code by name, with `never` in the default case. */
const client = (handled: readonly string[]) => `import { ErrorCode, ErrorCodeStatus, isErrorCode } from './codes';

export function messageFor(code: ErrorCode): string {
  switch (code) {
${handled.map((c) => `    case ErrorCode.${c}:\n      return '${c}';`).join('\n')}
    default: {
      const unhandled: never = code;
      return unhandled;
    }
  }
}

export function fromWire(value: unknown): string {
  return isErrorCode(value) ? \`\${messageFor(value)} (\${ErrorCodeStatus[value]})\` : 'unknown';
}
`;

describe('an exhaustive switch over the generated union', () => {
  it('compiles against the registry it was generated from', () => {
    expect(typeScriptErrors({ 'codes.ts': generated(REAL, 'ts'), 'client.ts': client(codes) })).toEqual([]);
  });

  it('fails to compile, naming the code, once the code is removed from the registry and the file regenerated', () => {
    const removed = 'AUTH_USER_NOT_FOUND';
    const edited = REAL.split('\n')
      .filter((line) => !line.includes(`\`${removed}\``))
      .join('\n');
    expect(edited).not.toBe(REAL);
    const errors = typeScriptErrors({ 'codes.ts': generated(edited, 'ts'), 'client.ts': client(codes) });
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.some((e) => e.startsWith('client.ts:') && e.includes(removed))).toBe(true);
  });

  it('fails to compile, naming the new code, once a code is added and the file regenerated', () => {
    const edited = REAL.replace(
      '| `AUTH_UNAUTHORIZED` |',
      '| `AUTH_SESSION_REVOKED` | 401 | Session revoked elsewhere | Force logout |\n| `AUTH_UNAUTHORIZED` |',
    );
    const errors = typeScriptErrors({ 'codes.ts': generated(edited, 'ts'), 'client.ts': client(codes) });
    expect(errors.some((e) => e.includes('AUTH_SESSION_REVOKED') && e.includes('never'))).toBe(true);
  });
});
