#!/usr/bin/env node
// Replays the bundled example registry's real history in a scratch git repository:
// commit v1, record snapshot 1.0.0, stage v2, run the staged check as a pre-commit hook would,
// then accept the two breaking changes with reasons and record 2.0.0. Run with `npm run demo`.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'dist/src/bin.cjs');
const fixtures = path.join(root, 'test/fixtures');
const registry = 'docs/protocols/common/http-error-codes.md';
const work = mkdtempSync(path.join(tmpdir(), 'error-registry-guard-demo-'));
const color = process.stdout.isTTY ? { FORCE_COLOR: '1' } : {};

function git(...args) {
  execFileSync('git', args, { cwd: work, stdio: 'ignore' });
}

/** A step's title: bold on a terminal, plain text in a file or a pipe. */
function step(title) {
  console.log(process.stdout.isTTY ? `\n\u001b[1m== ${title}\u001b[0m` : `\n== ${title}`);
}

/** Runs the CLI in the scratch repository, prints what it says, returns its exit code. */
function guard(...args) {
  console.log(`$ error-registry-guard ${args.join(' ')}`);
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, ...color, CI: '' },
  });
  process.stdout.write(result.stdout);
  process.stdout.write(result.stderr);
  console.log(`(exit ${result.status})`);
  return result.status;
}

try {
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'demo@example.com');
  git('config', 'user.name', 'Demo');
  mkdirSync(path.join(work, path.dirname(registry)), { recursive: true });

  step('v1 of the registry is committed and released as snapshot 1.0.0');
  copyFileSync(path.join(fixtures, 'v1-http-error-codes.md'), path.join(work, registry));
  git('add', '.');
  git('commit', '-qm', 'registry v1');
  guard('snapshot');
  git('add', '.');
  git('commit', '-qm', 'snapshot 1.0.0');

  step('v2 is staged; the pre-commit hook runs the staged check');
  copyFileSync(path.join(fixtures, 'v2-http-error-codes.md'), path.join(work, registry));
  git('add', registry);
  const refused = guard('check', '--staged');

  step('the team accepts the two breaking changes, with reasons, and releases 2.0.0');
  const config = {
    allow: [
      { rule: 'CODE_REMOVED', code: 'AGENT_OUTPUT_DIVINATION_INVALID', reason: 'Removal accepted as a major release.' },
      {
        rule: 'MEANING_CHANGED',
        code: 'AGENT_SESSION_RUN_LIMIT_EXCEEDED',
        reason: 'Same limit, counted in user messages.',
      },
    ],
  };
  const configText = `${JSON.stringify(config, null, 2)}\n`;
  writeFileSync(path.join(work, 'error-registry-guard.config.json'), configText);
  // What the team writes, as the failing report's next steps suggested.
  console.log('$ cat error-registry-guard.config.json');
  process.stdout.write(configText);
  git('add', '.');
  const accepted = guard('check', '--staged');
  guard('snapshot');

  step('result');
  const ok = refused === 1 && accepted === 0;
  console.log(
    ok
      ? 'The hook refused v2 until its breaking changes were accepted; the ledger now holds 1.0.0 and 2.0.0.'
      : 'Unexpected exit codes: see above.',
  );
  process.exitCode = ok ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
