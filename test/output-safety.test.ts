/**
 * What the tool prints is safe by construction: text from a registry, config, snapshot or git cannot
 * drive a terminal (control characters are escaped as `\u001b`) in the text and markdown formats and
 * in any message, and in GitHub Actions nothing printed can start a workflow command. A closed pipe
 * ends the output quietly with the command's exit code; an internal error is one line, its stack only
 * with DEBUG=error-registry-guard.
 */
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nextVersion } from '../src/checks/release.js';
import { debugging, failureText } from '../src/cli.js';
import { UsageError } from '../src/errors.js';
import { isReleaseVersion } from '../src/ledger.js';
import type { Finding } from '../src/model.js';
import { formatGithub, renderGithubSummary } from '../src/report/github.js';
import { formatGitlab } from '../src/report/gitlab.js';
import { formatJson } from '../src/report/json.js';
import { formatJunit } from '../src/report/junit.js';
import { formatMarkdown } from '../src/report/markdown.js';
import { escapeControls, safeReport } from '../src/report/safe-text.js';
import { formatSarif } from '../src/report/sarif.js';
import { formatText } from '../src/report/text.js';
import { makeReport, type Report } from '../src/report/types.js';
import { BIN, registry, V1 } from './helpers/fixtures.js';
import { cleanEnv, cli, Repo, REGISTRY, tempDir } from './helpers/repo.js';
import { OPTIONS } from './report/real-report.js';

/** Terminal escapes of every kind the issue names, and line breaks that would start a command. */
const ATTACKS = [
  '\u001b]0;pwned\u0007', // window title
  '\u001b[2J\u001b[H', // clear screen
  '\u001b[8mhidden\u001b[0m', // concealed text
  '\u001b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\u0007', // OSC 52: write the clipboard
  '\u009b31m', // an 8-bit CSI
  '\u202eevil\u202c', // right-to-left override
  '\n::add-mask::secret',
  '\r\n::warning file=x.md::fake warning',
  '\n::stop-commands::silenced',
  '\u2028::error::after a line separator',
];
const EVIL = `x${ATTACKS.join('')}y`;

/** Control characters other than the LF that ends each output line. */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** A report whose every string comes from the attacker: codes, meanings, reasons, paths, the commit's author. */
function evilReport(): Report {
  const view = {
    code: `C${EVIL}`,
    status: 404,
    meaning: `m${EVIL}`,
    handling: `h${EVIL}`,
    section: `s${EVIL}`,
    deprecated: false,
  };
  const findings: Finding[] = [
    {
      rule: 'MEANING_CHANGED',
      severity: 'error',
      code: `C${EVIL}`,
      message: `meaning of C${EVIL} was reworded`,
      path: `docs/${EVIL}.md`,
      line: 3,
      against: [`git:${EVIL}@abc1234`],
      before: view,
      after: { ...view, meaning: `n${EVIL}` },
      commit: { sha: 'abcdef0123456789', author: `a${EVIL}`, date: '2024-01-01T00:00:00Z', subject: `s${EVIL}` },
    },
    {
      rule: 'CODE_REMOVED',
      severity: 'error',
      code: `D${EVIL}`,
      message: `D${EVIL} was removed`,
      path: `docs/${EVIL}.md`,
      line: 0,
      allowed: true,
      reason: `because${EVIL}`,
      before: view,
    },
    {
      rule: 'CODE_ADDED',
      severity: 'info',
      code: `E${EVIL}`,
      message: `E${EVIL} was added`,
      path: `docs/${EVIL}.md`,
      line: 5,
      after: view,
    },
    {
      rule: 'CODE_RENAMED',
      severity: 'warning',
      code: `F${EVIL}`,
      message: `F${EVIL} renamed`,
      path: EVIL,
      line: 7,
      before: view,
      after: view,
    },
  ];
  return makeReport(
    'check',
    [
      {
        path: `docs/${EVIL}.md`,
        entries: 3,
        baselines: [{ id: `git:${EVIL}`, kind: 'git', entries: 2, note: `n${EVIL}` }],
      },
    ],
    findings,
    'error',
  );
}

/**
 * The workflow commands a GitHub runner would take from `output`: lines that start with `::` (after
 * leading white space), except inside a `::stop-commands::TOKEN` … `::TOKEN::` fence.
 */
function workflowCommands(output: string): string[] {
  const commands: string[] = [];
  let fence: string | undefined;
  for (const raw of output.split('\n')) {
    const line = raw.trimStart();
    if (fence !== undefined) {
      if (line === `::${fence}::`) fence = undefined;
      continue;
    }
    const stop = /^::stop-commands::(.+)$/.exec(line);
    if (stop) fence = stop[1];
    else if (line.startsWith('::')) commands.push(line);
  }
  return commands;
}

/** Annotations are ours when they are one of the three levels with our properties. */
const OUR_ANNOTATION = /^::(error|warning|notice) file=[^:\n]*(?:,line=\d+)?,title=[A-Z_]+::/;

describe('escaping', () => {
  it('escapes every control character as \\uXXXX, and keeps line breaks only when asked', () => {
    expect(escapeControls('a\u001b[31mb')).toBe('a\\u001b[31mb');
    expect(escapeControls('a\nb\r\tc\u0000\u007f\u0085\u009b')).toBe(
      'a\\u000ab\\u000d\\u0009c\\u0000\\u007f\\u0085\\u009b',
    );
    expect(escapeControls('a\nb\rc\u0007', true)).toBe('a\nb\rc\\u0007');
    expect(escapeControls('\u2028\u2029\u202e\u2066')).toBe('\\u2028\\u2029\\u202e\\u2066');
    expect(escapeControls('plain ü — text | with `code`')).toBe('plain ü — text | with `code`');
  });

  it('escapes every string of a report, whatever field it is in', () => {
    const strings: string[] = [];
    const walk = (value: unknown): void => {
      if (typeof value === 'string') strings.push(value);
      else if (value !== null && typeof value === 'object') Object.values(value).forEach(walk);
    };
    walk(safeReport(evilReport()));
    expect(strings.length).toBeGreaterThan(40);
    for (const text of strings) expect(text).not.toMatch(RAW_CONTROL);
    expect(strings.filter((text) => text.includes('\\u001b]0;pwned\\u0007')).length).toBeGreaterThan(20);
  });
});

describe('every format, fed text that tries to drive the terminal or the runner', () => {
  const report = evilReport();
  const formats: [string, string][] = [
    ['text', formatText(report, OPTIONS)],
    ['text in colour', formatText(report, { ...OPTIONS, color: true })],
    ['markdown', formatMarkdown(report, OPTIONS)],
    ['github', formatGithub(report, OPTIONS)],
    ['github summary', renderGithubSummary(report)],
    ['junit', formatJunit(report, OPTIONS)],
    ['json', formatJson(report, OPTIONS)],
    ['sarif', formatSarif(report, OPTIONS)],
    ['gitlab', formatGitlab(report, OPTIONS)],
  ];

  it.each(formats.filter(([name]) => !name.startsWith('text in')))('%s: no raw control character', (name, out) => {
    // XML 1.0 carries C1 characters as they are (JUnit readers show them as text); C0 ones it cannot.
    const raw = name === 'junit' ? /[\u0000-\u0009\u000b-\u001f]/ : RAW_CONTROL; // eslint-disable-line no-control-regex
    expect(out).not.toMatch(raw);
  });

  it.each(formats.filter(([name]) => ['json', 'sarif', 'gitlab'].includes(name)))(
    '%s: the same data once parsed',
    (_, out) => {
      // Escaped as JSON escapes (`\u009b`): parsed back, the text is the registry's, unchanged.
      expect(JSON.stringify(JSON.parse(out))).toContain('\u009b31m\u202eevil\u202c');
    },
  );

  it('text in colour: the only escape sequences are its own colours', () => {
    const out = formats.find(([name]) => name === 'text in colour')![1];
    // eslint-disable-next-line no-control-regex
    expect(out.replace(/\u001b\[\d+m/g, '')).not.toMatch(RAW_CONTROL);
  });

  it.each(formats.filter(([name]) => !name.startsWith('text')))(
    '%s: no line a runner would take for a workflow command, but its own annotations',
    (name, out) => {
      const commands = workflowCommands(out);
      if (name === 'github') {
        expect(commands.length).toBeGreaterThan(0);
        for (const command of commands) expect(command).toMatch(OUR_ANNOTATION);
      } else expect(commands).toEqual([]);
    },
  );

  it('the escapes show where the characters were', () => {
    const text = formats[0]![1];
    expect(text).toContain('\\u001b]0;pwned\\u0007');
    expect(text).toContain('\\u000a::add-mask::secret');
    expect(formats.find(([name]) => name === 'markdown')![1]).toContain('<br>::add-mask::secret');
  });
});

describe('the CLI in GitHub Actions', () => {
  /** A repository whose registry and allow reason carry the attacks, with a reworded meaning allowed. */
  function evilRepo(): Repo {
    const repo = Repo.init();
    const row = (meaning: string) => ['`AUTH_EVIL`', 404, meaning, 'Show it'];
    repo.write(REGISTRY, registry([row('User not found')])).commit('v1');
    repo.write(REGISTRY, registry([row(`User ${ATTACKS.filter((a) => !/[\r\n\u2028]/.test(a)).join(' ')} gone`)]));
    repo.write(
      'error-registry-guard.config.json',
      JSON.stringify({ allow: [{ rule: 'MEANING_CHANGED', code: 'AUTH_EVIL', reason: `ok${ATTACKS.join('')}` }] }),
    );
    return repo;
  }

  it('fences the text report with a fresh token: only its own annotations are commands', () => {
    const repo = evilRepo();
    const env = { GITHUB_ACTIONS: 'true', CI: 'true' };
    const first = repo.cli(['check', '--base', 'HEAD'], env);
    const second = repo.cli(['check', '--base', 'HEAD'], env);
    expect(first.status).toBe(0);
    expect(first.stderr).toBe('');
    const commands = workflowCommands(first.stdout);
    expect(commands).toHaveLength(1);
    expect(commands[0]).toMatch(OUR_ANNOTATION);
    const token = /^::stop-commands::([0-9a-f]{32})$/m.exec(first.stdout)?.[1];
    expect(token).toBeDefined();
    expect(second.stdout).not.toContain(token);
    expect(first.stdout.split(token!)).toHaveLength(3); // the fence's two lines, nowhere else
    // Colours on (CI): the only escapes are picocolors' own.
    // eslint-disable-next-line no-control-regex
    expect(first.stdout.replace(/\u001b\[\d+m/g, '')).not.toMatch(RAW_CONTROL);
  });

  it('escapes and fences every plain line a command prints, and every message', () => {
    const repo = Repo.init();
    const file = `docs/${'\u001b]0;t\u0007'}x.md`;
    repo.write(file, registry([['`A_ONE`', 400, 'One', 'Retry']]));
    repo.write('error-registry-guard.config.json', JSON.stringify({ registry: `${file}` })).commit('v1');
    const env = { GITHUB_ACTIONS: 'true' };
    expect(repo.cli(['snapshot'], env).status).toBe(0);
    const again = repo.cli(['snapshot'], env);
    expect(again.stdout).toContain('docs/\\u001b]0;t\\u0007x.md: no change since snapshot 1.0.0');
    expect(again.stdout).not.toMatch(RAW_CONTROL);
    expect(workflowCommands(again.stdout)).toEqual([]);
    const missing = repo.cli(['lint', `gone\n::add-mask::x\u001b[2J.md`], env);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(
      'error-registry-guard: registry gone\\u000a::add-mask::x\\u001b[2J.md not found: pass its path, or set "registry" in error-registry-guard.config.json\n',
    );
  });

  it('markdown and JSON stay as they are (no fence): they start no line with report text', () => {
    const repo = evilRepo();
    for (const format of ['markdown', 'json', 'junit', 'sarif', 'gitlab']) {
      const result = repo.cli(['check', '--base', 'HEAD', '--format', format], { GITHUB_ACTIONS: 'true' });
      expect(result.stdout).not.toMatch(/^::stop-commands::/m);
      expect(workflowCommands(result.stdout)).toEqual([]);
    }
  });
});

describe('a closed pipe', () => {
  it('stdout closed by `head -c 100`: no stack, no message, the exit code of the command', () => {
    const dir = tempDir();
    const big = path.join(dir, 'big.md');
    writeFileSync(
      big,
      registry(Array.from({ length: 3000 }, (_, i) => [`\`CODE_${i}\``, 400, `Meaning ${i}`, 'Retry'])),
    );
    const result = spawnSync(
      'bash',
      [
        '-c',
        `set -o pipefail; "${process.execPath}" "${BIN}" diff "${V1}" "${big}" --format json | head -c 100 > /dev/null`,
      ],
      { encoding: 'utf8', env: cleanEnv(), timeout: 60_000, killSignal: 'SIGKILL' },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1); // findings: the command's code, not a crash's
  });

  it('stderr closed before a usage error is written: exit 2, quietly', async () => {
    const child = spawn(process.execPath, [BIN, 'lint', 'missing.md'], {
      env: cleanEnv(),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr.destroy();
    const status = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    expect(status).toBe(2);
  });

  it('stdout closed before anything is written: the exit code stays the command’s', async () => {
    const child = spawn(process.execPath, [BIN, 'lint', V1], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    expect(stderr).toBe('');
    expect(status).toBe(cli(['lint', V1], tempDir()).status);
  });
});

describe('errors: one line; a stack only when asked for', () => {
  it('a usage error is its message, escaped', () => {
    expect(failureText(new UsageError('bad \u001b[2J thing\nsecond'), {})).toBe(
      'error-registry-guard: bad \\u001b[2J thing\\u000asecond\n',
    );
  });

  it('a bug is one line, and the stack only with DEBUG=error-registry-guard', () => {
    const bug = new TypeError('x is not a function');
    const plain = failureText(bug, {});
    expect(plain).toBe(
      'error-registry-guard: internal error: x is not a function (please report it; DEBUG=error-registry-guard shows details)\n',
    );
    for (const DEBUG of ['1', 'other', '']) expect(failureText(bug, { DEBUG })).toBe(plain);
    for (const DEBUG of ['error-registry-guard', 'foo,error-registry-guard', '*']) {
      expect(debugging({ DEBUG })).toBe(true);
      const lines = failureText(bug, { DEBUG }).trimEnd().split('\n');
      expect(lines.length).toBeGreaterThan(2);
      for (const line of lines) expect(line.startsWith('error-registry-guard: ')).toBe(true);
    }
  });
});

describe('versions: semver with safe-integer parts, the next one computed or refused', () => {
  it('accepts only X.Y.Z whose numbers are safe integers', () => {
    expect(isReleaseVersion('9007199254740991.0.0')).toBe(true);
    expect(isReleaseVersion('9007199254740992.0.0')).toBe(false);
    expect(isReleaseVersion('99999999999999999999.0.0')).toBe(false);
    expect(isReleaseVersion('1.0.01')).toBe(false);
  });

  it('refuses a bump past the limit instead of writing null.json', () => {
    const change = (rule: Finding['rule']) => ({ rule }) as Finding;
    expect(nextVersion('1.2.3', [change('CODE_ADDED')], undefined)).toBe('1.3.0');
    expect(() => nextVersion('9007199254740991.0.0', [change('CODE_REMOVED')], undefined)).toThrow(
      'cannot compute the major version after 9007199254740991.0.0',
    );
    expect(() => nextVersion('1.2.9007199254740991', [change('HANDLING_CHANGED')], undefined)).toThrow(UsageError);
    expect(() => nextVersion('1.2', [], undefined)).toThrow(UsageError);
  });
});
