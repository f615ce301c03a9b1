/**
 * The CLI: parse flags, run one command, print its report, exit 0 (ok), 1 (findings) or 2 (usage,
 * config, I/O or git error). Commands are imported lazily so that each loads only what it needs.
 *
 * What it prints is safe by construction: messages and the lines commands print have their control
 * characters escaped (report/safe-text.ts; the formats escape their own), and in GitHub Actions the
 * plain-text output is fenced between `::stop-commands::TOKEN` lines with a fresh random token, so
 * that nothing in it starts a workflow command. A closed stdout or stderr (EPIPE, `| head`) ends the
 * output quietly; the exit code stays the command's.
 */
import type * as Crypto from 'node:crypto';
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError, isUsageError } from './errors.js';
import { requireAs } from './lazy-require.js';
import type { Severity } from './model.js';
import { packageVersion } from './package.js';
import {
  COMMANDS,
  FLAGS,
  NAME,
  commandHelp,
  commandSpec,
  didYouMean,
  flagsOf,
  generalHelp,
  usageLine,
  type FlagName,
} from './cli/spec.js';
import { FORMAT_NAMES, loadFormatter, type FormatName } from './report/formats.js';
import { escapeControls, escapeLines, jsonText } from './report/safe-text.js';
import type { NextStepContext, Report } from './report/types.js';
import { colorWanted, configFileShown } from './cli/context.js';

const OPTIONS = Object.fromEntries(
  Object.entries(FLAGS).map(([name, flag]) => [
    name,
    { type: flag.type, ...('short' in flag ? { short: flag.short } : {}) },
  ]),
) as ParseArgsConfig['options'];

const COMMAND_NAMES = COMMANDS.map((c) => c.name);
const SHORT_FLAGS = new Map<string, string>(
  Object.entries(FLAGS).flatMap(([name, flag]) => ('short' in flag ? [[flag.short, name]] : [])),
);

/**
 * Options as the user typed them, before parseArgs sees them: an unknown one is refused in one line
 * with the nearest known flag (parseArgs' own message is several lines and names no alternative).
 */
function givenFlags(argv: readonly string[]): string[] {
  const given: string[] = [];
  for (const arg of argv) {
    if (arg === '--') break;
    if (arg.startsWith('--')) {
      const name = arg.slice(2).split('=')[0]!;
      if (!(name in FLAGS))
        throw new UsageError(`unknown option '--${name}'${didYouMean(name, Object.keys(FLAGS), '--')} (see --help)`);
      given.push(name);
    } else if (/^-[^-]/.test(arg)) {
      for (const letter of arg.slice(1)) {
        const name = SHORT_FLAGS.get(letter);
        if (!name) throw new UsageError(`unknown option '-${letter}' (see --help)`);
        given.push(name);
        if (FLAGS[name as FlagName].type === 'string') break;
      }
    }
  }
  return given;
}

interface Io {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  color: boolean;
  /** Also print GitHub annotations (set when running in GitHub Actions without --format). */
  annotate?: boolean;
  /** Text report: every info finding on its own line. */
  verbose?: boolean;
  /** Text report of a failed run: the config file to name and whether a hook runs. */
  next?: () => NextStepContext;
}

/**
 * Plain text for stdout (the text report, the lines a command prints): in GitHub Actions, between
 * `::stop-commands::TOKEN` and `::TOKEN::`, a token no text can know in advance, so that the runner
 * takes no line of it for a workflow command.
 */
function plain(text: string, io: Io): string {
  if (io.env.GITHUB_ACTIONS !== 'true') return text;
  const token = requireAs<typeof Crypto>('node:crypto').randomBytes(16).toString('hex');
  return `::stop-commands::${token}\n${text}${text.endsWith('\n') ? '' : '\n'}::${token}::\n`;
}

async function print(report: Report, format: FormatName, io: Io): Promise<number> {
  const formatter = await loadFormatter(format);
  const text = format === 'text';
  const out = formatter(report, {
    color: text && io.color,
    cwd: io.cwd,
    ...(text && io.verbose ? { verbose: true } : {}),
    ...(text && !report.ok && io.next ? { next: io.next() } : {}),
  });
  // The text report is fenced in GitHub Actions; the other formats cannot start a command (the
  // github one escapes line breaks; JSON, XML and markdown never start a line with report text).
  io.stdout(format === 'text' ? plain(out, io) : out);
  // In GitHub Actions with no --format, the log keeps the text report and findings are also annotated.
  const annotate = format !== 'github' && io.annotate === true;
  if (annotate) io.stdout((await loadFormatter('github'))(report, { color: false, cwd: io.cwd }));
  if ((format === 'github' || annotate) && io.env.GITHUB_STEP_SUMMARY) {
    const { renderGithubSummary } = await import('./report/github.js');
    try {
      appendFileSync(io.env.GITHUB_STEP_SUMMARY, renderGithubSummary(report));
    } catch (error) {
      throw new UsageError(
        `cannot append the job summary to GITHUB_STEP_SUMMARY (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  }
  return report.ok ? 0 : 1;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string, fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got '${value}')`);
  return value as T;
}

export async function main(argv: string[], io: Io): Promise<number> {
  const given = givenFlags(argv);
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]} (see --help)`);
  }
  const values = parsed.values as { [K in FlagName]?: (typeof FLAGS)[K]['type'] extends 'string' ? string : boolean };
  const positionals = parsed.positionals;
  if (values.version) {
    io.stdout(`${packageVersion()}\n`);
    return 0;
  }
  let [command, ...args] = positionals;
  if (command === 'help' && args.length > 0) {
    // `help check` reads as `check --help`.
    [command, ...args] = args;
    values.help = true;
  }
  if (command === undefined || command === 'help') {
    io.stdout(`${generalHelp()}\n`);
    return command === undefined && !values.help ? 2 : 0;
  }
  const spec = commandSpec(command);
  if (!spec)
    throw new UsageError(
      `unknown command '${escapeControls(command)}'${didYouMean(command, COMMAND_NAMES)} (see --help)`,
    );
  if (values.help) {
    io.stdout(`${commandHelp(spec)}\n`);
    return 0;
  }
  const accepted = flagsOf(spec) as string[];
  const foreign = given.find((name) => !accepted.includes(name));
  if (foreign !== undefined)
    throw new UsageError(`${command} does not take --${foreign} (see '${NAME} ${command} --help')`);
  const format = oneOf(values.format, FORMAT_NAMES, '--format', 'text');
  io.annotate = values.format === undefined && io.env.GITHUB_ACTIONS === 'true';
  io.verbose = values.verbose === true;
  io.next = () => ({ configFile: configFileShown(io.cwd, values.config), hook: values['only-if-staged'] === true });
  const failOn = oneOf<Severity>(values['fail-on'], ['error', 'warning', 'info'], '--fail-on', 'error');
  const common = { cwd: io.cwd, env: io.env, failOn, ...(values.config ? { config: values.config } : {}) };
  const expectArgs = (n: number) => {
    if (args.length !== n) throw new UsageError(usageLine(spec));
  };
  switch (command) {
    case 'lint':
      if (args.length > 1) throw new UsageError(usageLine(spec));
      return print(
        (await import('./commands/lint.js')).runLint({ ...common, ...(args[0] ? { path: args[0] } : {}) }),
        format,
        io,
      );
    case 'diff':
      expectArgs(2);
      return print(
        await (
          await import('./commands/diff.js')
        ).runDiff({
          ...common,
          old: args[0]!,
          new: args[1]!,
          ...(values.registry ? { registry: values.registry } : {}),
        }),
        format,
        io,
      );
    case 'check':
      expectArgs(0);
      if (values['only-if-staged']) {
        if (!values.staged) throw new UsageError('--only-if-staged goes with --staged');
        const { registryStaged } = await import('./commands/hook.js');
        if (!(await registryStaged(io.cwd, values.config))) return 0;
      }
      return print(
        await (
          await import('./commands/check.js')
        ).runCheck({
          ...common,
          ...(values.staged ? { staged: true } : {}),
          ...(values.base !== undefined ? { base: values.base } : {}),
          ...(values.fetch ? { fetch: true } : {}),
          ...(values.registry ? { registry: values.registry } : {}),
        }),
        format,
        io,
      );
    case 'snapshot': {
      expectArgs(0);
      const { runSnapshot } = await import('./commands/snapshot.js');
      const result = await runSnapshot({
        ...common,
        ...(values.release ? { release: values.release } : {}),
        ...(values.registry ? { registry: values.registry } : {}),
      });
      if (!result.report.ok) {
        io.stderr(
          `${NAME}: snapshot refused: unaccepted errors against the ledger; fix them or allow them with a reason. Nothing was written.\n`,
        );
        return print(result.report, format, io);
      }
      const written = result.written.map((file) => path.relative(io.cwd, file) || file);
      if (format === 'json') {
        // Scripts get what was written (or why not) with the report it was judged by.
        io.stdout(jsonText({ written, unchanged: result.unchanged, report: result.report }));
        return 0;
      }
      const lines = [...result.unchanged, ...written.map((file) => `wrote ${file}`)];
      io.stdout(plain(lines.map((line) => `${escapeControls(line)}\n`).join(''), io));
      return 0;
    }
    case 'audit':
      expectArgs(0);
      return print(
        await (
          await import('./commands/audit.js')
        ).runAudit({ ...common, ...(values.registry ? { registry: values.registry } : {}) }),
        format,
        io,
      );
    case 'scan':
      return print(
        await (await import('./commands/scan.js')).runScan({ ...common, ...(args.length > 0 ? { paths: args } : {}) }),
        format,
        io,
      );
    case 'init': {
      expectArgs(0);
      const { runInit } = await import('./commands/init.js');
      io.stdout(
        plain(
          escapeLines(await runInit({ cwd: io.cwd, ...(values.registry ? { registry: values.registry } : {}) })),
          io,
        ),
      );
      return 0;
    }
    case 'generate': {
      expectArgs(0);
      if (format !== 'text' && format !== 'json')
        throw new UsageError(`generate prints text or json (got --format ${format})`);
      const { printGenerate } = await import('./commands/generate-output.js');
      const { runGenerate } = await import('./commands/generate.js');
      const result = runGenerate({
        ...common,
        ...(values.check ? { check: true } : {}),
        ...(values.registry ? { registry: values.registry } : {}),
      });
      return printGenerate(result, { check: Boolean(values.check), format, cwd: io.cwd }, (text) =>
        io.stdout(format === 'json' ? text : plain(text, io)),
      );
    }
    case 'hook': {
      const action = args[0];
      if (args.length === 1 && action !== 'install' && action !== 'uninstall')
        throw new UsageError(
          `unknown hook action '${escapeControls(action!)}'${didYouMean(action!, ['install', 'uninstall'])} (${usageLine(spec)})`,
        );
      if (args.length !== 1) throw new UsageError(usageLine(spec));
      const { installHook, uninstallHook } = await import('./commands/hook.js');
      const said = action === 'install' ? await installHook({ cwd: io.cwd }) : await uninstallHook({ cwd: io.cwd });
      io.stdout(plain(escapeLines(said), io));
      return 0;
    }
    default:
      throw new Error(`command ${command} is in the table but has no case`);
  }
}

/** Is the stack of an internal error wanted? `DEBUG=error-registry-guard` (or `*`, in a list as `debug` reads it). */
export function debugging(env: NodeJS.ProcessEnv): boolean {
  return (env.DEBUG ?? '').split(/[\s,]+/).some((name) => name === NAME || name === '*');
}

/** The message of a failed run, as one line, and for bugs the stack when asked for. */
export function failureText(error: unknown, env: NodeJS.ProcessEnv): string {
  if (isUsageError(error)) return `${NAME}: ${escapeControls(error.message)}\n`;
  // A bug, not bad input: still one line by default; DEBUG=error-registry-guard shows the stack.
  const message = error instanceof Error ? error.message : String(error);
  const line = `${NAME}: internal error: ${escapeControls(message)} (please report it; DEBUG=${NAME} shows details)\n`;
  if (!debugging(env) || !(error instanceof Error) || !error.stack) return line;
  // Each line of the stack says whose it is: none can pass for a workflow command.
  return `${line}${error.stack
    .split('\n')
    .map((frame) => `${NAME}: ${escapeControls(frame)}\n`)
    .join('')}`;
}

/**
 * Writes to a standard stream that a closed reader (EPIPE: `| head`) ends quietly: the rest of the
 * output is dropped and the exit code stays the command's. Any other failure to write the output
 * (a full disk under `> file`) is an error: one line on stderr, exit 2.
 */
function guardedStream(open: () => NodeJS.WriteStream, onFailure: (code: string) => void): (text: string) => void {
  let closed = false;
  let stream: NodeJS.WriteStream | undefined;
  return (text) => {
    if (closed) return;
    // Opened on first use: node builds process.stderr when first read, a few ms a run that prints nothing there.
    if (!stream) {
      stream = open();
      stream.on('error', (error: NodeJS.ErrnoException) => {
        if (closed) return;
        closed = true;
        if (error.code !== 'EPIPE') onFailure(error.code ?? 'error');
      });
    }
    try {
      stream.write(text);
    } catch (error) {
      // Synchronous streams (files) may throw where others emit: the same handling.
      stream.emit('error', error);
    }
  };
}

export async function run(argv: string[]): Promise<number> {
  let outputFailed = false;
  const stderr = guardedStream(
    () => process.stderr,
    () => {
      outputFailed = true;
      process.exitCode = 2;
    },
  );
  const stdout = guardedStream(
    () => process.stdout,
    (code) => {
      outputFailed = true;
      process.exitCode = 2;
      stderr(`${NAME}: cannot write the output (${code}): it is incomplete\n`);
    },
  );
  const io: Io = {
    cwd: process.cwd(),
    env: process.env,
    stdout,
    stderr,
    color: colorWanted(process.stdout.isTTY, process.env),
  };
  let code: number;
  try {
    code = await main(argv, io);
  } catch (error) {
    io.stderr(failureText(error, io.env));
    code = 2;
  }
  return outputFailed ? 2 : code;
}
