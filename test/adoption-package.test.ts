/**
 * Issue 15, packaging: the README's install section walked as a new user would, from a packed
 * tarball in a fresh repository; what the package ships; the GitHub Action's outputs and SARIF.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, SMALL } from './helpers/fixtures.js';
import { cleanEnv, Repo, REGISTRY, tempDir } from './helpers/repo.js';

const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const ONE = SMALL.one;
const REMOVED = SMALL.removed;

let tarball = '';
let packed: string[] = [];

beforeAll(() => {
  // The build is done (the suite runs after `npm run build`): pack what it made, as npm publish would.
  const dir = tempDir('erg-pack-');
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
    cwd: ROOT,
    encoding: 'utf8',
    env: cleanEnv(),
  });
  const [info] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(dir, info!.filename);
  packed = info!.files.map((f) => f.path);
}, 120_000);

describe('the package', () => {
  it('ships every file the README links to, or links it by absolute URL', () => {
    const links = [...readme.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!);
    const relative = links.filter((l) => !/^[a-z]+:/.test(l));
    expect(relative.length).toBeGreaterThan(5);
    for (const link of relative) expect(packed, link).toContain(link);
  });

  it('names its repository, homepage and issue tracker', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect((pkg.repository as { url: string }).url).toContain('error-registry-guard');
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect((pkg.bugs as { url: string }).url).toMatch(/^https:\/\/.*issues$/);
    // The ESLint side is an optional peer: the CLI does not pull ESLint or TypeScript.
    expect(Object.keys(pkg.dependencies as object)).not.toContain('@typescript-eslint/utils');
    expect(pkg.peerDependenciesMeta).toMatchObject({ '@typescript-eslint/utils': { optional: true } });
  });
});

describe("the README's install section, from the packed tarball in a fresh repository", () => {
  it('installs small, sets up, refuses a breaking commit with the next steps, and accepts it', () => {
    const repo = Repo.init();
    repo.write('package.json', '{ "name": "app", "version": "1.0.0", "private": true }\n');
    repo.write('.gitignore', 'node_modules/\n').write(REGISTRY, ONE).commit('registry');
    const block = /## Install\n[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)![1]!;
    const commands = block
      .split('\n')
      .map((l) => l.replace(/\s+#.*$/, '').trim())
      .filter(Boolean);
    expect(commands[0]).toBe('npm install --save-dev error-registry-guard');
    for (const command of commands) {
      // The published name becomes the tarball; --prefer-offline uses npm's cache where it can.
      const line = command.replace(
        'npm install --save-dev error-registry-guard',
        `npm install --save-dev --prefer-offline --no-audit --no-fund ${tarball}`,
      );
      const result = spawnSync('sh', ['-c', line], { cwd: repo.dir, encoding: 'utf8', env: cleanEnv() });
      expect(result.status, `${line}\n${result.stdout}${result.stderr}`).toBe(0);
      if (command.includes(' init')) {
        expect(result.stdout).toContain('recorded the first snapshot: snapshots/1.0.0.json');
        // Its next steps point only at installed files or absolute URLs.
        const docs = [...result.stdout.matchAll(/(\S+\.md)\b/g)].map((m) => m[1]!).filter((d) => !d.endsWith(REGISTRY));
        expect(docs.length).toBeGreaterThan(0);
        for (const doc of docs) expect(doc).toMatch(/^https:\/\//);
      }
    }
    // Small: no ESLint, TypeScript or typescript-eslint came with the CLI.
    const modules = readdirSync(path.join(repo.dir, 'node_modules'));
    for (const heavy of ['eslint', 'typescript', '@typescript-eslint']) expect(modules, heavy).not.toContain(heavy);
    expect(existsSync(path.join(repo.dir, 'node_modules/.bin/error-registry-guard'))).toBe(true);

    // The hook refuses a removal, says what to paste, and the pasted entry lets it through.
    repo.write(REGISTRY, REMOVED).git('add', REGISTRY);
    const refused = spawnSync('git', ['commit', '-q', '-m', 'remove A_TWO'], {
      cwd: repo.dir,
      encoding: 'utf8',
      env: cleanEnv(),
    });
    expect(refused.status).not.toBe(0);
    const output = `${refused.stdout}${refused.stderr}`;
    expect(output).toContain('CODE_REMOVED');
    expect(output).toContain('git commit --no-verify');
    const entry = output.split('\n').find((l) => l.trim().startsWith('{ "rule": "CODE_REMOVED"'))!;
    const config = readFileSync(path.join(repo.dir, 'error-registry-guard.config.json'), 'utf8');
    writeFileSync(
      path.join(repo.dir, 'error-registry-guard.config.json'),
      config.replace('"allow": []', `"allow": [${entry.trim().replace(/TODO: [^"]*/, 'Nobody maps A_TWO')}]`),
    );
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'remove A_TWO, accepted');
  }, 240_000);
});

describe('the GitHub Action', () => {
  async function actionScript(): Promise<string> {
    const { parse } = await import('yaml');
    const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
      runs: { steps: { id?: string; run?: string; uses?: string }[] };
    };
    expect(action.runs.steps[0]!.uses).toMatch(/^actions\/setup-node@v\d+$/);
    return action.runs.steps.find((s) => s.id === 'check')!.run!;
  }

  function runAction(repo: Repo, script: string, extra: NodeJS.ProcessEnv) {
    const output = path.join(repo.dir, '..', `${path.basename(repo.dir)}-output`);
    writeFileSync(output, '');
    const result = spawnSync('bash', ['-e', '-c', script], {
      cwd: repo.dir,
      encoding: 'utf8',
      env: cleanEnv({
        GITHUB_OUTPUT: output,
        RUNNER_TEMP: tempDir('erg-runner-'),
        ERG_ACTION_PATH: ROOT,
        ERG_FORMAT: '',
        ERG_FAIL_ON: 'error',
        ERG_FETCH: 'false',
        ERG_SARIF: '',
        ERG_ARGS: '--base HEAD',
        ...extra,
      }),
    });
    const outputs = Object.fromEntries(
      readFileSync(output, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    return { status: result.status, stdout: result.stdout, outputs };
  }

  it('sets ok, error and warning counts and the report path, writes SARIF, and gates by exit code', async () => {
    const script = await actionScript();
    const repo = Repo.init();
    repo.write('.gitignore', 'node_modules/\n').write(REGISTRY, ONE).commit('v1');
    const bin = path.join(repo.dir, 'node_modules/.bin/error-registry-guard');
    repo.write(
      'node_modules/.bin/error-registry-guard',
      `#!/bin/sh\nexec "${process.execPath}" "${path.join(ROOT, 'dist/src/bin.cjs')}" "$@"\n`,
    );
    execFileSync('chmod', ['+x', bin]);
    repo.write(REGISTRY, REMOVED);
    const sarif = path.join(repo.dir, '..', `${path.basename(repo.dir)}.sarif`);
    const failed = runAction(repo, script, { ERG_SARIF: sarif });
    expect(failed.status).toBe(1);
    expect(failed.outputs).toMatchObject({ ok: 'false', errors: '1', warnings: '0', sarif });
    expect(JSON.parse(readFileSync(failed.outputs.report!, 'utf8'))).toMatchObject({ ok: false, command: 'check' });
    expect(JSON.parse(readFileSync(sarif, 'utf8'))).toMatchObject({ version: '2.1.0' });
    expect(failed.stdout).toContain('CODE_REMOVED');
    repo.write(REGISTRY, ONE);
    expect(runAction(repo, script, {})).toMatchObject({ status: 0, outputs: { ok: 'true', errors: '0' } });
  });

  it("without a local install runs exactly the version of the action's ref, never latest", async () => {
    const script = await actionScript();
    const repo = Repo.init();
    repo.write(REGISTRY, ONE).commit('v1');
    // A stand-in npx on PATH records what the action asks it to run.
    const fakeBin = tempDir('erg-fake-npx-');
    const log = path.join(fakeBin, 'calls');
    writeFileSync(path.join(fakeBin, 'npx'), `#!/bin/sh\necho "$@" >> "${log}"\necho '{}'\n`);
    execFileSync('chmod', ['+x', path.join(fakeBin, 'npx')]);
    runAction(repo, script, { PATH: `${fakeBin}:${process.env.PATH ?? ''}` });
    const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    const calls = readFileSync(log, 'utf8').trim().split('\n');
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls)
      expect(call).toMatch(new RegExp(`^--yes error-registry-guard@${version.replace(/\./g, '\\.')} check`));
    expect(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')).not.toContain('@latest');
  });
});
