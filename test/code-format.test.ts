import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CodeFormatError,
  SNAKE_CASE,
  UPPER_SNAKE_CASE,
  codeFormat,
  hasCodeFormat,
  type CodeFormat,
} from '../src/checks/code-format.js';
import { loadConfig } from '../src/config/load.js';
import { UsageError } from '../src/errors.js';
import { lint, parse } from '../src/index.js';
import { registry } from './helpers/fixtures.js';

describe('codeFormat', () => {
  it('is AIP-193 UPPER_SNAKE_CASE by default', () => {
    expect(codeFormat(undefined)).toBe(UPPER_SNAKE_CASE);
    expect(hasCodeFormat(UPPER_SNAKE_CASE, 'AUTH_USER_NOT_FOUND')).toBe(true);
    for (const bad of ['auth_user', 'A__B', '_A', '1A', 'A-B', ''])
      expect(hasCodeFormat(UPPER_SNAKE_CASE, bad), bad).toBe(false);
  });

  it('accepts snake_case registries (FastAPI, Stripe)', () => {
    expect(codeFormat('snake_case')).toBe(SNAKE_CASE);
    expect(hasCodeFormat(SNAKE_CASE, 'reconnect_required')).toBe(true);
    expect(hasCodeFormat(SNAKE_CASE, 'RECONNECT_REQUIRED')).toBe(false);
  });

  it('anchors a pattern: the whole code must match', () => {
    const format = codeFormat({ pattern: 'E[0-9]{4}' });
    expect(hasCodeFormat(format, 'E0042')).toBe(true);
    expect(hasCodeFormat(format, 'xE0042')).toBe(false);
    expect(hasCodeFormat(format, 'E00421')).toBe(false);
  });

  it('never runs a pattern on more than 63 characters', () => {
    const format = codeFormat({ pattern: '[A-Z]+' });
    expect(hasCodeFormat(format, 'A'.repeat(63))).toBe(true);
    expect(hasCodeFormat(format, 'A'.repeat(64))).toBe(false);
  });

  it('accepts patterns whose repetitions cannot overlap', () => {
    for (const safe of ['[A-Z][A-Z0-9]*(_[A-Z0-9]+)*', '[a-z]+(\\.[a-z]+)*', '[A-Z]{2,4}-[0-9]+'])
      expect(() => codeFormat({ pattern: safe }), safe).not.toThrow();
  });

  it('refuses patterns that backtrack catastrophically, and says how to write them', () => {
    for (const unsafe of ['(a+)+', '([A-Z]+_?)*', '(a|a)*', '([A-Z0-9]|[A-Z])*', '\\w*\\w*\\w*']) {
      const started = Date.now();
      expect(() => codeFormat({ pattern: unsafe }), unsafe).toThrow(CodeFormatError);
      expect(Date.now() - started, `${unsafe} is judged in bounded time`).toBeLessThan(5000);
    }
    expect(() => codeFormat({ pattern: '([A-Z]+_?)*' })).toThrow(
      /backtrack catastrophically.*\^\[A-Z\]\[A-Z0-9\]\*\(_\[A-Z0-9\]\+\)\*\$/,
    );
  });

  it('refuses an invalid regular expression with the reason', () => {
    expect(() => codeFormat({ pattern: '[A-Z' })).toThrow(/not a valid regular expression/);
  });
});

describe('config codeFormat and INVALID_CODE_FORMAT', () => {
  const rows = (codes: string[]) => codes.map((c) => [c, 400, 'x', 'y']);
  const formatFindings = (codes: string[], format?: CodeFormat) =>
    lint(parse(registry(rows(codes))), 'r.md', format ? { codeFormat: format } : {})
      .filter((f) => f.rule === 'INVALID_CODE_FORMAT')
      .map((f) => f.code);

  it('holds the registry to the configured format', () => {
    expect(formatFindings(['reconnect_required', 'AUTH_EXPIRED'])).toEqual(['reconnect_required']);
    expect(formatFindings(['reconnect_required', 'AUTH_EXPIRED'], SNAKE_CASE)).toEqual(['AUTH_EXPIRED']);
    expect(formatFindings(['E0042', 'E42'], codeFormat({ pattern: 'E[0-9]{4}' }))).toEqual(['E42']);
  });

  function withConfig(config: unknown): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'erg-code-format-'));
    writeFileSync(path.join(dir, 'error-registry-guard.config.json'), JSON.stringify(config));
    return dir;
  }

  it('reads `codeFormat` from the config file', () => {
    expect(loadConfig(withConfig({})).codeFormat).toBe(UPPER_SNAKE_CASE);
    expect(loadConfig(withConfig({ codeFormat: 'snake_case' })).codeFormat).toBe(SNAKE_CASE);
    expect(loadConfig(withConfig({ codeFormat: { pattern: 'E[0-9]{4}' } })).codeFormat.regex.test('E0042')).toBe(true);
  });

  it('refuses an unknown format name and an unsafe pattern as usage errors naming the file', () => {
    expect(() => loadConfig(withConfig({ codeFormat: 'kebab-case' }))).toThrow(UsageError);
    expect(() => loadConfig(withConfig({ codeFormat: { pattern: '(a+)+' } }))).toThrow(
      /error-registry-guard\.config\.json: codeFormat pattern "\(a\+\)\+" can backtrack catastrophically/,
    );
  });
});
