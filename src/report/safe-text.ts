/**
 * Text from a registry, config, snapshot or git (codes, meanings, reasons, paths, author names) made
 * safe to print: control characters become `\u001b`-style escapes, so none of it can drive a
 * terminal (colours, hidden text, window titles, OSC 52 clipboard writes, clearing the screen) or,
 * by a line break, start a line of its own (a CI runner's workflow command). The text, markdown and
 * GitHub formats escape the whole report before they lay it out; the CLI escapes every message.
 */
import type { Report } from './types.js';

/**
 * C0 and C1 controls and DEL; the Unicode line and paragraph separators; and the bidirectional
 * embeddings, overrides and isolates, which reorder how a line shows.
 */
/* eslint-disable no-control-regex -- matching control characters is the point */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** The same but CR and LF, for formats that turn line breaks into their own markup (`<br>`, `%0A`). */
const UNSAFE_BUT_BREAKS =
  /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/* eslint-enable no-control-regex */

/** What JSON.stringify leaves raw of the above (it escapes C0 itself; its own line breaks are layout). */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escapeOne(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** `text` with every control character escaped (`\u001b`); CR and LF kept with `keepBreaks`. */
export function escapeControls(text: string, keepBreaks = false): string {
  return text.replace(keepBreaks ? UNSAFE_BUT_BREAKS : UNSAFE, escapeOne);
}

/** Each line of `text` escaped, the line breaks between them kept: command output made of lines. */
export function escapeLines(text: string): string {
  return text
    .split('\n')
    .map((line) => escapeControls(line))
    .join('\n');
}

/**
 * Pretty JSON with nothing raw that a terminal acts on: JSON.stringify escapes C0 characters, and
 * this the rest the escapes above cover (DEL, C1, the separators, bidi controls), as JSON's own
 * `\u` escapes. Such characters occur only inside strings, so the data parsed back is unchanged.
 */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(UNSAFE_IN_JSON, escapeOne)}\n`;
}

function mapStrings(value: unknown, f: (text: string) => string): unknown {
  if (typeof value === 'string') return f(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, f));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, f)]));
  return value;
}

/** A copy of the report with every string in it escaped as escapeControls does. */
export function safeReport(report: Report, keepBreaks = false): Report {
  return mapStrings(report, (text) => escapeControls(text, keepBreaks)) as Report;
}
