/**
 * Member names from codes, by each language's conventions: the code itself where it is already an
 * identifier of the usual shape (TypeScript, Python), UPPER_SNAKE_CASE for Kotlin's enum entries,
 * lowerCamelCase for Dart and Swift (`AUTH_USER_NOT_FOUND` → `authUserNotFound`).
 *
 * Whatever the code format allows (lowercase, dots, dashes, a leading digit, letters outside ASCII),
 * the name is an ASCII identifier; a name that is a reserved word of the language, or a member the
 * generated type defines itself (`unknown`, `status`, `fromCode`…), gets a trailing `_`; codes whose
 * names collide keep them in registry order: the first keeps the name, each later one gets the
 * lowest free number (`authUser`, `authUser2`). Two codes never share a name.
 */

export type NamingStyle = 'code' | 'upperSnake' | 'lowerCamel';

/** The words of a code: ASCII letter and digit runs, split at separators and at lower-to-upper steps. */
export function codeWords(code: string): string[] {
  return code
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '');
}

/** The name a code would have in a style, before reserved words and collisions are considered. */
export function baseName(code: string, style: NamingStyle): string {
  let name: string;
  if (style === 'code') {
    name = code.replace(/[^A-Za-z0-9_]+/g, '_');
    // A name must start with a letter: never `_x` (private or special in Python, `__proto__` in JS).
    if (!/^[A-Za-z]/.test(name)) name = `CODE_${name.replace(/^_+/, '')}`;
    return name === 'CODE_' ? 'CODE' : name;
  }
  const words = codeWords(code);
  if (style === 'upperSnake') {
    name = words.map((w) => w.toUpperCase()).join('_');
    return /^[A-Z]/.test(name) ? name : name === '' ? 'CODE' : `CODE_${name}`;
  }
  name = words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase())).join('');
  return /^[a-z]/.test(name) ? name : `code${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}

/**
 * Names for every code, in the order given: each an identifier of the style, none reserved, all
 * different. `reserved` holds the language's keywords and the generated type's own members.
 */
export function memberNames(codes: readonly string[], style: NamingStyle, reserved: ReadonlySet<string>): string[] {
  const wanted = codes.map((code) => {
    let name = baseName(code, style);
    while (reserved.has(name)) name = `${name}_`;
    return name;
  });
  // Every wanted name is kept by the first code that wants it; later ones get numbers no code wants.
  const taken = new Set(wanted);
  const seen = new Set<string>();
  return wanted.map((name) => {
    if (!seen.has(name)) {
      seen.add(name);
      return name;
    }
    const separator = style === 'lowerCamel' ? '' : '_';
    let n = 2;
    while (taken.has(`${name}${separator}${n}`) || reserved.has(`${name}${separator}${n}`)) n += 1;
    const numbered = `${name}${separator}${n}`;
    taken.add(numbered);
    return numbered;
  });
}
