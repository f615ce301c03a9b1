#!/usr/bin/env node
// The benchmark (`npm run bench`, `npm run bench -- --json`, `--only check,diff,audit,eslint,generate,scan`).
// Every measurement is a median over repeated runs of a real process, set against a baseline measured
// in the same run on the same machine, so the ratios travel between machines better than seconds do.
// See docs/performance.md for what each number means and the targets.
import { execFileSync, spawnSync } from 'node:child_process';
import { availableParallelism, cpus } from 'node:os';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeCorpus } from './bench/corpus.js';
import { benchScan } from './bench/scan.js';
import { CORPUS_DIR, materialise, mentioning } from './frontends.js';
import { evolveRegistry, generateHistory, generateRegistry } from './lib/generate.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'dist/src/bin.cjs');
const RSS = pathToFileURL(path.join(ROOT, 'scripts/bench/rss.mjs')).href;
const REGISTRY = 'docs/protocols/common/http-error-codes.md';

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const onlyArg =
  args.find((a) => a.startsWith('--only='))?.slice('--only='.length) ??
  (args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined);
const only = new Set((onlyArg ?? 'check,hook,diff,audit,eslint,frontends,generate,scan').split(','));
const log = (text) => process.stderr.write(`${text}\n`);

/** No CI or git variables from the calling shell: they would change what `check` compares with. */
const ENV = Object.fromEntries(
  Object.entries(process.env).filter(
    ([k]) => k !== 'CI' && !k.startsWith('GITHUB_') && !k.startsWith('CI_') && !k.startsWith('GIT_'),
  ),
);
ENV.GIT_CONFIG_NOSYSTEM = '1';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x, digits = 3) => Number(x.toFixed(digits));

/** Runs a process to the end; its wall time in ms, its output, and its peak RSS in KiB when `rss` is set. */
function run(command, argv, { cwd, expect = 0, rss = false, env = {} }) {
  const rssFile = rss ? path.join(tmpdir(), `erg-bench-rss-${process.pid}`) : undefined;
  const fullArgv = rss ? ['--import', RSS, ...argv] : argv;
  const start = process.hrtime.bigint();
  const result = spawnSync(command, fullArgv, {
    cwd,
    env: { ...ENV, ...env, ...(rssFile ? { BENCH_RSS_FILE: rssFile } : {}) },
    maxBuffer: 1 << 30,
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== expect) {
    throw new Error(
      `${command} ${argv.join(' ')} exited ${result.status} (expected ${expect}):\n${result.stderr}${result.stdout.slice(0, 2000)}`,
    );
  }
  let maxRssKiB;
  if (rssFile) {
    maxRssKiB = Number(readFileSync(rssFile, 'utf8'));
    rmSync(rssFile, { force: true });
  }
  return { ms, stdout: result.stdout, stderr: result.stderr, maxRssKiB };
}

/** Alternates the measured command with its baseline, so that machine drift hits both alike. */
function paired(times, subject, baseline) {
  subject();
  baseline(); // warm-up: file cache, git's object cache
  const a = [];
  const b = [];
  for (let i = 0; i < times; i++) {
    a.push(subject().ms);
    b.push(baseline().ms);
  }
  return { subjectMs: median(a), baselineMs: median(b), ratio: median(a) / median(b) };
}

function git(cwd, ...argv) {
  return execFileSync('git', argv, { cwd, env: ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

// ---------------------------------------------------------------------------------------------------

/** `check` in a scratch clone of this repository's example registry, config and snapshots (committed versions). */
function benchCheck(work) {
  const dir = path.join(work, 'check');
  mkdirSync(dir);
  git(dir, 'init', '-q', '-b', 'main');
  const files = [
    REGISTRY,
    'error-registry-guard.config.json',
    ...git(ROOT, 'ls-tree', '-r', '--name-only', 'HEAD', 'snapshots').split('\n').filter(Boolean),
  ];
  for (const file of files) {
    mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
    writeFileSync(path.join(dir, file), execFileSync('git', ['show', `HEAD:${file}`], { cwd: ROOT, env: ENV }));
  }
  git(dir, 'add', '-A');
  git(dir, '-c', 'user.name=Bench', '-c', 'user.email=bench@example.com', 'commit', '-q', '-m', 'registry');
  const floorScript = "require('node:child_process').execFileSync('git', ['show', 'HEAD:' + process.argv[1]])";
  const result = paired(
    25,
    () => run(process.execPath, [BIN, 'check'], { cwd: dir }),
    () => run(process.execPath, ['-e', floorScript, REGISTRY], { cwd: dir }),
  );
  log(
    `check: ${result.subjectMs.toFixed(0)} ms, floor (node -e + git show) ${result.baselineMs.toFixed(0)} ms: ${result.ratio.toFixed(2)}x`,
  );
  return result;
}

/**
 * The pre-commit hook on a commit that touches no registry, snapshot or config: the installed hook
 * (git answers in shell, node never starts) against what the hook ran before, `check --staged
 * --only-if-staged` (node starts, loads the config, asks git, exits 0).
 */
function benchHook(work) {
  const dir = path.join(work, 'hook');
  mkdirSync(path.join(dir, 'node_modules/.bin'), { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  mkdirSync(path.join(dir, path.dirname(REGISTRY)), { recursive: true });
  writeFileSync(path.join(dir, REGISTRY), execFileSync('git', ['show', `HEAD:${REGISTRY}`], { cwd: ROOT, env: ENV }));
  writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\n');
  const shim = path.join(dir, 'node_modules/.bin/error-registry-guard');
  writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, { mode: 0o755 });
  git(dir, 'add', '-A');
  git(dir, '-c', 'user.name=Bench', '-c', 'user.email=bench@example.com', 'commit', '-q', '-m', 'registry');
  run(process.execPath, [BIN, 'hook', 'install'], { cwd: dir });
  writeFileSync(path.join(dir, 'notes.txt'), 'unrelated\n');
  git(dir, 'add', 'notes.txt');
  const result = paired(
    25,
    () => run('sh', ['.git/hooks/pre-commit'], { cwd: dir }),
    () => run(process.execPath, [BIN, 'check', '--staged', '--only-if-staged'], { cwd: dir }),
  );
  log(
    `hook, unrelated commit: ${result.subjectMs.toFixed(0)} ms, node route (check --staged --only-if-staged) ${result.baselineMs.toFixed(0)} ms: ${result.ratio.toFixed(2)}x`,
  );
  return result;
}

/** `diff` of generated registries, each size a child process (time and peak memory). */
function benchDiff(work) {
  const sizes = [
    [1_000, 7],
    [10_000, 5],
    [100_000, 3],
  ];
  const out = {};
  for (const [n, times] of sizes) {
    const before = path.join(work, `old-${n}.md`);
    const after = path.join(work, `new-${n}.md`);
    writeFileSync(before, generateRegistry(n));
    const evolved = evolveRegistry(n);
    writeFileSync(after, evolved.markdown);
    const ms = [];
    const rss = [];
    for (let i = 0; i <= times; i++) {
      const r = run(process.execPath, [BIN, 'diff', before, after, '--format', 'json'], {
        cwd: work,
        expect: 1,
        rss: true,
      });
      const summary = JSON.parse(r.stdout).summary;
      // Every removal, rewording and status change is an error (some removals pair up as renames).
      const breaks = evolved.counts.removed + evolved.counts.reworded + evolved.counts.statusChanged;
      if (summary.errors !== breaks)
        throw new Error(`diff of ${n} codes: ${summary.errors} errors, expected ${breaks}`);
      if (i === 0) continue; // warm-up
      ms.push(r.ms);
      rss.push(r.maxRssKiB);
    }
    out[n] = { seconds: median(ms) / 1000, maxRssMiB: median(rss) / 1024 };
    log(`diff ${n}: ${out[n].seconds.toFixed(2)} s, ${out[n].maxRssMiB.toFixed(0)} MiB peak`);
  }
  return out;
}

/** `audit` of a generated history, against git alone reading the same blobs. */
function benchAudit(work) {
  const dir = path.join(work, 'audit');
  const { breaks } = generateHistory(dir, { revisions: 2000, codes: 500 });
  const floorScript =
    'git rev-list --no-commit-header --format="%H:$1" HEAD -- "$1" | git cat-file --batch > /dev/null';
  let findings = 0;
  const result = paired(
    3,
    () => {
      const r = run(process.execPath, [BIN, 'audit', '--format', 'json'], { cwd: dir, expect: 1, rss: true });
      findings = JSON.parse(r.stdout).findings.length;
      return r;
    },
    () => run('sh', ['-c', floorScript, 'sh', REGISTRY], { cwd: dir }),
  );
  if (findings !== breaks) throw new Error(`audit found ${findings} breaks, the generated history has ${breaks}`);
  // For reference: the same, with the blobs handed to another process rather than to /dev/null (what
  // any tool reading them pays); not the floor the target is set against.
  const delivered = median(
    [0, 1, 2].map(
      () => run('sh', ['-c', floorScript.replace('> /dev/null', '| cat > /dev/null'), 'sh', REGISTRY], { cwd: dir }).ms,
    ),
  );
  // And git alone writing the patches between consecutive revisions (what audit reads instead of the
  // blobs) the way audit asks for them: the history split into runs, one diff-tree process a run (as
  // many as src/history.ts starts for 1,999 pairs here), in parallel, with audit's flags and malloc
  // settings. Audit's own `git log` and everything node does come on top (see docs/performance.md).
  const processes = Math.max(2, Math.min(availableParallelism(), Math.floor(1999 / 100)));
  const diffTree =
    'GLIBC_TUNABLES=glibc.malloc.trim_threshold=67108864:glibc.malloc.top_pad=16777216 git --literal-pathspecs diff-tree --stdin -r -p -U0 --inter-hunk-context=0 --text --no-textconv --no-ext-diff --no-color --no-renames -- "$1" > /dev/null';
  const patchScript = `git rev-list --first-parent HEAD -- "$1" > "$2" && n=$(wc -l < "$2") && k=$(( (n + ${processes - 1}) / ${processes} )) && for i in $(seq 0 ${processes - 1}); do tail -n +$(( i * k + 1 )) "$2" | head -n "$k" | ${diffTree} & done; wait`;
  const list = path.join(work, 'audit-commits.txt');
  const patches = median([0, 1, 2].map(() => run('sh', ['-c', patchScript, 'sh', REGISTRY, list], { cwd: dir }).ms));
  log(
    `audit: ${result.subjectMs.toFixed(0)} ms, floor (rev-list | cat-file --batch) ${result.baselineMs.toFixed(0)} ms: ${result.ratio.toFixed(2)}x (blobs delivered to a pipe: ${delivered.toFixed(0)} ms; git writing the patches, ${processes} processes: ${patches.toFixed(0)} ms)`,
  );
  return { ...result, deliveredMs: delivered, patchesMs: patches };
}

/**
 * ESLint's TIMING table for our rules and core `eqeqeq` over a generated frontend of 2,000 files,
 * without type information (the figures kept since the first bench) and with it (`typed`: each file
 * typed by the corpus's tsconfig through the project service).
 */
function benchEslint(work) {
  const dir = path.join(work, 'eslint');
  writeCorpus(dir, 2000);
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'ESNext',
        lib: ['ES2023', 'DOM'],
        strict: true,
        noEmit: true,
        types: [],
      },
      include: ['src'],
    }),
  );
  const url = (p) => pathToFileURL(path.join(ROOT, p)).href;
  const eslint = path.join(ROOT, 'node_modules/eslint/bin/eslint.js');
  const rules = ['error-registry/no-detail-branching', 'error-registry/known-code', 'eqeqeq'];
  const out = {};
  for (const typed of [false, true]) {
    const config = typed ? 'eslint.typed.config.js' : 'eslint.config.js';
    writeFileSync(
      path.join(dir, config),
      `import plugin from ${JSON.stringify(url('dist/rules/index.js'))};
import parser from ${JSON.stringify(url('node_modules/@typescript-eslint/parser/dist/index.js'))};
export default [
  { files: ['**/*.ts'], languageOptions: { parser${typed ? ', parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname }' : ''} }, settings: { 'error-registry': { registry: ${JSON.stringify(path.join(ROOT, 'test/fixtures/v2-http-error-codes.md'))} } } },
  { files: ['**/*.ts'], ...plugin.configs.recommended },
  { files: ['**/*.ts'], rules: { eqeqeq: 'error' } },
];
`,
    );
    const samples = Object.fromEntries(rules.map((r) => [r, []]));
    const wallMs = [];
    for (let i = 0; i < 3; i++) {
      // Findings are expected (the corpus breaks every rule): exit 1.
      const r = run(process.execPath, [eslint, '--no-config-lookup', '--config', config, '--format', 'json', 'src'], {
        cwd: dir,
        expect: 1,
        env: { TIMING: 'all' },
      });
      wallMs.push(r.ms);
      const row = timingRows(r.stdout, rules);
      for (const rule of rules) samples[rule].push(row[rule]);
    }
    const ms = Object.fromEntries(rules.map((r) => [r, median(samples[r])]));
    log(
      `eslint (2,000 files, ${typed ? 'typed' : 'untyped'}, ${(median(wallMs) / 1000).toFixed(1)} s a run): ${rules.map((r) => `${r} ${ms[r].toFixed(0)} ms`).join(', ')}`,
    );
    if (typed) out.typed = { ms, wallSeconds: median(wallMs) / 1000 };
    else Object.assign(out, { ms, wallSeconds: median(wallMs) / 1000 });
  }
  return out;
}

/** The rules' and `eqeqeq`'s TIMING rows from one ESLint run's output. */
function timingRows(stdout, rules) {
  return Object.fromEntries(
    rules.map((rule) => {
      const row = new RegExp(`^${rule.replace(/[/-]/g, '\\$&')}\\s*\\|\\s*([\\d.]+)`, 'm').exec(stdout);
      if (!row) throw new Error(`no TIMING row for ${rule} in ESLint's output`);
      return [rule, Number(row[1])];
    }),
  );
}

/**
 * The same TIMING table over the real frontends of test/fixtures/frontends (their files that name
 * `detail` or `code`: the rules do nothing in the others), without and with type information (each
 * file typed by its project's tsconfig through the project service). Skipped, and said so, where
 * the projects' snapshots are not on the machine.
 */
function benchFrontends() {
  const { ready, missing } = materialise({ quiet: true });
  if (missing.length > 0) {
    log(`frontends: skipped, no snapshot of ${missing.map((p) => p.repository).join(', ')} (see scripts/frontends.js)`);
    return undefined;
  }
  // `--frontends-all`: every file of the projects (what a user's run costs), not only those naming
  // `detail` or `code` (where the rules have work: the default, the harder figure for them).
  const files = args.includes('--frontends-all')
    ? ready.map((p) => p.name)
    : ready.flatMap((p) => mentioning(path.join(CORPUS_DIR, p.name), ['detail', 'code']).map((f) => `${p.name}/${f}`));
  const url = (p) => pathToFileURL(path.join(ROOT, p)).href;
  const eslint = path.join(ROOT, 'node_modules/eslint/bin/eslint.js');
  const rules = ['error-registry/no-detail-branching', 'error-registry/known-code', 'eqeqeq'];
  const out = {};
  // `--frontends-untyped`: without the typed run (the slow one: a program per project).
  for (const typed of args.includes('--frontends-untyped') ? [false] : [false, true]) {
    const config = path.join(CORPUS_DIR, typed ? 'eslint.typed.config.js' : 'eslint.config.js');
    writeFileSync(
      config,
      `import plugin from ${JSON.stringify(url('dist/rules/index.js'))};
import parser from ${JSON.stringify(url('node_modules/@typescript-eslint/parser/dist/index.js'))};
export default [
  {
    files: ['**/*.{ts,tsx,js,jsx,mjs,cjs}'],
    languageOptions: { parser, parserOptions: { ecmaFeatures: { jsx: true }${typed ? ', projectService: true, tsconfigRootDir: import.meta.dirname' : ''} } },
    linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
    settings: { 'error-registry': { registry: ${JSON.stringify(path.join(ROOT, 'test/fixtures/v2-http-error-codes.md'))} } },
  },
  { files: ['**/*.{ts,tsx,js,jsx,mjs,cjs}'], ...plugin.configs.recommended },
  { files: ['**/*.{ts,tsx,js,jsx,mjs,cjs}'], rules: { eqeqeq: 'error' } },
];
`,
    );
    const times = typed || args.includes('--frontends-all') ? 1 : 3;
    const samples = Object.fromEntries(rules.map((r) => [r, []]));
    const wallMs = [];
    for (let i = 0; i < times; i++) {
      const r = run(
        process.execPath,
        ['--max-old-space-size=8192', eslint, '--no-config-lookup', '--config', config, '--format', 'json', ...files],
        { cwd: CORPUS_DIR, expect: 1, env: { TIMING: 'all' } },
      );
      wallMs.push(r.ms);
      const row = timingRows(r.stdout, rules);
      for (const rule of rules) samples[rule].push(row[rule]);
    }
    const ms = Object.fromEntries(rules.map((r) => [r, median(samples[r])]));
    out[typed ? 'typed' : 'untyped'] = { ms, wallSeconds: median(wallMs) / 1000, runs: times };
    log(
      `eslint, real frontends (${files.length} files, ${typed ? 'typed' : 'untyped'}, ${(median(wallMs) / 1000).toFixed(1)} s a run): ${rules.map((r) => `${r} ${ms[r].toFixed(0)} ms`).join(', ')}`,
    );
  }
  return { files: files.length, projects: ready.length, ...out };
}

// ---------------------------------------------------------------------------------------------------

/**
 * `generate` of all five languages from a registry of 10,000 codes, against node reading the registry
 * and writing the same bytes to the same five files (the floor: what writing the output costs).
 */
function benchGenerate(work) {
  const dir = path.join(work, 'generate');
  mkdirSync(path.join(dir, 'docs'), { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  writeFileSync(path.join(dir, 'docs/errors.md'), generateRegistry(10_000));
  const targets = [
    ['ts', 'gen/error-codes.ts'],
    ['dart', 'gen/error_code.dart'],
    ['python', 'gen/error_codes.py'],
    ['kotlin', 'gen/ErrorCode.kt'],
    ['swift', 'gen/ErrorCode.swift'],
  ];
  const config = {
    registry: 'docs/errors.md',
    generate: targets.map(([language, file]) => ({ language, path: file })),
  };
  writeFileSync(path.join(dir, 'error-registry-guard.config.json'), JSON.stringify(config));
  run(process.execPath, [BIN, 'generate'], { cwd: dir });
  // The floor writes what generate wrote, byte for byte, from copies read at its start.
  mkdirSync(path.join(dir, 'expected'));
  for (const [, file] of targets)
    writeFileSync(path.join(dir, 'expected', path.basename(file)), readFileSync(path.join(dir, file)));
  const bytes = targets.reduce((sum, [, file]) => sum + readFileSync(path.join(dir, file)).length, 0);
  const floorScript = `const fs = require('node:fs'); fs.readFileSync('docs/errors.md');
for (const f of ${JSON.stringify(targets.map(([, file]) => file))}) fs.writeFileSync(f, fs.readFileSync('expected/' + f.split('/').pop()));`;
  const clear = () => {
    for (const [, file] of targets) rmSync(path.join(dir, file), { force: true });
  };
  const result = paired(
    9,
    () => {
      clear();
      return run(process.execPath, [BIN, 'generate'], { cwd: dir });
    },
    () => {
      clear();
      return run(process.execPath, ['-e', floorScript], { cwd: dir });
    },
  );
  // For reference: what reading the registry costs the tool (parse and lint), the part generate shares.
  const lint = paired(
    5,
    () => run(process.execPath, [BIN, 'lint', 'docs/errors.md'], { cwd: dir }),
    () => run(process.execPath, ['-e', floorScript], { cwd: dir }),
  );
  log(
    `generate (5 languages, 10,000 codes, ${(bytes / 1024 / 1024).toFixed(1)} MiB): ${result.subjectMs.toFixed(0)} ms, floor (node read + write) ${result.baselineMs.toFixed(0)} ms: ${result.ratio.toFixed(2)}x`,
  );
  return { ...result, bytes, lintMs: lint.subjectMs };
}

const work = mkdtempSync(path.join(tmpdir(), 'erg-bench-'));
const started = Date.now();
const results = {};
try {
  if (only.has('check')) results.check = benchCheck(work);
  if (only.has('hook')) results.hook = benchHook(work);
  if (only.has('diff')) results.diff = benchDiff(work);
  if (only.has('audit')) results.audit = benchAudit(work);
  if (only.has('eslint')) results.eslint = benchEslint(work);
  if (only.has('frontends')) results.frontends = benchFrontends();
  if (only.has('scan')) results.scan = benchScan(work, { root: ROOT, bin: BIN, run, paired, git, log });
  if (only.has('generate')) results.generate = benchGenerate(work);
} finally {
  rmSync(work, { recursive: true, force: true });
}

const cpuModel = cpus()[0]?.model ?? 'unknown';
const summary = {
  ...(results.check ? { checkVsFloor: round(results.check.ratio, 2) } : {}),
  ...(results.hook
    ? { hookUnrelatedMs: round(results.hook.subjectMs, 1), hookVsNodeRoute: round(results.hook.ratio, 2) }
    : {}),
  ...(results.diff
    ? {
        diff100kSeconds: round(results.diff[100_000].seconds, 2),
        diffGrowth10kTo100k: round(results.diff[100_000].seconds / results.diff[10_000].seconds, 2),
      }
    : {}),
  ...(results.audit ? { auditVsFloor: round(results.audit.ratio, 2) } : {}),
  ...(results.scan
    ? { scanVsGitGrep: round(results.scan.ratio, 2), scanMaxRssMiB: round(results.scan.maxRssMiB, 1) }
    : {}),
  ...(results.generate ? { generateVsFloor: round(results.generate.ratio, 2) } : {}),
  ...(results.eslint
    ? {
        ruleVsEqeqeq: {
          'no-detail-branching': round(
            results.eslint.ms['error-registry/no-detail-branching'] / results.eslint.ms.eqeqeq,
            2,
          ),
          'known-code': round(results.eslint.ms['error-registry/known-code'] / results.eslint.ms.eqeqeq, 2),
        },
        ruleVsEqeqeqTyped: {
          'no-detail-branching': round(
            results.eslint.typed.ms['error-registry/no-detail-branching'] / results.eslint.typed.ms.eqeqeq,
            2,
          ),
          'known-code': round(results.eslint.typed.ms['error-registry/known-code'] / results.eslint.typed.ms.eqeqeq, 2),
        },
      }
    : {}),
  ...(results.frontends
    ? {
        realFrontendsRuleVsEqeqeq: Object.fromEntries(
          ['untyped', 'typed']
            .filter((m) => results.frontends[m])
            .map((mode) => {
              const ms = results.frontends[mode].ms;
              return [
                mode,
                {
                  'no-detail-branching': round(ms['error-registry/no-detail-branching'] / ms.eqeqeq, 2),
                  'known-code': round(ms['error-registry/known-code'] / ms.eqeqeq, 2),
                },
              ];
            }),
        ),
      }
    : {}),
  machine: {
    nproc: cpus().length,
    cpu: cpuModel,
    node: process.version,
    git: git(ROOT, '--version').trim(),
    platform: `${process.platform} ${process.arch}`,
  },
  medians: {
    ...(results.scan
      ? { scanMs: round(results.scan.subjectMs, 1), scanGitGrepMs: round(results.scan.baselineMs, 1) }
      : {}),
    ...(results.check
      ? { checkMs: round(results.check.subjectMs, 1), checkFloorMs: round(results.check.baselineMs, 1) }
      : {}),
    ...(results.diff
      ? Object.fromEntries(
          Object.entries(results.diff).flatMap(([n, d]) => [
            [`diff${n}Seconds`, round(d.seconds)],
            [`diff${n}MaxRssMiB`, round(d.maxRssMiB, 1)],
          ]),
        )
      : {}),
    ...(results.audit
      ? {
          auditMs: round(results.audit.subjectMs, 1),
          auditFloorMs: round(results.audit.baselineMs, 1),
          auditFloorDeliveredMs: round(results.audit.deliveredMs, 1),
          auditGitPatchesMs: round(results.audit.patchesMs, 1),
        }
      : {}),
    ...(results.eslint
      ? {
          eslintRuleMs: Object.fromEntries(Object.entries(results.eslint.ms).map(([r, v]) => [r, round(v, 1)])),
          eslintRunSeconds: round(results.eslint.wallSeconds, 1),
          eslintTypedRuleMs: Object.fromEntries(
            Object.entries(results.eslint.typed.ms).map(([r, v]) => [r, round(v, 1)]),
          ),
          eslintTypedRunSeconds: round(results.eslint.typed.wallSeconds, 1),
        }
      : {}),
    ...(results.generate
      ? {
          generateMs: round(results.generate.subjectMs, 1),
          generateFloorMs: round(results.generate.baselineMs, 1),
          generateBytes: results.generate.bytes,
          generateLintSameRegistryMs: round(results.generate.lintMs, 1),
        }
      : {}),
    ...(results.frontends
      ? {
          realFrontendsFiles: results.frontends.files,
          ...Object.fromEntries(
            ['untyped', 'typed']
              .filter((m) => results.frontends[m])
              .flatMap((mode) => [
                [
                  `realFrontends${mode === 'typed' ? 'Typed' : 'Untyped'}RuleMs`,
                  Object.fromEntries(Object.entries(results.frontends[mode].ms).map(([r, v]) => [r, round(v, 1)])),
                ],
                [
                  `realFrontends${mode === 'typed' ? 'Typed' : 'Untyped'}RunSeconds`,
                  round(results.frontends[mode].wallSeconds, 1),
                ],
              ]),
          ),
        }
      : {}),
  },
  benchSeconds: Math.round((Date.now() - started) / 1000),
};

if (asJson) {
  console.log(JSON.stringify(summary, null, 2));
} else {
  const rows = [['measure', 'median', 'baseline (same run)', 'ratio', 'target', '']];
  const mark = (ok) => (ok ? 'met' : 'MISSED');
  if (results.check) {
    const c = results.check;
    rows.push([
      'check (example registry)',
      `${c.subjectMs.toFixed(0)} ms`,
      `node -e + git show: ${c.baselineMs.toFixed(0)} ms`,
      `${c.ratio.toFixed(2)}x`,
      '<= 1.5x',
      mark(c.ratio <= 1.5),
    ]);
  }
  if (results.hook) {
    const h = results.hook;
    rows.push([
      'pre-commit hook, unrelated commit',
      `${h.subjectMs.toFixed(1)} ms`,
      `check --staged --only-if-staged: ${h.baselineMs.toFixed(0)} ms`,
      `${h.ratio.toFixed(2)}x`,
      '<= 0.25x (node never starts)',
      mark(h.ratio <= 0.25),
    ]);
  }
  if (results.diff) {
    const d = results.diff;
    rows.push([
      'diff 1,000 codes',
      `${d[1000].seconds.toFixed(2)} s, ${d[1000].maxRssMiB.toFixed(0)} MiB`,
      '',
      '',
      '',
      '',
    ]);
    rows.push([
      'diff 10,000 codes',
      `${d[10000].seconds.toFixed(2)} s, ${d[10000].maxRssMiB.toFixed(0)} MiB`,
      `diff 1,000: ${d[1000].seconds.toFixed(2)} s`,
      `${(d[10000].seconds / d[1000].seconds).toFixed(2)}x`,
      '',
      '',
    ]);
    rows.push([
      'diff 100,000 codes',
      `${d[100000].seconds.toFixed(2)} s, ${d[100000].maxRssMiB.toFixed(0)} MiB`,
      `diff 10,000: ${d[10000].seconds.toFixed(2)} s`,
      `${summary.diffGrowth10kTo100k.toFixed(2)}x`,
      '< 2 s, < 12x',
      mark(summary.diff100kSeconds < 2 && summary.diffGrowth10kTo100k < 12),
    ]);
  }
  if (results.audit) {
    const a = results.audit;
    rows.push([
      'audit (2,000 revisions, 500 codes)',
      `${(a.subjectMs / 1000).toFixed(2)} s`,
      `rev-list + cat-file --batch: ${(a.baselineMs / 1000).toFixed(2)} s`,
      `${a.ratio.toFixed(2)}x`,
      '<= 3x',
      mark(a.ratio <= 3),
    ]);
    rows.push([
      '  (for reference)',
      '',
      `the same into a pipe: ${(a.deliveredMs / 1000).toFixed(2)} s`,
      `${(a.subjectMs / a.deliveredMs).toFixed(2)}x`,
      '',
      '',
    ]);
    rows.push([
      '  (for reference)',
      '',
      `git diff-tree writing the patches (as audit asks): ${(a.patchesMs / 1000).toFixed(2)} s`,
      `${(a.subjectMs / a.patchesMs).toFixed(2)}x`,
      '',
      '',
    ]);
  }
  if (results.eslint) {
    const e = results.eslint.ms;
    for (const rule of ['no-detail-branching', 'known-code']) {
      const ratio = summary.ruleVsEqeqeq[rule];
      rows.push([
        `eslint error-registry/${rule} (2,000 files)`,
        `${e[`error-registry/${rule}`].toFixed(0)} ms`,
        `eqeqeq: ${e.eqeqeq.toFixed(0)} ms`,
        `${ratio.toFixed(2)}x`,
        '<= 1x',
        mark(ratio <= 1),
      ]);
    }
    const t = results.eslint.typed.ms;
    for (const rule of ['no-detail-branching', 'known-code']) {
      const ratio = summary.ruleVsEqeqeqTyped[rule];
      rows.push([
        `eslint error-registry/${rule} (2,000 files, typed)`,
        `${t[`error-registry/${rule}`].toFixed(0)} ms`,
        `eqeqeq: ${t.eqeqeq.toFixed(0)} ms`,
        `${ratio.toFixed(2)}x`,
        '<= 1x',
        mark(ratio <= 1),
      ]);
    }
  }
  if (results.frontends) {
    const f = results.frontends;
    for (const mode of ['untyped', 'typed'].filter((m) => f[m])) {
      const e = f[mode].ms;
      for (const rule of ['no-detail-branching', 'known-code']) {
        const ratio = summary.realFrontendsRuleVsEqeqeq[mode][rule];
        rows.push([
          `eslint error-registry/${rule} (real frontends, ${f.files} files, ${mode})`,
          `${e[`error-registry/${rule}`].toFixed(0)} ms`,
          `eqeqeq: ${e.eqeqeq.toFixed(0)} ms`,
          `${ratio.toFixed(2)}x`,
          '<= 1x',
          mark(ratio <= 1),
        ]);
      }
    }
  }
  if (results.generate) {
    const g = results.generate;
    rows.push([
      'generate (5 languages, 10,000 codes)',
      `${g.subjectMs.toFixed(0)} ms`,
      `node read + write of the same bytes: ${g.baselineMs.toFixed(0)} ms`,
      `${g.ratio.toFixed(2)}x`,
      '',
      '',
    ]);
    rows.push([
      '  (for reference)',
      '',
      `lint of the same registry: ${g.lintMs.toFixed(0)} ms`,
      `${(g.subjectMs / g.lintMs).toFixed(2)}x`,
      '',
      '',
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(rows[0]));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows.slice(1)) console.log(line(r));
  console.log(
    `\n${summary.machine.nproc} x ${cpuModel}, node ${process.version}, ${summary.machine.git}; ${summary.benchSeconds} s`,
  );
}
