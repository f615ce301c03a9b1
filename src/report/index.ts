/** Output formats by name (`--format`). Each is one module with one pure formatter. */
import { formatJson } from './json.js';
import { formatText } from './text.js';
import type { Formatter } from './types.js';

export const FORMATS: Record<string, () => Promise<Formatter>> = {
  text: () => Promise.resolve(formatText),
  json: () => Promise.resolve(formatJson),
};
