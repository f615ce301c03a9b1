/**
 * Strike-through as GitHub reads it (cmark-gfm's strikethrough extension), in place of
 * markdown-it's: a run of one or two tildes may open or close (`~x~`, `~~x~~`), a run of three or
 * more is plain text, and a closer takes the nearest opener before it, as cmark-gfm's delimiter
 * algorithm finds it (`process_emphasis`); when the two runs differ in length, nothing is struck
 * and both stay text. markdown-it's own pairing (balance_pairs) differs there, so the tildes are
 * kept out of it and paired here, after it.
 */
import type MarkdownItType from 'markdown-it';
import type StateInline from 'markdown-it/lib/rules_inline/state_inline.mjs';
import type { Delimiter } from 'markdown-it/lib/rules_inline/state_inline.mjs';

const TILDE = 0x7e;

/** A run of tildes: a delimiter that markdown-it's pairing ignores (it can neither open nor close there). */
interface TildeRun extends Delimiter {
  canOpen: boolean;
  canClose: boolean;
}

function tokenize(state: StateInline, silent: boolean): boolean {
  if (silent || state.src.charCodeAt(state.pos) !== TILDE) return false;
  const scanned = state.scanDelims(state.pos, true);
  const token = state.push('text', '', 0);
  token.content = '~'.repeat(scanned.length);
  if (scanned.length <= 2) {
    const run: TildeRun = {
      marker: TILDE,
      length: scanned.length,
      token: state.tokens.length - 1,
      end: -1,
      open: false,
      close: false,
      canOpen: scanned.can_open,
      canClose: scanned.can_close,
    };
    state.delimiters.push(run);
  }
  state.pos += scanned.length;
  return true;
}

/** cmark-gfm's process_emphasis, for tildes alone. */
function pairUp(state: StateInline, delimiters: Delimiter[]): void {
  const runs = delimiters.filter((d): d is TildeRun => d.marker === TILDE && 'canOpen' in d);
  const alive = runs.map(() => true);
  const bottom = [-1, -1, -1]; // by the closer's length % 3: below it no opener is looked for
  for (let c = 0; c < runs.length; c++) {
    const closer = runs[c]!;
    if (!alive[c] || !closer.canClose) continue;
    let found = -1;
    for (let o = c - 1; o > bottom[closer.length % 3]!; o--) {
      const opener = runs[o]!;
      if (!alive[o] || !opener.canOpen) continue;
      if (!(closer.canOpen || opener.canClose) || (opener.length + closer.length) % 3 !== 0) {
        found = o;
        break;
      }
    }
    if (found === -1) {
      bottom[closer.length % 3] = c - 1;
      if (!closer.canOpen) alive[c] = false;
      continue;
    }
    const opener = runs[found]!;
    if (opener.length !== closer.length) continue; // cmark-gfm's insert declines: both stay text
    const markup = '~'.repeat(opener.length);
    Object.assign(state.tokens[opener.token]!, { type: 's_open', tag: 'del', nesting: 1, markup, content: '' });
    Object.assign(state.tokens[closer.token]!, { type: 's_close', tag: 'del', nesting: -1, markup, content: '' });
    alive.fill(false, found, c + 1);
  }
}

function postProcess(state: StateInline): boolean {
  pairUp(state, state.delimiters);
  for (const meta of state.tokens_meta) if (meta?.delimiters) pairUp(state, meta.delimiters);
  return false;
}

/** Replaces markdown-it's strikethrough rule with GitHub's. */
export function gfmStrikethrough(md: MarkdownItType): void {
  md.inline.ruler.at('strikethrough', tokenize);
  md.inline.ruler2.at('strikethrough', postProcess);
}
