/**
 * Python: what counts as detail branching, raising and handling (docs/scan.md's table), on
 * tree-sitter's Python grammar as shipped (this also holds the grammar to loading in CI).
 */
import { describe, expect, it } from 'vitest';
import { branches, uses } from './helpers.js';

const invalid: [string, string][] = [
  // The real patterns: a backend or script deciding on another service's problem detail.
  ['if detail == "LDAP authentication is not enabled":\n    pass', 'comparison'],
  ['if "LDAP authentication is not enabled" != detail:\n    pass', 'comparison'],
  ['if data["detail"] == "No files found matching the pattern.":\n    pass', 'comparison'],
  ['if "Duplicate content" in err.detail:\n    pass', 'in'],
  ['if err.detail in ("a", "b"):\n    pass', 'in'],
  ['if body.get("detail") == "x":\n    pass', 'comparison'],
  ['if problem.detail.startswith("No files"):\n    pass', 'startswith'],
  ['if problem.detail.endswith("."):\n    pass', 'endswith'],
  ['if re.match(r"^Dup", problem.detail):\n    pass', 'regex match'],
  ['if PATTERN.search(detail):\n    pass', 'regex match'],
  ['match detail:\n    case "x":\n        pass', 'match/case'],
  ['MESSAGES = {"x": 1}\nvalue = MESSAGES[problem.detail]', 'lookup'],
  ['value = MESSAGES.get(problem.detail)', 'lookup'],
  // Spelt with escapes, it is still the detail.
  ['if data["d\\x65tail"] == "x":\n    pass', 'comparison'],
];

const valid: string[] = [
  // A docstring that mentions detail == "x" is text, not code.
  'def f():\n    """Compare detail == "x" and "y" in detail."""\n    return 1',
  // Test assertions state what the text is.
  'assert response.json()["detail"] == "LDAP authentication is not enabled"',
  // Display, logging, presence.
  'logger.error("failed: %s", err.detail)',
  'if err.detail:\n    show(err.detail)',
  'message = err.detail or "Something went wrong"',
  // Building a problem is not deciding on one.
  'raise HTTPException(status_code=400, detail="LDAP authentication is not enabled")',
  // Against runtime values, not fixed text.
  'if err.detail == previous.detail:\n    pass',
  // An object's own attribute.
  'if self.detail == "x":\n    pass',
  // Writing a lookup table.
  'seen[err.detail] = True',
  // Other names; a raw string's backslash is a backslash.
  'if err.details == "x":\n    pass',
  'if data[r"d\\x65tail"] == "x":\n    pass',
];

describe('Python detail branching', () => {
  it.each(invalid)('reports %j', async (source, how) => {
    expect(await branches('python', source)).toEqual([how]);
  });
  it.each(valid)('does not report %j', async (source) => {
    expect(await branches('python', source)).toEqual([]);
  });
});

describe('Python raising and handling', () => {
  it.each([
    ['raise HTTPException(status_code=401, detail={"code": "AUTH_UNAUTHORIZED"})', ['raise AUTH_UNAUTHORIZED']],
    ['raise ApiError(code="AUTH_UNAUTHORIZED")', ['raise AUTH_UNAUTHORIZED']],
    ['return JSONResponse(content={"error_code": "INTERNAL_ERROR"})', ['raise INTERNAL_ERROR']],
    ['raise ApiError("AUTH_UNAUTHORIZED", 401, "Missing credentials")', ['raise AUTH_UNAUTHORIZED']],
    ['class Code(str, Enum):\n    A = "AUTH_UNAUTHORIZED"\n    B = "not a code"', ['raise AUTH_UNAUTHORIZED']],
    ['# error-registry: raises AUTH_X, AUTH_Y\nraise ApiError(code)', ['raise AUTH_X', 'raise AUTH_Y']],
    ['if err.code == "AUTH_UNAUTHORIZED":\n    logout()', ['handle AUTH_UNAUTHORIZED']],
    ['if body["code"] in ("AUTH_A", "AUTH_B"):\n    pass', ['handle AUTH_A', 'handle AUTH_B']],
    ['match err.code:\n    case "AUTH_A":\n        pass', ['handle AUTH_A']],
    ['MESSAGES = {"AUTH_A": "x"}\ndef f(e):\n    return MESSAGES[e.code]', ['handle AUTH_A']],
  ])('%j', async (source, expected) => {
    expect(await uses('python', source, 'producer')).toEqual(expected);
  });

  it('takes raising only from producer sources', async () => {
    expect(await uses('python', 'raise ApiError(code="AUTH_A")', 'consumer')).toEqual([]);
  });

  it('does not take a string that is not a code for one', async () => {
    expect(await uses('python', 'class Color(Enum):\n    RED = "red"\nx = {"name": "AUTH_X"}', 'producer')).toEqual([]);
    // An enum member is raising only in a class that is an Enum.
    expect(await uses('python', 'class Settings:\n    MODE = "AUTH_X"', 'producer')).toEqual([]);
  });

  it('ignores the line after error-registry-ignore-next-line', async () => {
    const source = '# error-registry-ignore-next-line\nif detail == "x":\n    pass\nif detail == "y":\n    pass';
    expect(await branches('python', source)).toEqual(['comparison']);
  });
});
