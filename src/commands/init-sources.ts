/**
 * What `init` proposes for `sources`, from the project files it finds: `pubspec.yaml` → a Dart
 * consumer under its `lib/`; `pyproject.toml` or `requirements.txt` → a Python producer; a
 * `package.json` that depends on a frontend framework → a TS/JS consumer under its `src/`. A glob is
 * proposed only when it selects a file (a scan refuses a glob that matches nothing).
 */
import path from 'node:path';
import type { SourceConfig } from '../config/sources.js';
import { readBoundedText } from '../files/read.js';
import { workTreeFiles } from '../git/files.js';
import type { GitRepo } from '../git/repo.js';
import { CONFIG_MAX_BYTES } from '../limits.js';
import { selectFiles } from '../scan/select.js';

const FRONTEND_FRAMEWORKS = ['react', 'vue', 'svelte', '@angular/core', 'next', 'nuxt', 'solid-js', 'preact', 'lit'];

function under(dir: string, glob: string): string {
  return dir === '.' || dir === '' ? glob : `${dir}/${glob}`;
}

function isFrontend(file: string): boolean {
  try {
    const manifest = JSON.parse(readBoundedText(file, { what: 'package.json', maxBytes: CONFIG_MAX_BYTES })) as {
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
    const deps = { ...manifest.dependencies, ...manifest.devDependencies };
    return FRONTEND_FRAMEWORKS.some((name) => name in deps);
  } catch {
    return false; // an unreadable package.json proposes nothing
  }
}

export async function proposeSources(repo: GitRepo): Promise<SourceConfig[]> {
  const files = (await workTreeFiles(repo)).filter((f) => !f.split('/').includes('node_modules'));
  const proposed: SourceConfig[] = [];
  const seen = new Set<string>();
  const propose = (source: SourceConfig) => {
    if (seen.has(source.path) || selectFiles(files, [source]).length === 0) return;
    seen.add(source.path);
    proposed.push(source);
  };
  for (const file of files) {
    const dir = path.posix.dirname(file);
    const name = path.posix.basename(file);
    if (name === 'pubspec.yaml') propose({ path: under(dir, 'lib/**/*.dart'), role: 'consumer' });
    else if (name === 'pyproject.toml' || name === 'requirements.txt')
      propose({ path: under(dir, '**/*.py'), role: 'producer' });
    else if (name === 'package.json' && isFrontend(path.join(repo.root, file)))
      propose({ path: under(dir, 'src/**/*.{ts,tsx,js,jsx}'), role: 'consumer' });
  }
  return proposed;
}
