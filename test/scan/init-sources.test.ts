/** `init` proposes `sources` from the project files it finds, and only globs that select a file. */
import { describe, expect, it } from 'vitest';
import { V2 } from '../helpers/fixtures.js';
import { Repo, REGISTRY } from '../helpers/repo.js';
import { parse as parseJsonc } from 'jsonc-parser';

describe('init proposes sources', () => {
  it('from pubspec.yaml, pyproject.toml or requirements.txt, and a frontend package.json', () => {
    const repo = Repo.init().copy(V2);
    repo
      .write('backend/pyproject.toml', '[project]\nname = "api"\n')
      .write('backend/app/main.py', 'app = None\n')
      .write('mobile/pubspec.yaml', 'name: app\n')
      .write('mobile/lib/main.dart', 'void main() {}\n')
      .write('web/package.json', JSON.stringify({ dependencies: { react: '^19.0.0' } }))
      .write('web/src/App.tsx', 'export const App = () => null;\n')
      // Not proposed: a package without a frontend framework, a pubspec without Dart under lib/.
      .write('tools/package.json', JSON.stringify({ dependencies: { yaml: '^2.0.0' } }))
      .write('tools/src/cli.ts', 'export {};\n')
      .write('plugin/pubspec.yaml', 'name: plugin\n')
      .commit('project');
    const result = repo.cli(['init']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const config = parseJsonc(repo.read('error-registry-guard.config.json')) as {
      sources: unknown[];
      registry: string;
    };
    expect(config.registry).toBe(REGISTRY);
    expect(config.sources).toEqual([
      { path: 'backend/**/*.py', role: 'producer' },
      { path: 'mobile/lib/**/*.dart', role: 'consumer' },
      { path: 'web/src/**/*.{ts,tsx,js,jsx}', role: 'consumer' },
    ]);
    expect(result.stdout).toContain('sources: backend/**/*.py (producer), mobile/lib/**/*.dart (consumer)');
    // What it proposes is a config scan runs with.
    expect(repo.cli(['scan']).status).not.toBe(2);
  });

  it('proposes none in a project without such files', () => {
    const repo = Repo.init().copy(V2);
    repo.commit('registry');
    expect(repo.cli(['init']).status).toBe(0);
    expect(repo.read('error-registry-guard.config.json')).not.toContain('"sources"');
  });
});
