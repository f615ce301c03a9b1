/** What every command shares: its options, the registries it works on, and the config's own findings. */
import path from 'node:path';
import { unusedAllowFindings } from '../checks/policy.js';
import { CONFIG_FILE, type AllowEntry, type Config, type RegistryConfig } from '../config/types.js';
import { UsageError } from '../errors.js';
import type { Finding, Severity } from '../model.js';
import { relativePosix } from '../paths.js';

export interface CommonOptions {
  cwd: string;
  /** Explicit config file (`--config`). */
  config?: string;
  failOn?: Severity;
  env?: NodeJS.ProcessEnv;
}

/** The configured registries, or only the one `--registry` names (as configured). */
export function selectRegistries(config: Config, only: string | undefined): RegistryConfig[] {
  const selected = only ? config.registries.filter((r) => r.path === only) : config.registries;
  if (selected.length === 0)
    throw new UsageError(
      `no configured registry is ${only}: use one of ${config.registries.map((r) => r.path).join(', ')}`,
    );
  return selected;
}

/** UNUSED_ALLOW findings point at the config file (or where it would be), relative to the root. */
export function unusedAllow(config: Config, used: Set<AllowEntry>): Finding[] {
  const file = config.file ?? path.join(config.root, CONFIG_FILE);
  return unusedAllowFindings(config.allow, used, relativePosix(config.root, file), config.rules, config.allowLines);
}

export function relativeToCwd(cwd: string, file: string): string {
  return relativePosix(cwd, file) || file;
}
