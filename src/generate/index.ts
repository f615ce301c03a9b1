/**
 * The generators: pure functions from one registry's codes to one source file's text, one module per
 * language. Deterministic: registry order, LF line breaks, nothing from the clock or the platform.
 */
import { generateDart } from './dart.js';
import { generateKotlin } from './kotlin.js';
import { generatePython } from './python.js';
import type { GenerateInput, Language } from './shared.js';
import { generateSwift } from './swift.js';
import { generateTypeScript } from './typescript.js';

export { DEFAULT_TYPE_NAME, LANGUAGES, type GenerateInput, type GeneratedEntry, type Language } from './shared.js';

export const GENERATORS: Readonly<Record<Language, (input: GenerateInput) => string>> = {
  ts: generateTypeScript,
  dart: generateDart,
  python: generatePython,
  kotlin: generateKotlin,
  swift: generateSwift,
};

export function generateSource(language: Language, input: GenerateInput): string {
  return GENERATORS[language](input);
}
