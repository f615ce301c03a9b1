/**
 * The registry's code format as the known-code rule sees it: the rule's `codeFormat` option, else
 * the shared settings' (`settings['error-registry'].codeFormat`), else the checker's config
 * (`codeFormat` in error-registry-guard.config.json), read once per working directory.
 */
import { codeFormat, UPPER_SNAKE_CASE, type CodeFormat, type CodeFormatSetting } from '../../src/checks/code-format.js';
import { loadConfig } from '../../src/config/load.js';

/** The config's format by working directory: config discovery runs once per cwd. */
const configured = new Map<string, CodeFormat>();

function configuredCodeFormat(cwd: string): CodeFormat {
  let format = configured.get(cwd);
  if (format === undefined) {
    try {
      format = loadConfig(cwd).codeFormat;
    } catch {
      format = UPPER_SNAKE_CASE; // an invalid config is the checker's to report
    }
    configured.set(cwd, format);
  }
  return format;
}

/** A setting as the schema allows it (`'snake_case'`, `{ pattern }`), or undefined for anything else. */
function asSetting(value: unknown): CodeFormatSetting | undefined {
  if (value === 'UPPER_SNAKE_CASE' || value === 'snake_case') return value;
  if (typeof value === 'object' && value !== null && typeof (value as { pattern?: unknown }).pattern === 'string')
    return { pattern: (value as { pattern: string }).pattern };
  return undefined;
}

/**
 * The format for a file: the option's, the settings', or the config's. A pattern that is invalid or
 * can backtrack catastrophically throws (ESLint then names the rule and the reason): it would be run
 * on every string literal compared with a code.
 */
export function ruleCodeFormat(option: CodeFormatSetting | undefined, settingsValue: unknown, cwd: string): CodeFormat {
  const setting = option ?? asSetting(settingsValue);
  return setting !== undefined ? codeFormat(setting) : configuredCodeFormat(cwd);
}
