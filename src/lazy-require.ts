/**
 * CommonJS dependencies are required, not imported, and only when first used: importing scans a
 * package's source for export names first, and most runs of the CLI need few of them.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** `require(id)` typed as T (the caller states the type with `import type`). */
export function requireAs<T>(id: string): T {
  return require(id) as T;
}

/** A getter that requires `id` on its first call and returns the same module afterwards. */
export function lazyRequire<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(id) as T);
}
