/** The `sources` of the config: the code that raises and handles the registry's codes (see docs/scan.md). */

export type SourceRole = 'producer' | 'consumer';

export interface SourceConfig {
  /** A glob relative to the repository root, forward slashes. */
  path: string;
  role: SourceRole;
  /** Error classes or factories whose first string argument (or `code` keyword) is a code. */
  errorClasses?: string[];
  /** Keys that carry a code (default: code, error_code). */
  codeKeys?: string[];
}

export const DEFAULT_CODE_KEYS: readonly string[] = ['code', 'error_code', 'errorCode'];
