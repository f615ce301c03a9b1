#!/usr/bin/env node
// The real-frontend corpus (test/fixtures/frontends/manifest.json): the source files of each project
// at its pinned commit, written out of local git snapshots into a cache directory. The files are
// not committed to this repository; the manifest names each one's repository, commit and licence.
//
//   node scripts/frontends.js            materialise (or report what is missing), print the directory
//   node scripts/frontends.js --results  write RESULTS.md from manifest.json and expected.json
//
// Snapshots are looked for in $ERG_FRONTEND_MIRRORS (default /work/.mirror), each as
// <owner>+<name>/repo, a bare git directory holding the pinned commit.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const MANIFEST = path.join(ROOT, 'test/fixtures/frontends/manifest.json');
export const EXPECTED = path.join(ROOT, 'test/fixtures/frontends/expected.json');
export const RESULTS = path.join(ROOT, 'test/fixtures/frontends/RESULTS.md');
export const CORPUS_DIR =
  process.env.ERG_FRONTEND_CORPUS ?? path.join(ROOT, 'node_modules/.cache/error-registry-guard/frontends');
const MIRRORS = process.env.ERG_FRONTEND_MIRRORS ?? '/work/.mirror';

/** Application source: scripts and components, not tests, declarations or bundles. */
const SOURCE = /\.(?:ts|tsx|js|jsx|mjs|cjs)$/;
const NOT_SOURCE =
  /(?:^|\/)(?:node_modules|dist|build|generated|__generated__|__tests__|__mocks__|tests?|e2e|mocks?|stories)\/|\.(?:test|spec|stories)\.|\.d\.ts$|\.min\.js$/;

export function readManifest() {
  return JSON.parse(readFileSync(MANIFEST, 'utf8')).projects;
}

function gitDir(project) {
  return path.join(MIRRORS, project.repository.replace('/', '+'), 'repo');
}

/** The files of `project` the corpus holds, as paths in its repository. */
function listFiles(project, dir) {
  const out = execFileSync(
    'git',
    ['--git-dir', dir, 'ls-tree', '-r', '--name-only', project.commit, '--', ...project.include],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    },
  );
  return out
    .split('\n')
    .filter(
      (f) => f && SOURCE.test(f) && !NOT_SOURCE.test(f) && !(project.exclude ?? []).some((x) => `/${f}`.includes(x)),
    )
    .sort();
}

/** A tsconfig for typed runs: the DOM library, JSX, JavaScript too; nothing resolved outside the project. */
const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'Bundler',
    lib: ['ES2023', 'DOM', 'DOM.Iterable'],
    jsx: 'preserve',
    allowJs: true,
    checkJs: false,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  },
  include: ['**/*'],
};

/**
 * Writes every project's files under CORPUS_DIR/<name>/ (once: a project whose stamp names its
 * commit is kept). Returns the projects written or found, and those whose snapshot is missing.
 */
export function materialise({ quiet = false } = {}) {
  const ready = [];
  const missing = [];
  for (const project of readManifest()) {
    const target = path.join(CORPUS_DIR, project.name);
    const stamp = path.join(target, '.commit');
    if (existsSync(stamp) && readFileSync(stamp, 'utf8') === project.commit) {
      ready.push(project);
      continue;
    }
    const dir = gitDir(project);
    if (
      !existsSync(dir) ||
      spawnSync('git', ['--git-dir', dir, 'cat-file', '-e', `${project.commit}^{commit}`]).status !== 0
    ) {
      missing.push(project);
      continue;
    }
    rmSync(target, { recursive: true, force: true });
    const files = listFiles(project, dir);
    const batch = execFileSync('git', ['--git-dir', dir, 'cat-file', '--batch'], {
      input: files.map((f) => `${project.commit}:${f}\n`).join(''),
      maxBuffer: 1 << 30,
    });
    let at = 0;
    for (const file of files) {
      const header = batch.subarray(at, batch.indexOf(10, at)).toString();
      const size = Number(header.split(' ')[2]);
      const start = batch.indexOf(10, at) + 1;
      const out = path.join(target, file);
      mkdirSync(path.dirname(out), { recursive: true });
      writeFileSync(out, batch.subarray(start, start + size));
      at = start + size + 1;
    }
    writeFileSync(path.join(target, 'tsconfig.json'), `${JSON.stringify(TSCONFIG, null, 2)}\n`);
    writeFileSync(stamp, project.commit);
    if (!quiet) process.stderr.write(`${project.name}: ${files.length} files\n`);
    ready.push(project);
  }
  return { dir: CORPUS_DIR, ready, missing };
}

/** The project's source files whose text holds one of `words` as a whole word (the rules skip the others: see mayMention). */
export function mentioning(dir, words) {
  const out = [];
  const word = new RegExp(`(?<![\\w$])(?:${words.join('|')})(?![\\w$])`);
  const walk = (sub) => {
    for (const entry of readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else if (SOURCE.test(entry.name)) {
        const text = readFileSync(path.join(dir, rel), 'utf8');
        if (word.test(text)) out.push(rel);
      }
    }
  };
  walk('');
  return out.sort();
}

/**
 * ESLint over the materialised corpus with `plugin`'s rules (and `eqeqeq` when `timing` is set,
 * as the cost baseline). `typed` gives the parser each project's tsconfig. Returns the reports as
 * `{ project, file, line, column, rule, message }`, file relative to the project's directory.
 */
export async function lintCorpus({
  plugin,
  typed = false,
  registry,
  projects = readManifest(),
  extraRules = {},
  onlyMentioning,
  dir = CORPUS_DIR,
}) {
  const { ESLint } = await import('eslint');
  const parser = (await import('@typescript-eslint/parser')).default;
  const reports = [];
  for (const project of projects) {
    const cwd = path.join(dir, project.name);
    const eslint = new ESLint({
      cwd,
      overrideConfigFile: true,
      errorOnUnmatchedPattern: false,
      overrideConfig: [
        {
          files: ['**/*.{ts,tsx,js,jsx,mjs,cjs}'],
          languageOptions: {
            parser,
            parserOptions: {
              ecmaFeatures: { jsx: true },
              ...(typed ? { project: path.join(cwd, 'tsconfig.json'), tsconfigRootDir: cwd } : {}),
            },
          },
          linterOptions: { reportUnusedDisableDirectives: 'off', noInlineConfig: true },
          plugins: { 'error-registry': plugin },
          settings: { 'error-registry': { registry } },
          rules: {
            'error-registry/no-detail-branching': 'error',
            'error-registry/known-code': 'error',
            ...extraRules,
          },
        },
      ],
    });
    const files = onlyMentioning ? mentioning(cwd, onlyMentioning) : ['.'];
    for (const result of await eslint.lintFiles(files)) {
      for (const m of result.messages) {
        // Inline directives naming other projects' rules are ignored (noInlineConfig): not findings.
        if (m.ruleId === null && !m.fatal) continue;
        reports.push({
          project: project.name,
          file: path.relative(cwd, result.filePath).split(path.sep).join('/'),
          line: m.line,
          column: m.column,
          rule: m.ruleId ?? 'parse',
          message: m.message,
        });
      }
    }
  }
  return reports;
}

/** Recall and precision of no-detail-branching, and known-code's reports by verdict, from an expectations file. */
export function measure(expected) {
  const key = (r) => `${r.project}/${r.file}:${r.line}`;
  const detailReports = expected.reports.filter((r) => r.rule === 'no-detail-branching');
  const reported = new Set(detailReports.map(key));
  const found = expected.branches.filter((b) => reported.has(key(b)));
  const correct = detailReports.filter((r) => r.verdict === 'detail branch');
  const codeReports = expected.reports.filter((r) => r.rule === 'known-code');
  const verdicts = {};
  for (const r of codeReports) verdicts[r.verdict] = (verdicts[r.verdict] ?? 0) + 1;
  return {
    branches: expected.branches.length,
    found: found.length,
    recall: expected.branches.length ? found.length / expected.branches.length : 1,
    detailReports: detailReports.length,
    correct: correct.length,
    precision: detailReports.length ? correct.length / detailReports.length : 1,
    codeReports: codeReports.length,
    verdicts,
  };
}

const pct = (x) => `${(100 * x).toFixed(1)}%`;
const cell = (text) => String(text).replace(/\|/g, '\\|');

/** test/fixtures/frontends/RESULTS.md, generated from the manifest and the expectations (the test holds the file to it). */
export function renderResults(expected, projects = readManifest()) {
  const m = measure(expected);
  const key = (r) => `${r.project}/${r.file}:${r.line}`;
  const reported = new Set(expected.reports.filter((r) => r.rule === 'no-detail-branching').map(key));
  const lines = [
    '# The ESLint rules on real frontends',
    '',
    '<!-- Generated by `node scripts/frontends.js --results` from manifest.json and expected.json: do not edit by hand. -->',
    '',
    `Projects (their files are not committed: \`node scripts/frontends.js\` writes them out of local snapshots of each repository at the commit below; test/eslint/frontends.test.ts lints them without type information, with the registry \`${expected.registry}\`, and requires exactly the reports below).`,
    '',
    '| project | repository | commit | licence | directories read |',
    '|---|---|---|---|---|',
    ...projects.map(
      (p) =>
        `| ${p.name} | ${p.repository} | \`${p.commit.slice(0, 12)}\` | ${cell(p.licence)} | ${p.include.map((d) => `\`${d}\``).join(', ')}${p.exclude ? ` (not ${p.exclude.map((d) => `\`${d}\``).join(', ')})` : ''} |`,
    ),
    '',
    '## no-detail-branching',
    '',
    `- Recall: ${m.found} of the ${m.branches} decisions on detail text found by reading the corpus are reported (${pct(m.recall)}; the bar is 90%).`,
    `- Precision: ${m.correct} of its ${m.detailReports} reports are such decisions (${pct(m.precision)}; the bar is 97%).`,
    '',
    '| project | file:line | the decision | reported |',
    '|---|---|---|---|',
    ...expected.branches.map(
      (b) =>
        `| ${b.project} | \`${cell(b.file)}:${b.line}\` | ${cell(b.what)} | ${reported.has(key(b)) ? 'yes' : '**no**'} |`,
    ),
    '',
    '## known-code',
    '',
    `${m.codeReports} reports, none of a registered code (the projects have registries of their own, not this one): ${Object.entries(
      m.verdicts,
    )
      .map(([v, n]) => `${n} ${v}`)
      .join(
        ', ',
      )}. A report of an API code is the rule doing its job against a registry that lacks it; the others are codes of another namespace that share the variable or table with the backend's codes and that nothing in the code, without type information, tells apart.`,
    '',
    '| file:line:column | code | verdict | why |',
    '|---|---|---|---|',
    ...expected.reports
      .filter((r) => r.rule === 'known-code')
      .map(
        (r) =>
          `| \`${cell(r.project)}/${cell(r.file)}:${r.line}:${r.column}\` | \`${r.code}\` | ${r.verdict} | ${cell(r.why)} |`,
      ),
    '',
  ];
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--results')) {
    writeFileSync(RESULTS, renderResults(JSON.parse(readFileSync(EXPECTED, 'utf8'))));
    console.log(RESULTS);
  } else if (process.argv.includes('--lint')) {
    // The whole corpus against the classified reports (run `npm run build` first: the built plugin).
    const { missing } = materialise({ quiet: true });
    if (missing.length > 0) throw new Error(`missing snapshots: ${missing.map((p) => p.repository).join(', ')}`);
    const expected = JSON.parse(readFileSync(EXPECTED, 'utf8'));
    const plugin = (await import(path.join(ROOT, 'dist/rules/index.js'))).default;
    const reports = await lintCorpus({
      plugin,
      registry: path.join(ROOT, expected.registry),
      onlyMentioning: ['detail', 'code'],
    });
    const key = (r) => `${r.rule.replace('error-registry/', '')} ${r.project}/${r.file}:${r.line}:${r.column}`;
    const want = new Set(expected.reports.map(key));
    const got = new Set(reports.map(key));
    const unexpected = [...got].filter((k) => !want.has(k));
    const gone = [...want].filter((k) => !got.has(k));
    for (const k of unexpected) console.log(`unclassified report: ${k}`);
    for (const k of gone) console.log(`classified report not given: ${k}`);
    console.log(`${got.size} reports, ${unexpected.length} unclassified, ${gone.length} missing`);
    process.exitCode = unexpected.length + gone.length > 0 ? 1 : 0;
  } else {
    const { dir, missing } = materialise();
    for (const p of missing) process.stderr.write(`missing snapshot: ${p.repository} at ${p.commit}\n`);
    console.log(dir);
    process.exitCode = missing.length ? 1 : 0;
  }
}
