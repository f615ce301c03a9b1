/** Runs one language's extractor on a snippet, as `scan` does for a file. */
import { hasCodeFormat, UPPER_SNAKE_CASE } from '../../src/checks/code-format.js';
import type { SourceRole } from '../../src/config/sources.js';
import { DEFAULT_CODE_KEYS } from '../../src/config/sources.js';
import { extractDart } from '../../src/scan/dart.js';
import type { FileScan, Language } from '../../src/scan/model.js';
import { extractPython } from '../../src/scan/python.js';
import { extractTypeScript } from '../../src/scan/typescript.js';

export const OPTIONS = {
  codeKeys: new Set(DEFAULT_CODE_KEYS),
  errorClasses: new Set(['ApiError']),
  isCodeFormat: (text: string) => hasCodeFormat(UPPER_SNAKE_CASE, text),
};

const FILES: Record<Language, string> = { python: 'app/x.py', dart: 'lib/x.dart', typescript: 'src/x.tsx' };

export async function extract(language: Language, text: string, role: SourceRole = 'consumer'): Promise<FileScan> {
  const file = FILES[language];
  if (language === 'python') return extractPython(text, file, role, OPTIONS);
  if (language === 'dart') return extractDart(text, file, role, OPTIONS);
  return extractTypeScript(text, file, role, OPTIONS);
}

/** `how` of each detail branch, in order. */
export async function branches(language: Language, text: string, role: SourceRole = 'consumer'): Promise<string[]> {
  return (await extract(language, text, role)).details.map((d) => d.how);
}

/** `kind code` of each code use, in order. */
export async function uses(language: Language, text: string, role: SourceRole = 'consumer'): Promise<string[]> {
  return (await extract(language, text, role)).codes.map((c) => `${c.kind} ${c.code}`);
}
