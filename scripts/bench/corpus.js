// A generated frontend for the ESLint rule benchmark: files that handle problem documents the way
// real clients do (code comparisons, switches, lookups, detail text shown or tested), mixed with
// ordinary code, so that each rule and `eqeqeq` all have work on every file. Deterministic.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Codes from test/fixtures/v2-http-error-codes.md, plus a typo, so known-code has hits and misses. */
const CODES = [
  'AUTH_UNAUTHORIZED',
  'AUTH_USER_NOT_FOUND',
  'AUTH_SERVICE_UNAVAILABLE',
  'TOOL_PENDING_APPROVAL',
  'PROFILE_NOT_FOUND',
  'AUTH_UNAUTHORISED',
];

function file(i) {
  const code = (k) => CODES[(i + k) % CODES.length];
  return `// Generated file ${i}.
export interface Problem {
  code: string;
  detail?: string;
  status: number;
  title?: string;
}

declare function toast(message: string): void;
declare function logout(): void;
declare function track(event: string, data: Record<string, unknown>): void;

const RETRYABLE_${i} = ['${code(0)}', '${code(1)}'];

export function handle${i}(problem: Problem, attempt: number): boolean {
  if (problem.code === '${code(2)}') logout();
  if (problem.status == 401 || problem.status === 403) track('auth', { attempt });
  switch (problem.code) {
    case '${code(3)}':
      toast('Waiting for approval');
      return true;
    case '${code(4)}':
      toast('Not found');
      return false;
  }
  if (RETRYABLE_${i}.includes(problem.code) && attempt != 3) return true;
  if (problem.detail === 'Token expired') logout();
  const { detail } = problem;
  if (detail?.includes('quota')) toast('Upgrade your plan');
  toast(problem.detail ?? problem.title ?? 'Something went wrong');
  return false;
}

export function summarise${i}(items: { name: string; count: number }[]): string {
  let total = 0;
  const names: string[] = [];
  for (const item of items) {
    if (item.count == null || item.name === '') continue;
    total += item.count;
    names.push(item.name.toUpperCase());
  }
  const label = total === 1 ? 'item' : 'items';
  return \`\${total} \${label}: \${names.join(', ')}\`;
}

export class Cache${i}<T> {
  private readonly entries = new Map<string, { value: T; at: number }>();
  get(key: string, now: number): T | undefined {
    const hit = this.entries.get(key);
    if (hit === undefined || now - hit.at > ${1000 + i}) return undefined;
    return hit.value;
  }
  set(key: string, value: T, now: number): void {
    if (key != '') this.entries.set(key, { value, at: now });
  }
}
`;
}

/** Writes `count` files under `dir/src`; returns the folder. */
export function writeCorpus(dir, count) {
  const src = path.join(dir, 'src');
  mkdirSync(src, { recursive: true });
  for (let i = 0; i < count; i++) writeFileSync(path.join(src, `file${String(i).padStart(4, '0')}.ts`), file(i));
  return src;
}
