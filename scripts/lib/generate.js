// Generated registries and git histories for the benchmark and the scale tests.
// Deterministic: the same arguments give the same bytes.
import { execFileSync } from 'node:child_process';

const HEADER = '| code | status | meaning | frontend handling |\n|---|---:|---|---|\n';
const STATUSES = [400, 401, 403, 404, 409, 422, 429, 500, 502, 503];
const SECTION_SIZE = 50;

/**
 * Entry i of a generated registry. Code i belongs to section i/50 for good, so that removing a code
 * does not move the codes after it into another section (which no real edit does). Rows stay near
 * 90 bytes: 100,000 codes fit under the parser's default 10 MiB limit.
 */
export function entry(i, revision = 0) {
  return {
    code: `GEN_${String(i).padStart(6, '0')}_FAILED`,
    status: STATUSES[i % STATUSES.length],
    meaning: `Failure ${i} of the \`worker\` pipeline${revision ? ` (revision ${revision})` : ''}`,
    handling: i % 3 === 0 ? 'Retry later' : 'Show *generic* error',
    section: Math.floor(i / SECTION_SIZE) + 1,
  };
}

/** Markdown for a list of entries: one table per section (by position, 50 a section, for entries without one). */
export function render(entries) {
  let out = '# Generated registry\n\nSource of truth for generated problem `code` values.\n';
  let section;
  entries.forEach((e, index) => {
    const s = e.section ?? Math.floor(index / SECTION_SIZE) + 1;
    if (s !== section) out += `\n## Section ${(section = s)}\n\n${HEADER}`;
    out += `| \`${e.code}\` | ${e.status} | ${e.meaning} | ${e.handling} |\n`;
  });
  return out;
}

/** A registry of n codes. */
export function generateRegistry(n) {
  return render(Array.from({ length: n }, (_, i) => entry(i)));
}

/**
 * The next revision of a registry of n codes, with changes spread through it: every 100th code
 * removed, every 100th (offset 50) reworded, every 200th (offset 25) changing status, and n/100
 * new codes. Returns the markdown and how many of each change it made.
 */
export function evolveRegistry(n) {
  const entries = [];
  const counts = { removed: 0, reworded: 0, statusChanged: 0, added: 0 };
  for (let i = 0; i < n; i++) {
    if (i % 100 === 0) {
      counts.removed++;
      continue;
    }
    const e = entry(i);
    if (i % 100 === 50) {
      e.meaning = `Reworded failure ${i} of the pipeline`;
      counts.reworded++;
    }
    if (i % 200 === 25) {
      e.status = e.status === 500 ? 502 : 500;
      counts.statusChanged++;
    }
    entries.push(e);
  }
  for (let i = n; i < n + Math.max(1, Math.floor(n / 100)); i++) {
    entries.push(entry(i));
    counts.added++;
  }
  return { markdown: render(entries), counts };
}

/**
 * A git repository at `dir` whose registry has `revisions` commits, built with one `git fast-import`
 * stream. Each revision changes one code's handling; every 25th adds a code, every 10th rewords
 * one, every 50th removes one. Returns the
 * number of breaking changes (removals + rewordings) the history holds.
 */
export function generateHistory(dir, { revisions, codes, path = 'docs/protocols/common/http-error-codes.md' }) {
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  const entries = Array.from({ length: codes }, (_, i) => entry(i));
  let next = codes;
  let breaks = 0;
  const chunks = [];
  for (let r = 0; r < revisions; r++) {
    if (r > 0) {
      // Every revision touches one code's handling (not breaking); the size stays near `codes`.
      const touched = (r * 31) % entries.length;
      entries[touched] = { ...entries[touched], handling: `Handling revised at revision ${r}` };
      if (r % 25 === 0) entries.push(entry(next++));
      if (r % 10 === 0) {
        const i = (r * 7) % entries.length;
        entries[i] = { ...entries[i], meaning: `Reworded at revision ${r}: ${entries[i].code.toLowerCase()}` };
        breaks++;
      }
      if (r % 50 === 0) {
        entries.splice((r * 13) % entries.length, 1);
        breaks++;
      }
    }
    const data = Buffer.from(render(entries));
    const message = `revision ${r}`;
    chunks.push(
      Buffer.from(
        `commit refs/heads/main\nauthor Gen <gen@example.com> ${1700000000 + r * 60} +0000\ncommitter Gen <gen@example.com> ${1700000000 + r * 60} +0000\ndata ${Buffer.byteLength(message)}\n${message}\nM 100644 inline ${path}\ndata ${data.length}\n`,
      ),
      data,
      Buffer.from('\n'),
    );
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: Buffer.concat(chunks), maxBuffer: 1 << 30 });
  execFileSync('git', ['checkout', '-q', '-f', 'main'], { cwd: dir });
  return { breaks };
}
