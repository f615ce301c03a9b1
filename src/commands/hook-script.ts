/**
 * The shell text of the pre-commit hook (plain git and husky). Pure: `hook.ts` finds what it names.
 *
 * Unrelated commits do not start node: the hook first asks git, in shell, whether a registry, a
 * snapshot or the config is staged (`git diff --cached --quiet -- PATHS`; under `git commit -a` or
 * `git commit PATH` git sets GIT_INDEX_FILE, which that honours). Only then does it run the check,
 * from the install it was installed from (a monorepo's `frontend/node_modules`), or the nearest one
 * up from the config, or one on PATH.
 */
export const MARK_BEGIN = '# >>> error-registry-guard >>>';
export const MARK_END = '# <<< error-registry-guard <<<';
/** The command every hook flavour runs: a no-op unless a registry, snapshot or the config is staged. */
export const HOOK_COMMAND = 'check --staged --only-if-staged';

export interface HookPlan {
  /** Executables to try in order, relative to the repository root (where git runs hooks). */
  bins: string[];
  /** Paths whose staging starts the check: registries, snapshot folders (`dir/`), the config. */
  watched: string[];
  /** The config file relative to the root, when it is not found from the root (`--config`). */
  config?: string;
}

/** A word for sh: single-quoted, with its own quotes escaped. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function hookBlock(plan: HookPlan): string {
  const command = `${HOOK_COMMAND}${plan.config ? ` --config ${shellQuote(plan.config)}` : ''}`;
  const where = plan.bins.map((b) => b.replace(/\/\.bin\/error-registry-guard$/, '')).join(', ');
  return [
    MARK_BEGIN,
    '# Judges the staged error-code registry; skip once with git commit --no-verify.',
    '# Re-run `error-registry-guard hook install` after moving a registry or its snapshots.',
    `if ! git --literal-pathspecs diff --cached --quiet -- ${plan.watched.map(shellQuote).join(' ')}; then`,
    "  erg=''",
    `  for candidate in ${plan.bins.map(shellQuote).join(' ')}; do`,
    '    if [ -x "$candidate" ]; then erg=$candidate; break; fi',
    '  done',
    '  if [ -z "$erg" ] && command -v error-registry-guard >/dev/null 2>&1; then erg=error-registry-guard; fi',
    '  if [ -z "$erg" ]; then',
    `    echo ${shellQuote(`error-registry-guard is not installed here (looked in ${where}): run npm install (git commit --no-verify skips the check once)`)} >&2`,
    '    exit 1',
    '  fi',
    `  "$erg" ${command} || exit $?`,
    'fi',
    MARK_END,
  ].join('\n');
}

export function removeBlock(text: string): string {
  const start = text.indexOf(MARK_BEGIN);
  const end = text.indexOf(MARK_END);
  if (start === -1 || end === -1) return text;
  return (text.slice(0, start).replace(/\n+$/, '\n') + text.slice(end + MARK_END.length).replace(/^\n+/, '')).replace(
    /^\n+$/,
    '',
  );
}

/** `text` with our block replaced by `block` (the hook is refreshed in place). */
export function replaceBlock(text: string, block: string): string {
  const start = text.indexOf(MARK_BEGIN);
  const end = text.indexOf(MARK_END);
  if (start === -1 || end === -1) return text;
  return text.slice(0, start) + block + text.slice(end + MARK_END.length);
}
