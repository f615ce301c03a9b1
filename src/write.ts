/** Writing files the user will commit: never over one that exists. */
import { closeSync, openSync, writeSync } from 'node:fs';
import { UsageError } from './errors.js';

/** Write a new file, never replacing one: 'wx' fails if it exists. */
export function writeNew(file: string, content: string): void {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      // eslint-disable-next-line error-registry/known-code -- Node system error code, not a problem code
      code === 'EEXIST' ? `${file} exists already: left as it is` : `cannot write ${file} (${code ?? 'error'})`,
    );
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
}
