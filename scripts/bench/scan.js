// The `scan` figure of `npm run bench` (`--only scan`): a generated tree of 10,000 source files
// (Dart, Python and TS in equal parts; about 5% mention a registry code or `detail`), the whole
// `scan` against the floor of `git grep` for the registry's codes and `detail` over the same tree,
// measured alternately in the same run, and scan's peak memory.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const FILES = 10_000;
const MATCHING_SHARE = 0.05;
const REGISTRY = 'docs/http-error-codes.md';

/** Plain files: no `detail`, no code key, no registry code (what most of a real tree is). */
const PLAIN = {
  dart: (i) => `import 'package:flutter/material.dart';

class Screen${i} extends StatelessWidget {
  const Screen${i}({super.key, required this.title});
  final String title;

  @override
  Widget build(BuildContext context) {
    final items = List.generate(${i % 17} + 3, (n) => 'Item $n of $title');
    return Scaffold(
      appBar: AppBar(title: Text(title)),
      body: ListView(children: [for (final item in items) ListTile(title: Text(item))]),
    );
  }
}
`,
  python: (i) => `from dataclasses import dataclass


@dataclass
class Record${i}:
    name: str
    size: int = ${i % 97}

    def scaled(self, factor: float) -> float:
        return self.size * factor

    def label(self) -> str:
        return f"{self.name} ({self.size})"


def total(records: list[Record${i}]) -> int:
    return sum(r.size for r in records if r.size > ${i % 13})
`,
  ts: (i) => `export interface Item${i} {
  id: number;
  name: string;
  tags: string[];
}

export function sortItems${i}(items: Item${i}[]): Item${i}[] {
  return [...items].sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
}

export function tagged${i}(items: Item${i}[], tag: string): Item${i}[] {
  return items.filter((item) => item.tags.includes(tag) && item.id > ${i % 29});
}
`,
};

/** Files a rule can find something in: detail branching and codes raised or handled. */
const MATCHING = {
  dart: (i, code) => `String? message${i}(Map<String, dynamic> data) {
  if (data['detail'] == 'Duplicate content') return 'Already uploaded';
  switch (data['code']) {
    case '${code}':
      return 'Handled ${i}';
  }
  return null;
}
`,
  python: (i, code) => `from .errors import ApiError


def check${i}(user, upstream):
    if "No files found" in upstream.detail:
        return None
    if user is None:
        raise ApiError(code="${code}")
    return user
`,
  ts: (i, code) => `export function message${i}(problem: { code: string; detail?: string }): string {
  if (problem.detail?.includes('quota')) return 'Quota';
  if (problem.code === '${code}') return 'Handled ${i}';
  return 'Something went wrong';
}
`,
};

const FOLDERS = { dart: ['app/lib', 'dart'], python: ['backend/app', 'py'], ts: ['web/src', 'ts'] };

/** Writes the tree, the registry and the config into `dir`; returns the registry's codes. */
export function writeScanTree(dir, registryText) {
  mkdirSync(path.join(dir, 'docs'), { recursive: true });
  writeFileSync(path.join(dir, REGISTRY), registryText);
  const codes = [...registryText.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((m) => m[1]);
  writeFileSync(
    path.join(dir, 'error-registry-guard.config.json'),
    JSON.stringify({
      registry: REGISTRY,
      sources: [
        { path: 'backend/app/**/*.py', role: 'producer' },
        { path: 'app/lib/**/*.dart', role: 'consumer' },
        { path: 'web/src/**/*.ts', role: 'consumer' },
      ],
    }),
  );
  const every = Math.round(1 / MATCHING_SHARE);
  for (let i = 0; i < FILES; i++) {
    const language = ['dart', 'python', 'ts'][i % 3];
    const [folder, ext] = FOLDERS[language];
    const sub = path.join(dir, folder, `part${Math.floor(i / 250)}`);
    mkdirSync(sub, { recursive: true });
    const text = i % every === 0 ? MATCHING[language](i, codes[i % codes.length]) : PLAIN[language](i);
    writeFileSync(path.join(sub, `f${i}.${ext}`), text);
  }
  return codes;
}

/** The figure: scan vs `git grep` for the codes and `detail`, alternated; scan's peak RSS. */
export function benchScan(work, { root, bin, run, paired, git, log }) {
  const dir = path.join(work, 'scan');
  mkdirSync(dir);
  git(dir, 'init', '-q', '-b', 'main');
  const codes = writeScanTree(dir, readFileSync(path.join(root, 'test/fixtures/v2-http-error-codes.md'), 'utf8'));
  git(dir, 'add', '-A');
  git(dir, '-c', 'user.name=Bench', '-c', 'user.email=bench@example.com', 'commit', '-q', '-m', 'tree');
  const patterns = ['detail', ...codes].flatMap((p) => ['-e', p]);
  const result = paired(
    7,
    () => run(process.execPath, [bin, 'scan', '--format', 'json'], { cwd: dir, expect: 1 }),
    () => run('git', ['grep', '-n', '-F', ...patterns], { cwd: dir }),
  );
  const memory = run(process.execPath, [bin, 'scan', '--format', 'json'], { cwd: dir, expect: 1, rss: true });
  const findings = JSON.parse(memory.stdout).findings.length;
  const maxRssMiB = memory.maxRssKiB / 1024;
  log(
    `scan (${FILES} files, ${findings} findings): ${result.subjectMs.toFixed(0)} ms, floor (git grep) ${result.baselineMs.toFixed(0)} ms: ${result.ratio.toFixed(2)}x; peak RSS ${maxRssMiB.toFixed(0)} MiB`,
  );
  return { ...result, files: FILES, findings, maxRssMiB };
}
