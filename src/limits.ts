/**
 * How much the tool reads of anything, in one place: every file is refused above its limit before
 * its bytes are read (src/files/read.ts), every git object before its content is (src/git/objects.ts),
 * and git's other output is cut off at a limit. Pure: no I/O here, so checks/ may use the texts.
 */

export const MiB = 1024 * 1024;

/** A registry revision, file or git object (the parser's DEFAULT_MAX_BYTES: a test holds them equal). */
export const REGISTRY_MAX_BYTES = 10 * MiB;
/** A snapshot JSON file: a registry at its limit, pretty-printed, with room to spare. */
export const SNAPSHOT_MAX_BYTES = 64 * MiB;
/** The config file, or the package.json that may hold the config (or the package's own). */
export const CONFIG_MAX_BYTES = 4 * MiB;
/** A generated source file `check` and `generate --check` compare (config `generate`): a registry at its limit, in the wordiest language. */
export const GENERATED_MAX_BYTES = 64 * MiB;
/** A CI event payload (GITHUB_EVENT_PATH). */
export const EVENT_MAX_BYTES = 32 * MiB;
/** A git hook or lefthook file `hook install` edits. */
export const HOOK_MAX_BYTES = 1 * MiB;
/** Any git object read through `cat-file --batch`: larger ones are skipped unread (and refused where needed). */
export const GIT_OBJECT_MAX_BYTES = REGISTRY_MAX_BYTES;
/**
 * One diff-tree record (audit's patches): past this, that revision and the ones after it are read as
 * blobs (size-checked) instead. Room for a whole registry at its limit replaced by another.
 */
export const PATCH_RECORD_MAX_BYTES = 2 * REGISTRY_MAX_BYTES;
/** A source file `scan` reads: larger ones (bundles, generated code) are refused, not skipped. */
export const SOURCE_MAX_BYTES = 2 * MiB;
/** The output of any other git command (log, ls-tree, rev-parse...). */
export const GIT_OUTPUT_MAX_BYTES = 64 * MiB;

/** `50.0 MiB`, `512 bytes`: how the parser words sizes. */
export function sizeText(n: number): string {
  return n >= MiB ? `${(n / MiB).toFixed(1)} MiB` : `${n} bytes`;
}

/** `10 MiB` for a whole number of MiB, else as sizeText. */
export function limitText(n: number): string {
  return n >= MiB && n % MiB === 0 ? `${n / MiB} MiB` : sizeText(n);
}

/** The parser's words for a revision over its limit (parse.ts's decode). */
export function tooLargeText(size: number, limit: number): string {
  return `file is ${sizeText(size)}, over the ${sizeText(limit)} limit: is it the right file?`;
}
