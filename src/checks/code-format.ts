/**
 * The format a registry's codes have (config `codeFormat`): AIP-193 UPPER_SNAKE_CASE by default,
 * `snake_case` (FastAPI- and Stripe-style `reconnect_required`), or a pattern of the project's own.
 * lint's INVALID_CODE_FORMAT holds the registry to it; the known-code ESLint rule uses it to tell a
 * string that could be one of the registry's codes from one that cannot (`'Enter'`, `'usd'`).
 *
 * A pattern is run on every code of the registry and on string literals of the frontend, so it must
 * not backtrack catastrophically: it is accepted only when redos-detector finds no input on which
 * its backtracking grows out of bounds (nested or overlapping quantifiers such as `([A-Z]+_?)*`).
 */
import type * as RedosDetector from 'redos-detector';
import { lazyRequire } from '../lazy-require.js';

/** Codes are at most this long, whatever their format (AIP-193's limit). */
export const CODE_MAX_LENGTH = 63;

/** The setting as written in the config (or an ESLint rule's options). */
export type CodeFormatSetting = 'UPPER_SNAKE_CASE' | 'snake_case' | { pattern: string };

export interface CodeFormat {
  /** `UPPER_SNAKE_CASE`, `snake_case`, or the pattern as written. */
  readonly name: string;
  /** The whole code must match (a pattern is anchored as `^(?:pattern)$`). */
  readonly regex: RegExp;
}

export const UPPER_SNAKE_CASE: CodeFormat = { name: 'UPPER_SNAKE_CASE', regex: /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/ };
export const SNAKE_CASE: CodeFormat = { name: 'snake_case', regex: /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/ };

/** Why a pattern cannot be used, as a sentence fragment ("... is not a valid regular expression"). */
export class CodeFormatError extends Error {}

const redos = lazyRequire<typeof RedosDetector>('redos-detector');

/**
 * Bounds for the backtracking analysis: a pattern it cannot prove safe within them is refused. Code
 * patterns are short; the safe ones (`^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$`) are proved in a few thousand steps.
 */
const ANALYSIS = { maxSteps: 5000, timeout: 2000 } as const;

const compiled = new Map<string, CodeFormat>();

/** The format for a setting (the default when none); throws CodeFormatError for an unusable pattern. */
export function codeFormat(setting: CodeFormatSetting | undefined): CodeFormat {
  if (setting === undefined || setting === 'UPPER_SNAKE_CASE') return UPPER_SNAKE_CASE;
  if (setting === 'snake_case') return SNAKE_CASE;
  const { pattern } = setting;
  let format = compiled.get(pattern);
  if (format) return format;
  const source = `^(?:${pattern})$`;
  let regex: RegExp;
  try {
    regex = new RegExp(source, 'u');
  } catch (error) {
    throw new CodeFormatError(
      `codeFormat pattern ${JSON.stringify(pattern)} is not a valid regular expression (${(error as Error).message})`,
    );
  }
  let why: string | undefined;
  try {
    const verdict = redos().isSafePattern(source, { ...ANALYSIS, unicode: true });
    if (!verdict.safe)
      why = verdict.error === 'hitMaxScore' ? 'can backtrack catastrophically' : 'could not be proved safe';
  } catch {
    why = 'could not be analysed'; // syntax the analysis does not support: refused rather than trusted
  }
  if (why !== undefined) {
    throw new CodeFormatError(
      `codeFormat pattern ${JSON.stringify(pattern)} ${why} (nested or overlapping repetition): write it so that each repeated part starts with a character the part before cannot match, e.g. ^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$`,
    );
  }
  format = { name: pattern, regex };
  compiled.set(pattern, format);
  return format;
}

/** True when `code` has the format and is at most CODE_MAX_LENGTH characters (checked first: a long input never reaches the pattern). */
export function hasCodeFormat(format: CodeFormat, code: string): boolean {
  return code.length > 0 && code.length <= CODE_MAX_LENGTH && format.regex.test(code);
}
