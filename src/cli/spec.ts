/**
 * The CLI's one table of commands and flags: `--help`, `<command> --help`, which flags a command
 * takes, and the "did you mean" of a mistyped command or flag all read it. A new command is one new
 * entry in COMMANDS (and its case in cli.ts); a new flag one entry in FLAGS.
 */
import type * as Levenshtein from 'fastest-levenshtein';
import { lazyRequire } from '../lazy-require.js';
import { FORMAT_NAMES } from '../report/formats.js';

export const NAME = 'error-registry-guard';

export interface FlagSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** The value's placeholder in help (`REF`, `FILE`). */
  value?: string;
  help: string;
}

export const FLAGS = {
  format: {
    type: 'string',
    value: 'FORMAT',
    help: `${FORMAT_NAMES.map((name) => (name === 'text' ? 'text (default)' : name)).join(', ')}`,
  },
  'fail-on': {
    type: 'string',
    value: 'LEVEL',
    help: 'error (default), warning or info: the lowest severity that fails the run',
  },
  verbose: { type: 'boolean', help: 'text format: list info findings one a line (by default one line per rule)' },
  staged: { type: 'boolean', help: 'judge the staged index, against HEAD (for pre-commit hooks)' },
  'only-if-staged': {
    type: 'boolean',
    help: 'with --staged: do nothing unless a registry, snapshot or the config is staged',
  },
  base: { type: 'string', value: 'REF', help: 'compare with this git ref instead of the detected base' },
  fetch: { type: 'boolean', help: "in CI, fetch a pull request's base commit missing from a shallow clone" },
  release: { type: 'string', value: 'X.Y.Z', help: 'use this version instead of the computed semver bump' },
  check: { type: 'boolean', help: 'write nothing; exit 1 listing each stale file with a unified diff' },
  registry: { type: 'string', value: 'PATH', help: 'only this configured registry' },
  config: { type: 'string', value: 'FILE', help: 'use this config file instead of searching for one' },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
  version: { type: 'boolean', short: 'v', help: 'show the version' },
} as const satisfies Record<string, FlagSpec>;

export type FlagName = keyof typeof FLAGS;

/** Flags every command takes. */
const GLOBAL: readonly FlagName[] = ['config', 'help', 'version'];
/** Flags of the commands that print a report. */
const REPORTING: readonly FlagName[] = ['format', 'fail-on', 'verbose'];

export interface CommandSpec {
  name: string;
  /** What follows the command name, e.g. `OLD NEW`. */
  usage: string;
  summary: string;
  /** Lines that explain the arguments (none when it takes none). */
  args: readonly string[];
  flags: readonly FlagName[];
  /** Flags whose help reads differently for this command. */
  flagHelp?: Partial<Record<FlagName, string>>;
  examples: readonly string[];
}

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'lint',
    usage: '[PATH]',
    summary: 'lint one registry revision',
    args: ['PATH  a markdown registry (defaults to the configured registry)'],
    flags: REPORTING,
    examples: ['lint', 'lint docs/protocols/common/http-error-codes.md --format json'],
  },
  {
    name: 'diff',
    usage: 'OLD NEW',
    summary: 'compare two revisions of a registry',
    args: [
      'OLD, NEW  each a markdown file, a snapshot JSON file or a git object (HEAD:docs/x.md; :docs/x.md is the',
      '          staged index); or two git refs (diff HEAD~1 HEAD): the configured registry at both',
    ],
    flags: [...REPORTING, 'registry'],
    flagHelp: { registry: 'with two refs: only this configured registry' },
    examples: [
      'diff HEAD~1 HEAD',
      'diff snapshots/1.0.0.json docs/protocols/common/http-error-codes.md',
      'diff main:docs/errors.md :docs/errors.md',
    ],
  },
  {
    name: 'check',
    usage: '',
    summary: 'the gate: the registry against the git base, the latest snapshot and the ledger',
    args: [],
    flags: [...REPORTING, 'staged', 'only-if-staged', 'base', 'fetch', 'registry'],
    flagHelp: { registry: 'only this configured registry (as configured)' },
    examples: ['check', 'check --staged', 'check --base origin/main --format sarif > report.sarif'],
  },
  {
    name: 'snapshot',
    usage: '',
    summary: 'record the registry as a new released version in the snapshot ledger',
    args: [],
    flags: [...REPORTING, 'release', 'registry'],
    examples: ['snapshot', 'snapshot --release 2.0.0'],
  },
  {
    name: 'audit',
    usage: '',
    summary: "report every compatibility break in the registry's git history",
    args: [],
    flags: [...REPORTING, 'registry'],
    examples: ['audit', 'audit --format markdown > audit.md'],
  },
  {
    name: 'scan',
    usage: '[PATH...]',
    summary: 'relate the registry to the code that raises and handles it',
    args: ['PATH  source files or folders to scan (default: the config\'s "sources")'],
    flags: REPORTING,
    examples: ['scan', 'scan app/lib --format json', 'scan --format markdown > usage.md'],
  },
  {
    name: 'init',
    usage: '',
    summary: 'write a config file and the first snapshot',
    args: [],
    flags: ['registry'],
    flagHelp: { registry: 'the registry to configure (when none or several are found)' },
    examples: ['init', 'init --registry docs/errors.md'],
  },
  {
    name: 'generate',
    usage: '',
    summary: 'write the typed codes config "generate" lists (TypeScript, Dart, Python, Kotlin, Swift)',
    args: [],
    flags: ['format', 'check', 'registry'],
    flagHelp: { format: 'text (default) or json' },
    examples: ['generate', 'generate --check', 'generate --registry docs/errors.md --format json'],
  },
  {
    name: 'hook',
    usage: 'install|uninstall',
    summary: 'add or remove the pre-commit hook (plain git, husky or lefthook)',
    args: [
      'install    add the hook (runs check --staged when a registry, snapshot or the config is staged)',
      'uninstall  remove it',
    ],
    flags: [],
    examples: ['hook install', 'hook uninstall'],
  },
];

export function commandSpec(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}

/** The flags a command accepts. */
export function flagsOf(command: CommandSpec): FlagName[] {
  return [...command.flags, ...GLOBAL];
}

function flagLine(name: FlagName, help: string): string {
  const spec: FlagSpec = FLAGS[name];
  const left = `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.value ? ` ${spec.value}` : ''}`;
  return `  ${left.padEnd(24)} ${help}`;
}

const FOOTER = `Exit codes: 0 ok, 1 findings at or above --fail-on, 2 usage, config, I/O or git error.
Docs: https://github.com/error-registry-guard/error-registry-guard#readme`;

export function generalHelp(): string {
  const commands = COMMANDS.map((c) => `  ${`${c.name} ${c.usage}`.trim().padEnd(24)} ${c.summary}`);
  const flags = (Object.keys(FLAGS) as FlagName[]).map((name) => flagLine(name, FLAGS[name].help));
  return [
    `Usage: ${NAME} <command> [options]`,
    '',
    'Commands:',
    ...commands,
    '',
    'Options (which command takes which: <command> --help):',
    ...flags,
    '',
    FOOTER,
  ].join('\n');
}

export function commandHelp(command: CommandSpec): string {
  const lines = [
    `Usage: ${NAME} ${command.name}${command.usage ? ` ${command.usage}` : ''} [options]`,
    '',
    command.summary,
  ];
  if (command.args.length > 0) lines.push('', 'Arguments:', ...command.args.map((a) => `  ${a}`));
  lines.push(
    '',
    'Options:',
    ...flagsOf(command).map((name) => flagLine(name, command.flagHelp?.[name] ?? FLAGS[name].help)),
  );
  lines.push('', 'Examples:', ...command.examples.map((e) => `  ${NAME} ${e}`), '', FOOTER);
  return lines.join('\n');
}

export function usageLine(command: CommandSpec): string {
  return `usage: ${NAME} ${command.name}${command.usage ? ` ${command.usage}` : ''} (see '${NAME} ${command.name} --help')`;
}

const levenshtein = lazyRequire<typeof Levenshtein>('fastest-levenshtein');

/** The candidate a mistyped word most likely meant, when it is close enough to be a typo. */
export function suggestion(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0 || word === '') return undefined;
  const { closest, distance } = levenshtein();
  const best = closest(word, [...candidates]);
  return distance(word, best) <= Math.max(1, Math.floor(best.length / 3)) ? best : undefined;
}

/** ` (did you mean 'check'?)`, or nothing. */
export function didYouMean(word: string, candidates: readonly string[], prefix = ''): string {
  const best = suggestion(word, candidates);
  return best ? `: did you mean '${prefix}${best}'?` : '';
}
