/**
 * Kotlin: an `enum class` whose entries carry the wire value and the status, an `UNKNOWN` entry, and
 * `fromCode(code: String?)` in the companion object, which returns `UNKNOWN` for codes this build does
 * not know. Entry names are UPPER_SNAKE_CASE (Kotlin's convention for enum constants). Deprecated
 * codes carry `@Deprecated`.
 */
import { memberNames } from './naming.js';
import {
  deprecationText,
  docText,
  entryDocLines,
  headerLines,
  quoted,
  sourceText,
  starDocLines,
  utf16Escape,
  type GenerateInput,
} from './shared.js';

/** The entries and members the enum class defines or inherits (Kotlin's keywords are lower case). */
const RESERVED: ReadonlySet<string> = new Set(['UNKNOWN', 'Companion']);

function literal(text: string): string {
  // `$` starts a template in Kotlin strings.
  return quoted(text, utf16Escape, '$');
}

/** A KDoc block: Kotlin's block comments nest, so comment openers and closers in the text are broken. */
function kdoc(lines: readonly string[], indent: string): string[] {
  return starDocLines(
    lines.map((line) => line.replace(/\*\//g, '*\\/').replace(/\/\*/g, '/\\*')),
    indent,
  );
}

export function generateKotlin(input: GenerateInput): string {
  const type = input.typeName;
  const names = memberNames(
    input.entries.map((e) => e.code),
    'upperSnake',
    RESERVED,
  );
  const lines = [...headerLines(input).map((line) => `// ${line.replace(/\/\*/g, '/\\*')}`), ''];
  if (input.package !== undefined) lines.push(`package ${input.package}`, '');
  lines.push(
    ...kdoc([`Every code of ${docText(input.registry)}, with its wire value and HTTP status.`], ''),
    `enum class ${type}(`,
    "    /** The value of the problem's `code` field. */",
    '    val code: String,',
    '    /** The HTTP status the code is sent with (null for [UNKNOWN]). */',
    '    val status: Int?,',
    ') {',
  );
  input.entries.forEach((entry, i) => {
    const doc = entryDocLines(entry);
    lines.push(...kdoc(doc, '    '));
    if (entry.deprecated) lines.push(`    @Deprecated(${literal(deprecationText(input))})`);
    lines.push(`    ${names[i]}(${literal(entry.code)}, ${entry.status ?? 0}),`);
  });
  lines.push(
    '',
    '    /** A code this build does not know (a newer backend sent it): handle it generically. */',
    '    UNKNOWN("", null),',
    '    ;',
    '',
    '    companion object {',
    `        private val byCode: Map<String, ${type}> = values().filter { it != UNKNOWN }.associateBy { it.code }`,
    '',
    '        /** The entry for a wire value; [UNKNOWN] for null and for codes this build does not know. */',
    `        fun fromCode(code: String?): ${type} = code?.let { byCode[it] } ?: UNKNOWN`,
    '    }',
    '}',
  );
  return sourceText(lines);
}
