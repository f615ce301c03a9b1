/** Output formats by name (`--format`). Each is one module with one pure formatter, loaded on demand. */
import type { Formatter } from './types.js';

export const FORMATS: Record<string, () => Promise<Formatter>> = {
  text: async () => (await import('./text.js')).formatText,
  json: async () => (await import('./json.js')).formatJson,
  github: async () => (await import('./github.js')).formatGithub,
  sarif: async () => (await import('./sarif.js')).formatSarif,
  markdown: async () => (await import('./markdown.js')).formatMarkdown,
  junit: async () => (await import('./junit.js')).formatJunit,
  gitlab: async () => (await import('./gitlab.js')).formatGitlab,
};
