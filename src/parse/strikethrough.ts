/**
 * Strike-through as GitHub reads it (cmark-gfm's strikethrough extension), in place of
 * markdown-it's: a run of one or two tildes opens or closes (`~x~`, `~~x~~`), an opener pairs only
 * with a closer of its own length, and a run of three or more is plain text. Flanking is decided
 * as for emphasis (markdown-it's scanDelims, as cmark-gfm's scan_delimiters). Built on
 * markdown-it's delimiter pairing (balance_pairs); only the tokens differ from its own rule.
 */
import type MarkdownItType from 'markdown-it';
import type StateInline from 'markdown-it/lib/rules_inline/state_inline.mjs';
import type { Delimiter } from 'markdown-it/lib/rules_inline/state_inline.mjs';

const TILDE = 0x7e;
/** Delimiters pair by marker: runs of two tildes get a marker of their own, so that only equal runs pair. */
const DOUBLE_TILDE = 0x7e7e;

function tokenize(state: StateInline, silent: boolean): boolean {
  if (silent || state.src.charCodeAt(state.pos) !== TILDE) return false;
  const scanned = state.scanDelims(state.pos, true);
  const token = state.push('text', '', 0);
  token.content = '~'.repeat(scanned.length);
  if (scanned.length <= 2) {
    state.delimiters.push({
      marker: scanned.length === 1 ? TILDE : DOUBLE_TILDE,
      length: 0, // no "rule of 3": that is for emphasis
      token: state.tokens.length - 1,
      end: -1,
      open: scanned.can_open,
      close: scanned.can_close,
    });
  }
  state.pos += scanned.length;
  return true;
}

function pairUp(state: StateInline, delimiters: Delimiter[]): void {
  for (const start of delimiters) {
    if ((start.marker !== TILDE && start.marker !== DOUBLE_TILDE) || start.end === -1) continue;
    const open = state.tokens[start.token]!;
    const close = state.tokens[delimiters[start.end]!.token]!;
    const markup = open.content;
    Object.assign(open, { type: 's_open', tag: 'del', nesting: 1, markup, content: '' });
    Object.assign(close, { type: 's_close', tag: 'del', nesting: -1, markup, content: '' });
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
