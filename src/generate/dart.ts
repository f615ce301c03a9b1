/**
 * Dart: an enhanced `enum` (Dart 2.17+) whose members carry the wire value and the status, an
 * `unknown` member, and `fromCode(String? code)`, which returns `unknown` for a code this build does
 * not know: a new backend code must not crash an old app. Deprecated codes carry `@Deprecated`.
 */
import { memberNames } from './naming.js';
import {
  deprecationText,
  docText,
  entryDocLines,
  headerLines,
  quoted,
  slashDocLines,
  sourceText,
  type GenerateInput,
} from './shared.js';

/** Dart's reserved words and built-in identifiers, and the names the enum defines or inherits. */
const RESERVED: ReadonlySet<string> = new Set(
  (
    'abstract as assert async await base break case catch class const continue covariant default deferred do ' +
    'dynamic else enum export extends extension external factory false final finally for Function get hide if ' +
    'implements import in interface is late library mixin new null of on operator part required rethrow return ' +
    'sealed set show static super switch sync this throw true try type typedef var void when while with yield ' +
    'values index name hashCode runtimeType toString noSuchMethod code status fromCode unknown byCode'
  ).split(' '),
);

function literal(text: string): string {
  // `$` starts an interpolation in Dart strings.
  return quoted(text, (point) => `\\u{${point.toString(16)}}`, '$', "'");
}

function docLines(lines: readonly string[]): string[] {
  return slashDocLines(lines, '  ');
}

export function generateDart(input: GenerateInput): string {
  const type = input.typeName;
  const names = memberNames(
    input.entries.map((e) => e.code),
    'lowerCamel',
    RESERVED,
  );
  const lines = [
    ...headerLines(input).map((line) => `// ${line}`),
    '',
    `/// Every code of ${docText(input.registry)}, with its wire value and HTTP status.`,
    `enum ${type} {`,
  ];
  input.entries.forEach((entry, i) => {
    lines.push(...docLines(entryDocLines(entry)));
    if (entry.deprecated) lines.push(`  @Deprecated(${literal(deprecationText(input))})`);
    lines.push(`  ${names[i]}(${literal(entry.code)}, ${entry.status ?? 0}),`);
  });
  lines.push(
    '',
    '  /// A code this build does not know (a newer backend sent it): handle it generically.',
    `  unknown('', null);`,
    '',
    `  const ${type}(this.code, this.status);`,
    '',
    "  /// The value of the problem's `code` field.",
    '  final String code;',
    '',
    '  /// The HTTP status the code is sent with (null for [unknown]).',
    '  final int? status;',
    '',
    `  static final Map<String, ${type}> _byCode = {`,
    `    for (final value in values)`,
    `      if (value != unknown) value.code: value,`,
    '  };',
    '',
    '  /// The member for a wire value; [unknown] for null and for codes this build does not know.',
    `  static ${type} fromCode(String? code) => code == null ? unknown : (_byCode[code] ?? unknown);`,
    '}',
  );
  return sourceText(lines);
}
