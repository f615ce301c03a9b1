/**
 * Dart: what counts as detail branching and handling (docs/scan.md's table), on tree-sitter's Dart
 * grammar as shipped (this also holds the grammar to loading in CI).
 */
import { describe, expect, it } from 'vitest';
import { branches, uses } from './helpers.js';

const fn = (body: string) => `void f(Map<String, dynamic> data, Problem err, String detail) {\n${body}\n}`;

const invalid: [string, string][] = [
  // The real patterns of a Flutter client of a FastAPI backend.
  ["if (data['detail'] == 'LDAP authentication is not enabled') {}", 'comparison'],
  ["if (detail == 'No files found matching the pattern.') return;", 'comparison'],
  ["if (detail.contains('Duplicate content')) {}", 'contains'],
  ["if ('x' != err.detail) {}", 'comparison'],
  ["if (err?.detail == 'x') {}", 'comparison'],
  ["if (err.detail.startsWith('No files')) {}", 'startsWith'],
  ["if (err.detail.endsWith('.')) {}", 'endsWith'],
  ["if (RegExp('Dup').hasMatch(err.detail)) {}", 'regex match'],
  ["if (['a', 'b'].contains(err.detail)) {}", 'contains'],
  ["switch (detail) { case 'x': break; }", 'switch'],
  ["final s = switch (err.detail) { 'x' => 1, _ => 2 };", 'switch'],
  ['final m = messages[err.detail];', 'lookup'],
  // Spelt with escapes, it is still the detail.
  ["if (data['d\\u0065tail'] == 'x') {}", 'comparison'],
];

const valid: string[] = [
  // A widget's own detail property, shown or compared: not a problem's.
  "if (widget.detail == 'compact') {}",
  'return Text(widget.detail);',
  // Display and presence.
  'showSnackBar(err.detail);',
  'if (detail.isEmpty) return;',
  "final text = err.detail ?? 'Something went wrong';",
  // Against runtime values.
  'if (err.detail == previous.detail) return;',
  'if (detail.contains(query)) {}',
  // Other names; interpolated text is not fixed text.
  "if (err.details == 'x') {}",
  "if (detail == 'x $name') {}",
  // A raw string's backslash is a backslash.
  "if (data[r'd\\u0065tail'] == 'x') {}",
  // A doc comment that mentions a comparison.
  "/// Never write detail == 'x'.\nvar x = 1;",
];

describe('Dart detail branching', () => {
  it.each(invalid)('reports %j', async (body, how) => {
    expect(await branches('dart', fn(body))).toEqual([how]);
  });
  it.each(valid)('does not report %j', async (body) => {
    expect(await branches('dart', fn(body))).toEqual([]);
  });
});

describe('Dart handling and raising', () => {
  it.each([
    ["if (err.code == 'AUTH_UNAUTHORIZED') logout();", ['handle AUTH_UNAUTHORIZED']],
    ["if (data['code'] != 'AUTH_A') {}", ['handle AUTH_A']],
    ["switch (err.code) { case 'AUTH_A': case 'AUTH_B': break; }", ['handle AUTH_A', 'handle AUTH_B']],
    ["final s = switch (err.code) { 'AUTH_A' => 1, _ => 2 };", ['handle AUTH_A']],
    ["if (err.code case 'AUTH_A') {}", ['handle AUTH_A']],
    ["if (['AUTH_A', 'AUTH_B'].contains(err.code)) {}", ['handle AUTH_A', 'handle AUTH_B']],
    ['// error-registry: handles AUTH_X\nhandle(err.code);', ['handle AUTH_X']],
  ])('%j', async (body, expected) => {
    expect(await uses('dart', fn(body))).toEqual(expected);
  });

  it('handles the keys of a map looked up by a code', async () => {
    const source = `const messages = {'AUTH_A': 'Sign in', 'AUTH_B': 'Wait'};\n${fn('final m = messages[err.code];')}`;
    expect(await uses('dart', source)).toEqual(['handle AUTH_A', 'handle AUTH_B']);
  });

  it('takes raising only from producer sources', async () => {
    const source = fn("throw ApiError('AUTH_A');\nfinal p = {'code': 'AUTH_B'};");
    expect(await uses('dart', source, 'producer')).toEqual(['raise AUTH_A', 'raise AUTH_B']);
    expect(await uses('dart', source, 'consumer')).toEqual([]);
  });

  it('ignores the line after error-registry-ignore-next-line', async () => {
    const body = "// error-registry-ignore-next-line\nif (detail == 'x') {}\nif (detail == 'y') {}";
    expect(await branches('dart', fn(body))).toEqual(['comparison']);
  });
});
