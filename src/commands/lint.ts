/** `lint [PATH]`: one registry revision on its own, against the lint rules. */
import path from 'node:path';
import { lint } from '../checks/lint.js';
import { applyAllow, applySeverity, sortFindings } from '../checks/policy.js';
import { loadConfig } from '../config/load.js';
import type { AllowEntry } from '../config/types.js';
import type { Finding } from '../model.js';
import { makeReport, type RegistryReport, type Report } from '../report/types.js';
import { loadMarkdownFile } from '../sources/file.js';
import { relativeToCwd, type CommonOptions } from './options.js';

export interface LintOptions extends CommonOptions {
  path?: string;
}

export function runLint(options: LintOptions): Report {
  const config = loadConfig(options.cwd, options.config);
  const files = options.path
    ? [path.resolve(options.cwd, options.path)]
    : config.registries.map((r) => path.resolve(config.root, r.path));
  const registries: RegistryReport[] = [];
  let findings: Finding[] = [];
  const used = new Set<AllowEntry>();
  for (const file of files) {
    const display = relativeToCwd(options.cwd, file);
    // A configured registry must stay inside the project, as check and snapshot require; a PATH given
    // on the command line is the user's own choice.
    const loaded = loadMarkdownFile(file, display, options.path ? {} : { root: config.root });
    const parsed = loaded.parsed!;
    const own = applySeverity(lint(parsed, display, { codeFormat: config.codeFormat }), config.rules);
    findings.push(...applyAllow(own, config.allow, relativeToCwd(config.root, file), used));
    registries.push({ path: display, entries: parsed.entries.length, baselines: [] });
  }
  findings = sortFindings(findings);
  return makeReport('lint', registries, findings, options.failOn ?? 'error');
}
