/** Setting a repository up: `init` (config + first snapshot) and the pre-commit hook. */
import { UsageError } from './errors.js';

export interface SetupOptions {
  cwd: string;
}

export function runInit(_options: SetupOptions): Promise<string> {
  return Promise.reject(new UsageError('init is not implemented yet'));
}

export function installHook(_options: SetupOptions): Promise<string> {
  return Promise.reject(new UsageError('hook install is not implemented yet'));
}

export function uninstallHook(_options: SetupOptions): Promise<string> {
  return Promise.reject(new UsageError('hook uninstall is not implemented yet'));
}
