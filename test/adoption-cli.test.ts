/** Issue 15, reports and CLI: what a new user sees first, through the built CLI. */
import path from 'node:path';
import fc from 'fast-check';
import { distance } from 'fastest-levenshtein';
import { describe, expect, it } from 'vitest';
import { COMMANDS, FLAGS, suggestion } from '../src/cli/spec.js';
import { ROOT, V1, V2 } from './helpers/fixtures.js';
import { cli, json, Repo, REGISTRY } from './helpers/repo.js';

const rel = (p: string) => path.relative(ROOT, p);

describe('text report: signal first', () => {
  it('folds the 28 CODE_ADDED of v1 → v2 into one line; --verbose lists them; JSON stays complete', () => {
    const folded = cli(['diff', rel(V1), rel(V2)], ROOT);
    expect(folded.status).toBe(1);
    const infoLines = folded.stdout.split('\n').filter((l) => /\binfo\b/.test(l) && !l.startsWith('✖'));
    expect(infoLines).toHaveLength(1);
    expect(infoLines[0]).toMatch(
      /info {5}28 codes added: AUTH_UNAUTHORIZED, AGENT_USER_ID_INVALID, AGENT_PAYLOAD_INVALID, … \(--verbose lists them\)$/,
    );
    // Errors and warnings keep their own lines.
    expect(folded.stdout).toMatch(/:25 {2}error {4}CODE_REMOVED/);
    expect(folded.stdout).toMatch(/:99 {2}warning {2}NON_ERROR_STATUS/);
    const verbose = cli(['diff', rel(V1), rel(V2), '--verbose'], ROOT);
    expect(verbose.stdout.match(/ {2}info {5}CODE_ADDED /g)).toHaveLength(28);
    expect(verbose.stdout).not.toContain('--verbose lists them');
    const machine = json(cli(['diff', rel(V1), rel(V2), '--format', 'json'], ROOT));
    expect(machine.findings.filter((f) => f.rule === 'CODE_ADDED')).toHaveLength(28);
  });

  it('ends a failing report with the allow entries to paste, the config path and the rule docs', () => {
    const result = cli(['diff', rel(V1), rel(V2)], ROOT);
    const tail = result.stdout.slice(result.stdout.indexOf('Next steps:'));
    expect(tail).toContain('"allow" in error-registry-guard.config.json');
    const entries = tail
      .split('\n')
      .filter((l) => l.trim().startsWith('{'))
      .map((l) => JSON.parse(l) as { rule: string; code: string; reason: string });
    expect(entries.map((e) => `${e.rule} ${e.code}`)).toEqual([
      'CODE_REMOVED AGENT_OUTPUT_DIVINATION_INVALID',
      'MEANING_CHANGED AGENT_SESSION_RUN_LIMIT_EXCEEDED',
    ]);
    for (const e of entries) expect(e.reason).toMatch(/^TODO/);
    expect(tail).toContain('/docs/rules/CODE_REMOVED.md');
    expect(tail).not.toContain('--no-verify'); // not a hook
    // A passing report has no next steps.
    expect(cli(['lint', rel(V2)], ROOT).stdout).not.toContain('Next steps');
  });

  it('names package.json (and its key) when that is where the config is', () => {
    const repo = Repo.init().copy(V1);
    repo.write('package.json', JSON.stringify({ name: 'app', 'error-registry-guard': { registry: REGISTRY } }));
    repo.commit('v1');
    repo.copy(V2);
    const result = repo.cli(['check']);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('"allow" in package.json (its "error-registry-guard" key)');
  });

  it('the pasted entry accepts the break, and a hook run says how to skip once', () => {
    const repo = Repo.init().copy(V1);
    repo.commit('v1');
    repo.copy(V2);
    repo.git('add', '-A');
    const refused = repo.cli(['check', '--staged', '--only-if-staged']);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toContain('git commit --no-verify');
    const entries = refused.stdout
      .split('\n')
      .filter((l) => l.trim().startsWith('{ "rule"'))
      .map((l) => JSON.parse(l) as object);
    repo.write('error-registry-guard.config.json', JSON.stringify({ allow: entries }));
    repo.git('add', '-A');
    const accepted = repo.cli(['check', '--staged']);
    expect(accepted.status).toBe(0);
    expect(accepted.stdout).toContain('2 allowed');
  });

  it('prints no ANSI codes when piped, also under CI=true; FORCE_COLOR and a terminal get colour', () => {
    for (const env of [{ CI: 'true' }, { CI: 'true', GITLAB_CI: 'true' }, {}]) {
      const result = cli(['diff', rel(V1), rel(V2)], ROOT, env);
      expect(result.stdout).not.toContain('\u001b');
    }
    expect(cli(['diff', rel(V1), rel(V2)], ROOT, { CI: 'true', FORCE_COLOR: '1' }).stdout).toContain('\u001b[');
    expect(cli(['diff', rel(V1), rel(V2)], ROOT, { FORCE_COLOR: '1', NO_COLOR: '1' }).stdout).not.toContain('\u001b');
  });
});

describe('CLI help and suggestions', () => {
  it.each(COMMANDS.map((c) => c.name))('%s --help prints its usage, options and examples, exit 0', (name) => {
    for (const args of [
      [name, '--help'],
      [name, '-h'],
      ['help', name],
    ]) {
      const result = cli(args, ROOT);
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^Usage: error-registry-guard ${name}\\b`));
      expect(result.stdout).toContain('Examples:');
      expect(result.stdout).toContain(`  error-registry-guard ${name}`);
    }
  });

  it.each([
    [['chek'], "unknown command 'chek': did you mean 'check'?"],
    [['snapshto'], "unknown command 'snapshto': did you mean 'snapshot'?"],
    [['check', '--stagged'], "unknown option '--stagged': did you mean '--staged'?"],
    [['check', '--formt', 'json'], "unknown option '--formt': did you mean '--format'?"],
    [['check', '--release', '1.0.0'], 'check does not take --release'],
    [['frobnicate'], "unknown command 'frobnicate' (see --help)"],
    [['lint', '-x'], "unknown option '-x'"],
    [['hook', 'instal'], "unknown hook action 'instal': did you mean 'install'?"],
  ])('%j: one clean line, exit 2', (args, message) => {
    const result = cli(args, ROOT);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/TypeError|ERR_PARSE_ARGS|To specify/);
  });

  it('never suggests a flag or command far from what was typed (property)', () => {
    const flags = Object.keys(FLAGS);
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 12 }), (word) => {
        const best = suggestion(word, flags);
        if (best === undefined) return;
        expect(flags).toContain(best);
        // A suggestion is within a third of its length in edits: a typo, not a different word.
        expect(distance(word, best)).toBeLessThanOrEqual(Math.max(1, Math.floor(best.length / 3)));
      }),
    );
  });
});

describe('diff REF REF and check --registry', () => {
  it('diff HEAD~1 HEAD compares the configured registry at both refs', () => {
    const repo = Repo.init().copy(V1);
    repo.commit('v1');
    repo.copy(V2);
    repo.commit('v2');
    const result = repo.cli(['diff', 'HEAD~1', 'HEAD', '--format', 'json']);
    expect(result.status).toBe(1);
    const report = json<{ registries: { path: string }[]; findings: { rule: string; code?: string }[] }>(result);
    expect(report.registries.map((r) => r.path)).toEqual([REGISTRY]);
    expect(report.findings.filter((f) => f.rule === 'CODE_REMOVED').map((f) => f.code)).toEqual([
      'AGENT_OUTPUT_DIVINATION_INVALID',
    ]);
    // A file of that name is still a file, and a word that is neither says so.
    expect(repo.cli(['diff', 'HEAD~1', 'nope']).stderr).toMatch(/nope is neither a file nor a git ref/);
  });

  it('check --registry selects that configured registry and refuses an unknown one', () => {
    const repo = Repo.init().copy(V1, 'a.md').copy(V1, 'b.md');
    repo.write(
      'error-registry-guard.config.json',
      JSON.stringify({ registries: [{ path: 'a.md' }, { path: 'b.md' }] }),
    );
    repo.commit('v1');
    repo.copy(V2, 'b.md');
    const all = json<{ registries: { path: string }[] }>(repo.cli(['check', '--base', 'HEAD', '--format', 'json']));
    expect(all.registries.map((r) => r.path)).toEqual(['a.md', 'b.md']);
    const onlyA = repo.cli(['check', '--base', 'HEAD', '--registry', 'a.md', '--format', 'json']);
    expect(onlyA.status).toBe(0);
    expect(json<{ registries: { path: string }[] }>(onlyA).registries.map((r) => r.path)).toEqual(['a.md']);
    const onlyB = repo.cli(['check', '--base', 'HEAD', '--registry', 'b.md']);
    expect(onlyB.status).toBe(1);
    const unknown = repo.cli(['check', '--registry', 'c.md']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/no configured registry is c\.md: use one of a\.md, b\.md/);
  });
});
