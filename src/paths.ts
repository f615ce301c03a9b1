import path from 'node:path';

/** `path.relative(from, to)` with forward slashes, as git paths and reports show them on every OS. */
export function relativePosix(from: string, to: string): string {
  return path.relative(from, to).split(path.sep).join('/');
}
