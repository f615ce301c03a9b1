/** `init`: a commented config for the repository's registry, and the first snapshot. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/load.js';
import { CONFIG_FILE, DEFAULT_REGISTRY } from '../config/types.js';

/** The docs that are not in the package, by absolute URL (a user's install has only docs/rules). */
const DOCS_URL = 'https://github.com/error-registry-guard/error-registry-guard/blob/main/docs';
import { UsageError } from '../errors.js';
import { readBoundedText } from '../files/read.js';
import { writeWhole } from '../files/write.js';
import { GitRepo } from '../git/repo.js';
import { defaultBranch, listFiles, listUntracked } from '../git/setup.js';
import { REGISTRY_MAX_BYTES } from '../limits.js';
import { parse } from '../parse/parse.js';
import { relativePosix } from '../paths.js';
import { parseOrFail, readRegistryFile } from '../sources/file.js';
import type { SourceConfig } from '../config/sources.js';
import { proposeSources } from './init-sources.js';
import { runSnapshot } from './snapshot.js';

export interface InitOptions {
  cwd: string;
  /** The registry to configure, when it is not at the default path. */
  registry?: string;
}

/**
 * Markdown files whose tables include one with `code` and `status` columns, tracked or untracked
 * (a registry written for this setup may not be committed yet), never ignored ones.
 */
async function findRegistries(repo: GitRepo): Promise<string[]> {
  if (existsSync(path.join(repo.root, DEFAULT_REGISTRY))) return [DEFAULT_REGISTRY];
  const files = [...(await listFiles(repo, '*.md')), ...(await listUntracked(repo, '*.md'))];
  const candidates = [...new Set(files)].filter((f) => !f.split('/').includes('node_modules')).sort();
  const found: string[] = [];
  for (const file of candidates) {
    let text: string;
    try {
      // A tracked symlink to a device or a FIFO, or a huge file, is not a candidate.
      text = readBoundedText(path.join(repo.root, file), {
        what: 'candidate registry',
        maxBytes: REGISTRY_MAX_BYTES,
        root: repo.root,
      });
    } catch {
      continue;
    }
    if (!/\|\s*`?code`?\s*\|/i.test(text)) continue;
    const parsed = parse(text);
    if (parsed.entries.length > 0 && parsed.entries.some((e) => e.status !== null)) found.push(file);
  }
  return found;
}

/** The one registry to configure: --registry, the default path, or the one candidate; never a guess. */
async function chooseRegistry(repo: GitRepo, given: string | undefined): Promise<string> {
  if (given !== undefined) return given;
  const found = await findRegistries(repo);
  if (found.length === 1) return found[0]!;
  if (found.length === 0)
    throw new UsageError(
      `no registry found: create ${DEFAULT_REGISTRY} (a markdown table with code | status | meaning | frontend handling), or pass --registry PATH`,
    );
  const shown = found.slice(0, 10).join(', ') + (found.length > 10 ? `, … (${found.length} in all)` : '');
  throw new UsageError(`found ${found.length} candidate registries (${shown}): choose one with --registry PATH`);
}

function sourcesText(sources: readonly SourceConfig[]): string {
  if (sources.length === 0) return '';
  const items = sources.map((s) => `    ${JSON.stringify(s)}`).join(',\n');
  return `  // The code that raises (producer) and handles (consumer) the codes: 'scan' and 'check' read it (docs/scan.md).
  "sources": [
${items}
  ],
`;
}

function configText(registry: string, baseBranch: string, sources: readonly SourceConfig[] = []): string {
  return `{
  // error-registry-guard configuration. Every key is optional; see the README for all of them.
  "$schema": "./node_modules/error-registry-guard/schemas/config.schema.json",
  // The markdown registry of problem \`code\` values (a table with code | status | meaning | frontend handling).
  "registry": ${JSON.stringify(registry)},
  // Released versions of the registry, one JSON file each: commit them.
  "snapshots": "snapshots",
  // Pull requests target this branch: the check compares with their merge-base.
  "baseBranch": ${JSON.stringify(baseBranch)},
${sourcesText(sources)}  // Severity overrides, e.g. { "HANDLING_CHANGED": "error" } or { "CODE_MOVED": "off" }.
  "rules": {},
  // Accepted breaking changes, each with a reason; 'snapshot' records them, then they can go. E.g.
  // { "rule": "MEANING_CHANGED", "code": "AUTH_TOKEN_EXPIRED", "reason": "Same semantics, clearer words" }
  "allow": []
}
`;
}

export async function runInit(options: InitOptions): Promise<string> {
  const repo = await GitRepo.open(options.cwd);
  const out: string[] = [];
  const configFile = path.join(repo.root, CONFIG_FILE);
  if (existsSync(configFile)) {
    out.push(`${CONFIG_FILE} exists already: left as it is`);
  } else {
    const found = await chooseRegistry(repo, options.registry);
    // --registry is relative to where the user is; a found registry to the repository root.
    const file = options.registry !== undefined ? path.resolve(options.cwd, found) : path.join(repo.root, found);
    const registry = relativePosix(repo.root, file);
    // Everything that can refuse the registry runs before the config is written: nothing half-done.
    parseOrFail(readRegistryFile(file, registry, { root: repo.root }), registry);
    const sources = await proposeSources(repo);
    writeWhole(configFile, configText(registry, await defaultBranch(repo), sources), {
      display: CONFIG_FILE,
      exists: `${CONFIG_FILE} exists already: left as it is`,
    });
    out.push(
      `wrote ${CONFIG_FILE} (registry: ${registry}${sources.length > 0 ? `; sources: ${sources.map((s) => `${s.path} (${s.role})`).join(', ')}` : ''})`,
    );
  }
  const config = loadConfig(repo.root);
  for (const registry of config.registries) {
    if (!existsSync(path.resolve(config.root, registry.path)))
      throw new UsageError(
        `the configured registry ${registry.path} does not exist: create it, or point "registry" in ${relativePosix(repo.root, config.file ?? configFile)} at it (nothing was recorded)`,
      );
  }

  const result = await runSnapshot({ cwd: repo.root });
  if (!result.report.ok) {
    // Not a success: the setup is not done until the registry reads cleanly.
    throw new UsageError(
      `the registry has errors, so no snapshot was recorded: run 'error-registry-guard lint' and fix them, then 'error-registry-guard snapshot'`,
    );
  }
  for (const file of result.written) out.push(`recorded the first snapshot: ${path.relative(repo.root, file)}`);
  for (const line of result.unchanged) out.push(line);
  out.push(
    '',
    'Next steps:',
    `  1. commit ${CONFIG_FILE} and ${config.registries.map((r) => `${r.snapshots}/`).join(', ')}`,
    '  2. npx error-registry-guard hook install   # check the staged registry before each commit',
    `  3. add the pull-request gate to CI: ${DOCS_URL}/ci.md`,
    '  4. npx error-registry-guard check          # what the gate sees now',
  );
  return `${out.join('\n')}\n`;
}
