/** How the checks compare registry text: cosmetic differences are never findings. */

/**
 * Cosmetic differences are never findings: whitespace, letter case, a trailing period. (Inline
 * formatting, backticks, CRLF and BOM are already gone from the model's plain text.)
 */
export function normaliseText(text: string): string {
  const folded = text.replace(/\s+/g, ' ').trim().toLowerCase();
  let end = folded.length;
  while (end > 0 && (folded[end - 1] === '.' || folded[end - 1] === ' ')) end--;
  return folded.slice(0, end);
}

/** Equal after normalising; the plain comparison first, since nearly all texts are unchanged. */
export function sameText(a: string, b: string): boolean {
  return a === b || normaliseText(a) === normaliseText(b);
}
