/**
 * An error the user can fix: bad flags, config, paths, git state. The CLI prints its message as one
 * line and exits 2; anything else that escapes is a bug and is reported as such.
 */
export class UsageError extends Error {
  override name = 'UsageError';
  readonly exitCode = 2;
}

export function isUsageError(error: unknown): error is UsageError {
  return error instanceof UsageError;
}
