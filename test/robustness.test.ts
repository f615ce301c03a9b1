/**
 * Bad input, over the built CLI as users run it: every case ends with a clear message and exit 2
 * (or findings and exit 1 where the input is still a readable registry, or exit 0 where nothing is
 * wrong), never a stack trace, never a hang (each run is killed after RUN_TIMEOUT_MS), and leaves
 * every file as it was. Cases covered elsewhere (missing registry, `lint .`, corrupt snapshots,
 * config errors, staged conflicts, shallow clones, the first forms of --base injection) are not
 * repeated here.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, registry, V1, V2 } from './helpers/fixtures.js';
import { cleanEnv, json, Repo, REGISTRY, tempDir, type CliResult } from './helpers/repo.js';

/** Content hash of every file, folder, link and mode under `dir` (.git included), but `except`. */
function treeHash(dir: string, except: string[] = []): string {
  const hash = createHash('sha256');
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const file = path.posix.join(rel, name);
      if (except.includes(file)) continue;
      const full = path.join(dir, file);
      const stat = lstatSync(full);
      hash.update(`${file}\0${stat.mode}\0`);
      if (stat.isSymbolicLink()) hash.update(readlinkSync(full));
      else if (stat.isDirectory()) walk(file);
      else if (stat.isFile()) hash.update(readFileSync(full)); // a FIFO would block the test
    }
  };
  walk('');
  return hash.digest('hex');
}

/** An unprivileged user exists to run as (root ignores file modes): `setpriv` as root. */
const canDropPrivileges = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;

/** A run that outlives this is killed: a hang (a FIFO read, /dev/zero) fails its case. */
const RUN_TIMEOUT_MS = 20_000;

/** The scratch folders are 0700 (mkdtemp): the unprivileged user needs to read its way in. */
function openToNobody(repo: Repo): void {
  spawnSync('chmod', ['-R', 'a+rX', repo.dir]);
  chmodSync(path.dirname(repo.dir), 0o755);
}

function asNobody(repo: Repo, args: string[]): CliResult {
  const result = spawnSync(
    'setpriv',
    ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, BIN, ...args],
    { cwd: repo.dir, encoding: 'utf8', env: cleanEnv(), timeout: RUN_TIMEOUT_MS, killSignal: 'SIGKILL' },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function mkfifo(file: string): void {
  rmSync(file, { force: true });
  mkdirSync(path.dirname(file), { recursive: true });
  expect(spawnSync('mkfifo', [file]).status).toBe(0);
}

/** Replaces `file` in the repository with a symlink to `target`. */
function linkTo(repo: Repo, file: string, target: string): void {
  const full = path.join(repo.dir, file);
  rmSync(full, { force: true });
  mkdirSync(path.dirname(full), { recursive: true });
  symlinkSync(target, full);
}

/** A copy of `file` outside the repository (in another scratch folder), replaced by a symlink to it. */
function linkOutside(repo: Repo, file: string): void {
  const outside = path.join(tempDir(), `elsewhere-${path.basename(file)}`);
  writeFileSync(outside, readFileSync(path.join(repo.dir, file)));
  linkTo(repo, file, outside);
}

const ROW_ONE = ['`A_ONE`', 400, 'First thing failed', 'Retry'];
const ROW_TWO = ['`A_TWO`', 404, 'Second thing missing', 'Refresh'];
const snapshotFirst = (repo: Repo) => expect(repo.cli(['snapshot']).status).toBe(0);
const CONFIG = 'error-registry-guard.config.json';

const NON_ASCII = 'docs/errör codes/http errors.md';

interface Case {
  name: string;
  /** Prepares the bad input in a repository whose first commit has the v1 registry. */
  setup: (repo: Repo) => void;
  args: string[];
  status: 0 | 1 | 2;
  /** Where the message must be: stderr for exit 2, the report otherwise. */
  message: RegExp;
  /** Files the command is meant to write (a snapshot that succeeds). */
  writes?: string[];
  nobody?: boolean;
  /** Done last, after the files are opened to the unprivileged user (a mode it must not undo). */
  lock?: (repo: Repo) => void;
  env?: NodeJS.ProcessEnv;
  /** More to check on the result. */
  then?: (result: CliResult) => void;
}

const write = (content: string | Buffer) => (repo: Repo) => void repo.write(REGISTRY, content);
const FIFTY_MIB = Buffer.alloc(50 * 1024 * 1024, 'a');

const cases: Case[] = [
  // An empty file is readable markdown without a registry table: findings, exit 1.
  ...(['lint', 'check', 'snapshot'] as const).map((command) => ({
    name: `empty registry: ${command}`,
    setup: write(''),
    args: [command],
    status: 1 as const,
    message: command === 'snapshot' ? /snapshot refused/ : /no registry table found/,
  })),
  {
    name: 'empty registry: diff',
    setup: write(''),
    args: ['diff', `HEAD:${REGISTRY}`, REGISTRY],
    status: 1,
    message: /no registry table found/,
  },

  // Binary, not UTF-8, too big: unreadable, exit 2, for every command that reads the file.
  ...(
    [
      [
        'NUL byte',
        Buffer.from('| code | status | meaning |\n|---|---|---|\n| A\0 | 400 | x |\n'),
        /:3: file contains a NUL byte/,
      ],
      [
        'invalid UTF-8',
        Buffer.concat([
          Buffer.from('| code | status | meaning |\n|---|---|---|\n| A'),
          Buffer.from([0xff, 0xfe]),
          Buffer.from(' | 400 | x |\n'),
        ]),
        /:3: file is not valid UTF-8/,
      ],
      ['50 MiB file', FIFTY_MIB, /50\.0 MiB, over the 10 MiB limit/],
    ] as const
  ).flatMap(([what, content, message]) =>
    [['lint'], ['check'], ['snapshot'], ['diff', `HEAD:${REGISTRY}`, REGISTRY]].map((args) => ({
      name: `${what}: ${args[0]!}`,
      setup: write(content),
      args,
      status: 2 as const,
      message,
    })),
  ),
  {
    name: '50 MiB file staged: check --staged reads it from git',
    setup: (repo) => void repo.write(REGISTRY, FIFTY_MIB).git('add', REGISTRY),
    args: ['check', '--staged'],
    status: 2,
    message: /50\.0 MiB, over the 10\.0 MiB limit: is it the right file\?/,
  },

  // The registry path is a folder.
  ...[['check'], ['snapshot'], ['diff', REGISTRY, V2]].map((args) => ({
    name: `registry is a directory: ${args[0]!}`,
    setup: (repo: Repo) => {
      rmSync(path.join(repo.dir, REGISTRY));
      mkdirSync(path.join(repo.dir, REGISTRY));
    },
    args,
    status: 2 as const,
    message: /is a directory: pass the markdown file inside it/,
  })),

  // A configured registry that is a symlink leaving the repository is refused, lint included.
  ...['lint', 'check', 'snapshot'].map((command) => ({
    name: `registry symlinked outside the repository: ${command}`,
    setup: (repo: Repo) => {
      const outside = path.join(tempDir(), 'elsewhere.md');
      writeFileSync(outside, readFileSync(V1));
      rmSync(path.join(repo.dir, REGISTRY));
      symlinkSync(outside, path.join(repo.dir, REGISTRY));
    },
    args: [command],
    status: 2 as const,
    message: /resolves to .*elsewhere\.md, outside the repository/,
  })),

  // Spaces and non-ASCII characters in the registry and snapshot paths work everywhere.
  ...(
    [
      [['lint'], 0, /✔ ok/, []],
      [['check'], 1, /CODE_REMOVED {2}AGENT_OUTPUT_DIVINATION_INVALID/, []],
      [['diff', `HEAD:${NON_ASCII}`, NON_ASCII], 1, /MEANING_CHANGED {2}AGENT_SESSION_RUN_LIMIT_EXCEEDED/, []],
      [['snapshot'], 0, /wrote snap shots\/ü\/1\.0\.0\.json/, ['snap shots']],
    ] as const
  ).map(([args, status, message, writes]) => ({
    name: `path with spaces and non-ASCII characters: ${args[0]}`,
    setup: (repo: Repo) => {
      repo.write(
        'error-registry-guard.config.json',
        JSON.stringify({ registry: NON_ASCII, snapshots: 'snap shots/ü' }),
      );
      repo.copy(V1, NON_ASCII).commit('registry at an unusual path');
      repo.copy(V2, NON_ASCII);
    },
    args: [...args],
    status,
    message,
    writes: [...writes],
  })),
  {
    name: 'path with spaces and non-ASCII characters: audit finds its history',
    setup: (repo) => {
      repo.write('error-registry-guard.config.json', JSON.stringify({ registry: NON_ASCII }));
      repo.copy(V1, NON_ASCII).commit('v1 at an unusual path');
      repo.copy(V2, NON_ASCII).commit('v2 at an unusual path');
    },
    args: ['audit', '--format', 'json'],
    status: 1,
    message: /AGENT_OUTPUT_DIVINATION_INVALID/,
    then: (result) => expect(json<{ registries: { entries: number }[] }>(result).registries[0]!.entries).toBe(51),
  },

  // A detached HEAD is an ordinary commit to compare with.
  ...(
    [
      [['snapshot'], 0, /wrote snapshots\/1\.0\.0\.json/, ['snapshots']],
      [['diff', `HEAD:${REGISTRY}`, REGISTRY], 1, /CODE_REMOVED {2}AGENT_OUTPUT_DIVINATION_INVALID/, []],
      [['audit'], 0, /✔ ok/, []],
    ] as const
  ).map(([args, status, message, writes]) => ({
    name: `detached HEAD: ${args[0]}`,
    setup: (repo: Repo) => {
      repo.git('checkout', '-q', '--detach');
      repo.copy(V2);
    },
    args: [...args],
    status,
    message,
    writes: [...writes],
  })),

  // No commits yet: no git baseline, and nothing to read at HEAD.
  ...(
    [
      [['check'], 0, /no commits yet: no git baseline/, []],
      [['audit'], 0, /✔ ok/, []],
      [['snapshot'], 0, /wrote snapshots\/1\.0\.0\.json/, ['snapshots']],
      [['diff', `HEAD:${REGISTRY}`, REGISTRY], 2, /ref 'HEAD' does not name a commit/, []],
    ] as const
  ).map(([args, status, message, writes]) => ({
    name: `unborn branch: ${args[0]}`,
    setup: (repo: Repo) => {
      rmSync(path.join(repo.dir, '.git'), { recursive: true });
      repo.git('init', '-q', '-b', 'main');
    },
    args: [...args],
    status,
    message,
    writes: [...writes],
  })),

  // Merge conflict markers committed in the file: readable markdown whose rows the markers break.
  ...[['lint'], ['check'], ['snapshot'], ['diff', `HEAD:${REGISTRY}`, REGISTRY]].map((args) => ({
    name: `merge conflict markers in the registry: ${args[0]!}`,
    setup: (repo: Repo) => {
      const lines = readFileSync(V1, 'utf8').split('\n');
      const row = lines.findIndex((l) => l.startsWith('| `AUTH_USER_NOT_FOUND`'));
      lines.splice(
        row,
        1,
        '<<<<<<< HEAD',
        lines[row]!,
        '=======',
        lines[row]!.replace('User not found', 'No such user'),
        '>>>>>>> rename-meaning',
      );
      repo.write(REGISTRY, lines.join('\n')).commit('merged with the conflict left in');
    },
    args,
    status: 1 as const,
    message:
      args[0] === 'snapshot'
        ? /snapshot refused/
        : /PARSE_ERROR {2}- {2}unresolved merge conflict marker <<<<<<<: keep the right version/,
  })),

  // A snapshots folder that cannot be written: run as a user without the right (root writes
  // anywhere), and a snapshots path that is a file.
  ...(canDropPrivileges
    ? [
        {
          name: 'read-only snapshots folder: snapshot (as an unprivileged user)',
          setup: (repo: Repo) => {
            mkdirSync(path.join(repo.dir, 'snapshots'));
            chmodSync(path.join(repo.dir, 'snapshots'), 0o555);
          },
          args: ['snapshot'],
          status: 2 as const,
          message:
            /^error-registry-guard: EACCES: permission denied writing snapshots\/1\.0\.0\.json; nothing was written$/m,
          nobody: true,
        },
        // A config the user cannot read: one line naming it, not an internal error.
        ...['lint', 'check', 'snapshot'].map((command) => ({
          name: `unreadable config (EACCES): ${command} (as an unprivileged user)`,
          setup: (repo: Repo) => void repo.write(CONFIG, '{}'),
          lock: (repo: Repo) => chmodSync(path.join(repo.dir, CONFIG), 0o000),
          args: [command],
          status: 2 as const,
          message: /config file .*error-registry-guard\.config\.json cannot be read \(EACCES\): check its permissions/,
          nobody: true,
        })),
      ]
    : []),
  ...['snapshot', 'check'].map((command) => ({
    name: `snapshots path is a file: ${command}`,
    setup: (repo: Repo) => void repo.write('snapshots', 'not a folder\n'),
    args: [command],
    status: 2 as const,
    message: /snapshots folder .*snapshots is a file, not a folder/,
  })),

  // A snapshot written by a newer version of the tool.
  ...[['snapshot'], ['diff', 'snapshots/1.0.0.json', REGISTRY]].map((args) => ({
    name: `snapshot from a newer schema version: ${args[0]!}`,
    setup: (repo: Repo) => {
      expect(repo.cli(['snapshot']).status).toBe(0);
      repo
        .write(
          'snapshots/1.0.0.json',
          repo.read('snapshots/1.0.0.json').replace('"schemaVersion": 1', '"schemaVersion": 2'),
        )
        .commit('snapshot from the future');
      repo.copy(V2);
    },
    args,
    status: 2 as const,
    message: /uses schema version 2, newer than this tool reads \(1\): upgrade error-registry-guard/,
  })),

  // Unbounded reads: FIFOs block a read forever, /dev/zero never ends. Each is refused unread.
  ...['lint', 'check', 'snapshot'].flatMap((command) => [
    {
      name: `registry is a FIFO: ${command}`,
      setup: (repo: Repo) => mkfifo(path.join(repo.dir, REGISTRY)),
      args: [command],
      status: 2 as const,
      message: /registry .*http-error-codes\.md is a FIFO, not a regular file: point "registry" at the markdown file/,
    },
    {
      name: `registry is a symlink to /dev/zero: ${command}`,
      setup: (repo: Repo) => linkTo(repo, REGISTRY, '/dev/zero'),
      args: [command],
      status: 2 as const,
      message: /registry .*http-error-codes\.md is a character device, not a regular file/,
    },
  ]),
  ...(
    [
      [['diff', REGISTRY, '/dev/zero'], /registry \/dev\/zero is a character device, not a regular file/],
      [['diff', 'snapshots/1.0.0.json', '/dev/zero'], /registry \/dev\/zero is a character device, not a regular file/],
      [['diff', 'fifo.md', REGISTRY], /registry fifo\.md is a FIFO, not a regular file: pass the markdown file/],
      [['diff', 'fifo.json', REGISTRY], /snapshot fifo\.json is a FIFO, not a regular file/],
      [['lint', '/dev/zero'], /registry .*dev\/zero is a character device/],
    ] as const
  ).map(([args, message]) => ({
    name: `diff and lint of a device or FIFO operand: ${args.join(' ')}`,
    setup: (repo: Repo) => {
      snapshotFirst(repo);
      mkfifo(path.join(repo.dir, 'fifo.md'));
      mkfifo(path.join(repo.dir, 'fifo.json'));
    },
    args: [...args],
    status: 2 as const,
    message,
  })),
  // Snapshots: a device, a FIFO or a symlink out of the repository is refused as the registry is.
  ...(
    [
      [
        'a symlink to /dev/zero',
        (repo: Repo) => linkTo(repo, 'snapshots/1.0.0.json', '/dev/zero'),
        /is a character device, not a regular file: restore it from git/,
      ],
      [
        'a FIFO',
        (repo: Repo) => mkfifo(path.join(repo.dir, 'snapshots/1.0.0.json')),
        /is a FIFO, not a regular file: restore it from git/,
      ],
      [
        'symlinked outside the repository',
        (repo: Repo) => linkOutside(repo, 'snapshots/1.0.0.json'),
        /snapshot .*snapshots\/1\.0\.0\.json resolves to .*elsewhere-1\.0\.0\.json, outside the repository: replace the symlink with the file itself/,
      ],
    ] as const
  ).flatMap(([what, make, message]) =>
    ['check', 'snapshot', 'audit'].map((command) => ({
      name: `snapshot is ${what}: ${command}`,
      setup: (repo: Repo) => {
        snapshotFirst(repo);
        repo.commit('snapshot 1.0.0');
        make(repo);
      },
      args: [command],
      status: 2 as const,
      message,
    })),
  ),
  // The config and package.json: found up the tree, read bounded, kept in the repository.
  ...(
    [
      [
        'config is a symlink to /dev/zero',
        (repo: Repo) => linkTo(repo, CONFIG, '/dev/zero'),
        /config file .*error-registry-guard\.config\.json is a character device, not a regular file/,
      ],
      [
        'config is a FIFO',
        (repo: Repo) => mkfifo(path.join(repo.dir, CONFIG)),
        /config file .*error-registry-guard\.config\.json is a FIFO, not a regular file/,
      ],
      [
        'config is a directory',
        (repo: Repo) => mkdirSync(path.join(repo.dir, CONFIG)),
        /config file .*error-registry-guard\.config\.json is a directory/,
      ],
      [
        'config symlinked outside the repository',
        (repo: Repo) => {
          repo.write(CONFIG, '{}');
          linkOutside(repo, CONFIG);
        },
        /config file .*error-registry-guard\.config\.json resolves to .*elsewhere-error-registry-guard\.config\.json, outside the repository: keep the config in the repository/,
      ],
      [
        'config over the size limit',
        (repo: Repo) => void repo.write(CONFIG, `{"registry": "x.md"${' '.repeat(5 * 1024 * 1024)}}`),
        /config file .*error-registry-guard\.config\.json is 5\.0 MiB, over the 4 MiB limit: is it the right file\?/,
      ],
      [
        'package.json is a FIFO',
        (repo: Repo) => mkfifo(path.join(repo.dir, 'package.json')),
        /package\.json .*package\.json is a FIFO, not a regular file/,
      ],
      [
        'package.json symlinked outside the repository',
        (repo: Repo) => {
          repo.write('package.json', '{"name": "x"}');
          linkOutside(repo, 'package.json');
        },
        /package\.json .*package\.json resolves to .*elsewhere-package\.json, outside the repository/,
      ],
    ] as const
  ).flatMap(([what, make, message]) =>
    ['lint', 'check', 'snapshot', 'audit'].map((command) => ({
      name: `${what}: ${command}`,
      setup: (repo: Repo) => make(repo),
      args: [command],
      status: 2 as const,
      message,
    })),
  ),
  {
    name: 'config named with --config is a FIFO',
    setup: (repo: Repo) => mkfifo(path.join(repo.dir, 'my.json')),
    args: ['check', '--config', 'my.json'],
    status: 2,
    message: /config file my\.json is a FIFO, not a regular file/,
  },
  // A CI event file that is a FIFO or /dev/zero: read bounded, refused, and the base found by branch.
  ...(
    [
      ['a FIFO', (dir: string) => mkfifo(path.join(dir, 'event.json'))],
      ['/dev/zero', (dir: string) => symlinkSync('/dev/zero', path.join(dir, 'event.json'))],
    ] as const
  ).map(([what, make]) => {
    const dir = tempDir();
    return {
      name: `GITHUB_EVENT_PATH is ${what}: check falls back to the base branch`,
      setup: () => make(dir),
      args: ['check'],
      env: { CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_EVENT_PATH: path.join(dir, 'event.json') },
      status: 0 as const,
      message: /against git:main@/,
    };
  }),
  // A registry over the size limit in git is refused by the size git gives, before it is read.
  {
    name: 'registry of 20 MiB at the git base: check',
    setup: (repo) => {
      repo.write(REGISTRY, Buffer.alloc(20 * 1024 * 1024, 'a')).commit('huge');
      repo.git('branch', '-f', 'base');
      repo.copy(V1);
    },
    args: ['check', '--base', 'base'],
    status: 2,
    message:
      /^error-registry-guard: base:docs\/protocols\/common\/http-error-codes\.md: file is 20\.0 MiB, over the 10\.0 MiB limit: is it the right file\?$/m,
  },
  {
    name: 'registry of 20 MiB in the history: audit reports the revision, unread, and goes on',
    setup: (repo) => {
      repo.write(REGISTRY, Buffer.alloc(20 * 1024 * 1024, 'a')).commit('huge');
      repo.copy(V1).commit('v1 again');
    },
    args: ['audit', '--format', 'json'],
    status: 1,
    message: /file is 20\.0 MiB, over the 10\.0 MiB limit: is it the right file\?/,
    then: (result) =>
      expect(json<{ findings: { rule: string; message: string }[] }>(result).findings).toEqual([
        expect.objectContaining({ rule: 'PARSE_ERROR', message: expect.stringMatching(/20\.0 MiB/) as unknown }),
      ]),
  },

  // Versions: semver's parts are safe integers, wherever a version comes from; never `null.json`.
  {
    name: '--release with a part over the safe-integer limit',
    setup: () => undefined,
    args: ['snapshot', '--release', '99999999999999999999.0.0'],
    status: 2,
    message:
      /--release 99999999999999999999\.0\.0 is not a release version X\.Y\.Z \(no 'v', no pre-release, each number at most 9007199254740991\)/,
  },
  ...['snapshot', 'check'].map((command) => ({
    name: `snapshot file named for a version over the safe-integer limit: ${command}`,
    setup: (repo: Repo) => {
      snapshotFirst(repo);
      const text = repo
        .read('snapshots/1.0.0.json')
        .replace('"version": "1.0.0"', '"version": "99999999999999999999.0.0"');
      rmSync(path.join(repo.dir, 'snapshots/1.0.0.json'));
      repo.write('snapshots/99999999999999999999.0.0.json', text).commit('a snapshot from nowhere');
      repo.copy(V2);
    },
    args: [command],
    status: 2 as const,
    message:
      /snapshot .*snapshots\/99999999999999999999\.0\.0\.json is named for a version semver cannot hold \(each number at most 9007199254740991\): rename or remove it/,
  })),
  {
    name: 'the next version would pass the safe-integer limit: snapshot',
    setup: (repo) => {
      repo.write(REGISTRY, registry([ROW_ONE])).commit('one code');
      expect(repo.cli(['snapshot', '--release', '1.9007199254740991.0']).status).toBe(0);
      repo.write(REGISTRY, registry([ROW_ONE, ROW_TWO])).commit('release at the limit, and a new code');
    },
    args: ['snapshot'],
    status: 2,
    message:
      /cannot compute the minor version after 1\.9007199254740991\.0: its numbers would pass semver's limit \(9007199254740991\); pass --release X\.Y\.Z/,
  },

  // --base values that try to smuggle options or a second object name into git.
  ...[`HEAD\n--output=pwned`, ' -h', '--upload-pack=touch pwned', 'HEAD^{tree}', `HEAD:${REGISTRY}`].map((base) => ({
    name: `--base ${JSON.stringify(base)}`,
    setup: (repo: Repo) => void repo.copy(V2),
    args: ['check', `--base=${base}`],
    status: 2 as const,
    message: base.startsWith('-')
      ? /is not a git ref: refs may not start with '-'/
      : /does not name a commit in this repository/,
  })),
];

describe('bad input: a clear message, the right exit code, no stack trace, no file changed', () => {
  it.each(cases)('$name', (c) => {
    const repo = Repo.init();
    repo.copy(V1).commit('v1');
    c.setup(repo);
    if (c.nobody) openToNobody(repo);
    c.lock?.(repo);
    const writes = c.writes ?? [];
    const before = treeHash(repo.dir, writes);
    const result = c.nobody ? asNobody(repo, c.args) : repo.cli(c.args, c.env ?? {}, RUN_TIMEOUT_MS);

    expect(result.status).toBe(c.status);
    expect(result.stderr).not.toMatch(/^ {4}at /m);
    expect(result.stderr).not.toContain('internal error');
    if (c.status === 2) {
      expect(result.stderr).toMatch(c.message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    } else {
      expect(`${result.stdout}${result.stderr}`).toMatch(c.message);
    }
    c.then?.(result);
    expect(treeHash(repo.dir, writes)).toBe(before);
  });
});
