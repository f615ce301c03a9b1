/** The configuration as the commands use it, after discovery and validation (see load.ts). */
import type { CodeFormat } from '../checks/code-format.js';
import type { Language } from '../generate/shared.js';
import type { Severity } from '../model.js';
import type { SourceConfig } from './sources.js';

export const CONFIG_FILE = 'error-registry-guard.config.json';
export const PACKAGE_KEY = 'error-registry-guard';
export const DEFAULT_REGISTRY = 'docs/protocols/common/http-error-codes.md';
export const DEFAULT_SNAPSHOTS = 'snapshots';

export interface AllowEntry {
  rule: string;
  code?: string;
  registry?: string;
  reason: string;
}

export interface RegistryConfig {
  /** Registry path relative to the root, with forward slashes. */
  path: string;
  /** Snapshot folder relative to the root. */
  snapshots: string;
}

export interface Config {
  /** Folder the config was found in (the repository root), or the working directory. */
  root: string;
  /** Absolute path of the config file, when there is one. */
  file?: string;
  registries: RegistryConfig[];
  /** The `snapshots` folder as configured (each registry's own folder is in `registries`). */
  snapshots: string;
  baseBranch: string;
  /** The format every code has (`codeFormat`, UPPER_SNAKE_CASE by default), its pattern checked safe. */
  codeFormat: CodeFormat;
  rules: Record<string, Severity | 'off'>;
  allow: AllowEntry[];
  /** 1-based line of each allow entry in the config file, for reports (1 when unknown). */
  allowLines: number[];
  /** Source files `scan` relates to the registry (absent: no scanning anywhere). */
  sources?: SourceConfig[];
  /** Source files generated from a registry (`generate`); none when absent. */
  generate?: GenerateTarget[];
}

/** One file `generate` writes (config `generate`, validated: see config/generate.ts). */
export interface GenerateTarget {
  language: Language;
  /** Path relative to the root, forward slashes, normalised. */
  path: string;
  /** The configured registry it is generated from (its `path`). */
  registry: string;
  typeName: string;
  /** Kotlin's package. */
  package?: string;
}
