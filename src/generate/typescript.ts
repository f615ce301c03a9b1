/**
 * TypeScript: a `const` object of the codes `as const` (member names are the codes), the union type
 * of its values, a status map typed by that union (a code missing from it does not compile), and an
 * `isErrorCode` guard for values from the wire. Deprecated codes carry JSDoc's `@deprecated`.
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

/** Property names in an object literal may be reserved words: only the shape of the name matters here. */
const RESERVED: ReadonlySet<string> = new Set();

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function literal(text: string): string {
  return quoted(text, utf16Escape);
}

/** A property key for a code: bare when it is an identifier; `__proto__` computed, so it stays an own key. */
function key(code: string): string {
  if (code === '__proto__') return '["__proto__"]';
  return IDENTIFIER.test(code) ? code : literal(code);
}

/** A JSDoc block: a comment closer in the text is broken, so the comment ends where it should. */
function jsdoc(lines: readonly string[], indent: string): string[] {
  return starDocLines(
    lines.map((line) => line.replace(/\*\//g, '*\\/')),
    indent,
  );
}

export function generateTypeScript(input: GenerateInput): string {
  const type = input.typeName;
  const names = memberNames(
    input.entries.map((e) => e.code),
    'code',
    RESERVED,
  );
  const lines = [
    ...jsdoc(headerLines(input), ''),
    '',
    ...jsdoc([`Every code of ${docText(input.registry)}, by name.`], ''),
  ];
  lines.push(`export const ${type} = {`);
  input.entries.forEach((entry, i) => {
    const doc = entryDocLines(entry);
    if (entry.deprecated) doc.push('', `@deprecated ${deprecationText(input)}`);
    lines.push(...jsdoc(doc, '  '), `  ${names[i]}: ${literal(entry.code)},`);
  });
  lines.push(
    '} as const;',
    '',
    '/** One of the codes: a `switch` over it with `never` in the default case lists every code to handle. */',
    `export type ${type} = (typeof ${type})[keyof typeof ${type}];`,
    '',
    '/** The HTTP status each code is sent with. */',
    `export const ${type}Status: { readonly [Code in ${type}]: number } = {`,
    ...input.entries.map((entry) => `  ${key(entry.code)}: ${entry.status ?? 0},`),
    '};',
    '',
    `const codes: ReadonlySet<string> = new Set<string>(Object.values(${type}));`,
    '',
    `/** Whether a value (a problem's \`code\` from the wire) is one of the codes this build knows. */`,
    `export function is${type}(value: unknown): value is ${type} {`,
    '  return typeof value === "string" && codes.has(value);',
    '}',
  );
  return sourceText(lines);
}
