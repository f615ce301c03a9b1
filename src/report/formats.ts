/**
 * Output formats by name (`--format`): the one list of them. Each is one module with one pure
 * formatter, imported only when a report is printed in it.
 */
import type { Formatter } from './types.js';

const LOADERS = {
  text: async () => (await import('./text.js')).formatText,
  json: async () => (await import('./json.js')).formatJson,
  github: async () => (await import('./github.js')).formatGithub,
  sarif: async () => (await import('./sarif.js')).formatSarif,
  markdown: async () => (await import('./markdown.js')).formatMarkdown,
  junit: async () => (await import('./junit.js')).formatJunit,
  gitlab: async () => (await import('./gitlab.js')).formatGitlab,
} satisfies Record<string, () => Promise<Formatter>>;

export type FormatName = keyof typeof LOADERS;

/** In the order `--help` lists them; `text` is the default. */
export const FORMAT_NAMES = Object.keys(LOADERS) as FormatName[];

export function loadFormatter(name: FormatName): Promise<Formatter> {
  return LOADERS[name]();
}
