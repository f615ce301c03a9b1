/**
 * Swift: an `enum` with a `String` raw value (the wire value) per case, the status as a computed
 * property (from a table by wire value, so that no deprecated case is named), an `unknown` case, and `init(code:)`, which gives `.unknown` for codes this build does
 * not know. Case names are lowerCamelCase. Deprecated codes carry `@available(*, deprecated, …)`.
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

/** Swift's keywords, and the members the enum defines or inherits. */
const RESERVED: ReadonlySet<string> = new Set(
  (
    'associatedtype class deinit enum extension fileprivate func import init inout internal let open operator ' +
    'private precedencegroup protocol public rethrows static struct subscript typealias var break case catch ' +
    'continue default defer do else fallthrough for guard if in repeat return throw switch where while Any as ' +
    'await false is nil self Self super throws true try some any Type Protocol async ' +
    'unknown status rawValue allCases hashValue description code'
  ).split(' '),
);

function literal(text: string): string {
  return quoted(text, (point) => `\\u{${point.toString(16)}}`);
}

function docLines(lines: readonly string[]): string[] {
  return slashDocLines(lines, '    ');
}

export function generateSwift(input: GenerateInput): string {
  const type = input.typeName;
  const names = memberNames(
    input.entries.map((e) => e.code),
    'lowerCamel',
    RESERVED,
  );
  const lines = [
    ...headerLines(input).map((line) => `// ${line}`),
    '',
    `/// Every code of ${docText(input.registry)}: the raw value is the wire value.`,
    `public enum ${type}: String, CaseIterable, Sendable {`,
  ];
  input.entries.forEach((entry, i) => {
    lines.push(...docLines(entryDocLines(entry)));
    if (entry.deprecated) lines.push(`    @available(*, deprecated, message: ${literal(deprecationText(input))})`);
    lines.push(`    case ${names[i]} = ${literal(entry.code)}`);
  });
  lines.push(
    '',
    '    /// A code this build does not know (a newer backend sent it): handle it generically.',
    '    case unknown = ""',
    '',
    '    /// The case for a wire value; `.unknown` for nil and for codes this build does not know.',
    '    public init(code: String?) {',
    `        self = code.flatMap { ${type}(rawValue: $0) } ?? .unknown`,
    '    }',
    '',
    '    /// The HTTP status the code is sent with (nil for `.unknown`).',
    '    public var status: Int? { Self.statuses[rawValue] }',
    '',
    // By wire value, not by case: naming a deprecated case here would warn in every build.
  );
  if (input.entries.length === 0) lines.push('    private static let statuses: [String: Int] = [:]');
  else
    lines.push(
      '    private static let statuses: [String: Int] = [',
      ...input.entries.map((entry) => `        ${literal(entry.code)}: ${entry.status ?? 0},`),
      '    ]',
    );
  lines.push('}');
  return sourceText(lines);
}
