import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = path.join(ROOT, 'test/fixtures');
export const V1 = path.join(FIXTURES, 'v1-http-error-codes.md');
export const V2 = path.join(FIXTURES, 'v2-http-error-codes.md');
export const BIN = path.join(ROOT, 'dist/src/bin.cjs');

export function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

/** A registry document with one section and the given rows (cells already markdown). */
export function registry(rows: (string | number)[][], section = 'Auth'): string {
  return `# Registry\n\n## ${section}\n\n| code | status | meaning | frontend handling |\n|---|---:|---|---|\n${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}\n`;
}

/** A small history the CLI and hook tests share: two codes, then a third added, or the second removed. */
export const SMALL = {
  one: registry([
    ['`A_ONE`', 400, 'First thing failed', 'Retry'],
    ['`A_TWO`', 404, 'Second thing missing', 'Refresh'],
  ]),
  added: registry([
    ['`A_ONE`', 400, 'First thing failed', 'Retry'],
    ['`A_TWO`', 404, 'Second thing missing', 'Refresh'],
    ['`A_THREE`', 409, 'Third thing conflicts', 'Reload'],
  ]),
  removed: registry([['`A_ONE`', 400, 'First thing failed', 'Retry']]),
};
