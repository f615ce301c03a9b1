/**
 * Python: a `StrEnum` (3.11+; members compare equal to their wire value), the status per member as
 * a property, and `from_code`, which returns None for codes this build does not know instead of
 * raising. Member names are the codes. Deprecated codes carry Sphinx's `.. deprecated::` directive in
 * their attribute docstring (Python has no deprecation marker for an enum member).
 */
import { memberNames } from './naming.js';
import {
  deprecationText,
  docText,
  entryDocLines,
  headerLines,
  quoted,
  sourceText,
  type GenerateInput,
} from './shared.js';

/** Keywords, and the names a StrEnum member cannot take without hiding a method of str or Enum. */
const RESERVED: ReadonlySet<string> = new Set(
  (
    'False None True and as assert async await break class continue def del elif else except finally for from ' +
    'global if import in is lambda nonlocal not or pass raise return try while with yield ' +
    'capitalize casefold center count encode endswith expandtabs find format format_map index isalnum isalpha ' +
    'isascii isdecimal isdigit isidentifier islower isnumeric isprintable isspace istitle isupper join ljust ' +
    'lower lstrip maketrans partition removeprefix removesuffix replace rfind rindex rjust rpartition rsplit ' +
    'rstrip split splitlines startswith strip swapcase title translate upper zfill name value mro status from_code'
  ).split(' '),
);

function literal(text: string): string {
  return quoted(text, (point) =>
    point <= 0xffff ? `\\u${point.toString(16).padStart(4, '0')}` : `\\U${point.toString(16).padStart(8, '0')}`,
  );
}

/**
 * A triple-quoted docstring: backslashes and every double quote escaped, so no text can end it
 * early or start an escape (doc text has no control characters left: shared.ts).
 */
function docstring(lines: readonly string[], indent = '    '): string[] {
  const safe = lines.map((line) => line.replace(/[\\"]/g, (c) => `\\${c}`));
  if (safe.length === 1) return [`${indent}"""${safe[0]}"""`];
  return [
    `${indent}"""${safe[0]}`,
    ...safe.slice(1).map((line) => (line === '' ? '' : `${indent}${line}`)),
    `${indent}"""`,
  ];
}

export function generatePython(input: GenerateInput): string {
  const type = input.typeName;
  const names = memberNames(
    input.entries.map((e) => e.code),
    'code',
    RESERVED,
  );
  const lines = [
    ...headerLines(input).map((line) => `# ${line}`),
    '',
    'from __future__ import annotations',
    '',
    'from enum import StrEnum, unique',
    '',
    '',
    '@unique',
    `class ${type}(StrEnum):`,
    ...docstring([`Every code of ${docText(input.registry)}: members compare equal to their wire value.`]),
    '',
  ];
  input.entries.forEach((entry, i) => {
    const doc = entryDocLines(entry);
    if (entry.deprecated) doc.push('', `.. deprecated:: ${deprecationText(input)}`);
    lines.push(`    ${names[i]} = ${literal(entry.code)}`, ...docstring(doc), '');
  });
  lines.push(
    '    @property',
    '    def status(self) -> int:',
    '        """The HTTP status the code is sent with."""',
    '        return _STATUS[self.value]',
    '',
    '    @classmethod',
    `    def from_code(cls, code: object) -> ${type} | None:`,
    '        """The member for a wire value; None for codes this build does not know (never raises)."""',
    '        return _BY_CODE.get(code) if isinstance(code, str) else None',
    '',
    '',
    `_STATUS: dict[str, int] = {`,
    ...input.entries.map((entry) => `    ${literal(entry.code)}: ${entry.status ?? 0},`),
    '}',
    '',
    `_BY_CODE: dict[str, ${type}] = {member.value: member for member in ${type}}`,
  );
  return sourceText(lines);
}
