/**
 * audit rebuilds revisions from `git diff-tree -U0` patches: whatever the history and the user's git
 * configuration, it must report exactly what reading every blob reports, and rebuild every revision
 * byte for byte.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runAudit } from '../src/commands/audit.js';
import { GitRepo } from '../src/git/repo.js';
import { eachRevision, type Revision } from '../src/sources/history.js';
import { applyPatch, indexLines } from '../src/git/patch.js';
import { generateHistory } from '../scripts/lib/generate.js';
import { cleanEnv, Repo, REGISTRY, tempDir } from './helpers/repo.js';

interface Read {
  bytes: Buffer | undefined;
  source: Revision['source'];
}

/** Every revision of `file` along the history, as audit reads it (copied: the reader reuses its buffers). */
async function revisions(dir: string, via: 'patches' | 'blobs', file = REGISTRY): Promise<Read[]> {
  const repo = await GitRepo.open(dir);
  const history = (await repo.fileHistory(file)).reverse();
  const out: Read[] = [];
  await eachRevision(
    repo,
    history,
    (r) => {
      out.push({ bytes: r.bytes && Buffer.from(r.bytes), source: r.source });
    },
    via,
  );
  return out;
}

/** `git show COMMIT:PATH` of each revision audit reads (undefined where the file is not). */
async function shown(dir: string, file = REGISTRY): Promise<(Buffer | undefined)[]> {
  const history = (await (await GitRepo.open(dir)).fileHistory(file)).reverse();
  return history.map((c) => {
    try {
      return execFileSync('git', ['show', `${c.sha}:${c.path}`], {
        cwd: dir,
        env: cleanEnv(),
        stdio: ['ignore', 'pipe', 'ignore'],
      });
    } catch {
      return undefined;
    }
  });
}

/**
 * Audits `dir` both ways and checks they agree: the whole report (findings with their commits, in
 * order), and every revision's bytes. Returns where each revision came from.
 */
async function auditBothWays(
  dir: string,
  file = REGISTRY,
): Promise<{ report: Awaited<ReturnType<typeof runAudit>>; sources: Read['source'][] }> {
  const blobs = await runAudit({ cwd: dir, revisions: 'blobs' });
  const patches = await runAudit({ cwd: dir });
  expect(patches).toEqual(blobs);
  const read = await revisions(dir, 'patches', file);
  expect(read.map((r) => r.bytes)).toEqual((await revisions(dir, 'blobs', file)).map((r) => r.bytes));
  return { report: patches, sources: read.map((r) => r.source) };
}

// ------------------------------------------------------------------------------------------ property

/** A registry file as lines of bytes (no '\n'), and whether it ends with one. */
interface Text {
  lines: Buffer[];
  final: boolean;
}

const WORDS = [
  'user',
  'token',
  'expired',
  'not',
  'found',
  'quota',
  'session',
  'upload',
  'retry',
  'later',
  'payment',
  'declined',
];
const words = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 5 }).map((w) => w.join(' '));
const codeName = fc.stringMatching(/^[A-D]_[A-D0-9]{1,3}$/);
const row = fc
  .record({ code: codeName, status: fc.constantFrom(400, 401, 404, 409, 500), meaning: words })
  .map((r) => `| \`${r.code}\` | ${r.status} | ${r.meaning} |`);
const registryText = fc
  .array(fc.array(row, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 4 })
  .map((sections): Text => ({
    lines: [
      '# Registry',
      '',
      ...sections.flatMap((rows, s) => [
        `## Section ${s}`,
        '',
        '| code | status | meaning |',
        '|---|---|---|',
        ...rows,
        '',
      ]),
    ].map((l) => Buffer.from(l)),
    final: true,
  }));

/** What one revision does: several of these at once, or the file deleted, or only its mode changed. */
const edit = fc.oneof(
  fc.record({
    kind: fc.constantFrom(
      'reword',
      'status',
      'delete',
      'insert',
      'duplicate',
      'crlf',
      'nul',
      'latin1',
      'junk',
      'truncate',
      'split',
    ),
    at: fc.nat(),
    row,
    words,
  }),
  fc.record({
    kind: fc.constantFrom('section', 'final', 'allCrlf', 'noCrlf', 'empty', 'conflict', 'clean'),
    at: fc.nat(),
    row,
    words,
  }),
  registryText.map((text) => ({ kind: 'rewrite' as const, text })),
);
type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;
const revision = fc.oneof(
  { weight: 10, arbitrary: fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) => ({ edits })) },
  { weight: 1, arbitrary: fc.constantFrom({ deleteFile: true as const }, { modeOnly: true as const }) },
);
type RevisionPlan = typeof revision extends fc.Arbitrary<infer T> ? T : never;

function applyEdit(text: Text, e: Edit): Text {
  if (e.kind === 'rewrite') return e.text;
  const lines = [...text.lines];
  const rows = lines.map((l, i) => (l[0] === 0x7c && l[2] === 0x60 ? i : -1)).filter((i) => i >= 0);
  const at = rows.length > 0 ? rows[e.at % rows.length]! : Math.min(e.at % 4, lines.length);
  const anywhere = e.at % Math.max(1, lines.length);
  const replaceCell = (line: Buffer, cell: number, value: string) =>
    Buffer.from(
      line
        .toString('latin1')
        .split('|')
        .map((c, i) => (i === cell ? ` ${value} ` : c))
        .join('|'),
      'latin1',
    );
  switch (e.kind) {
    case 'reword':
      if (rows.length > 0) lines[at] = replaceCell(lines[at]!, 3, e.words);
      break;
    case 'status':
      if (rows.length > 0) lines[at] = replaceCell(lines[at]!, 2, String(400 + (e.at % 100)));
      break;
    case 'delete':
      if (rows.length > 0) lines.splice(at, 1);
      break;
    case 'insert':
      lines.splice(at + (e.at % 2), 0, Buffer.from(e.row));
      break;
    case 'duplicate':
      if (rows.length > 0) lines.splice(at, 0, lines[at]!);
      break;
    case 'crlf':
      if (lines.length > 0) lines[anywhere] = Buffer.concat([lines[anywhere]!, Buffer.from('\r')]);
      break;
    case 'nul':
      if (lines.length > 0) lines[anywhere] = Buffer.concat([lines[anywhere]!, Buffer.from([0])]);
      break;
    case 'latin1':
      if (lines.length > 0) lines[anywhere] = Buffer.concat([lines[anywhere]!, Buffer.from([0xe9, 0xff])]);
      break;
    case 'junk':
      lines.splice(
        at,
        0,
        Buffer.from(
          ['plain words', '', '## Heading', '|---|---|', '<!--', '| x |', `[ref]: http://example.com`][e.at % 7]!,
        ),
      );
      break;
    case 'truncate':
      lines.splice(Math.max(0, lines.length - 1 - (e.at % 5)), e.at % 5);
      break;
    case 'split':
      // Rows far apart and close together in one revision: several hunks, some a line apart.
      for (const r of rows.filter((_, i) => i % 2 === e.at % 2)) lines[r] = replaceCell(lines[r]!, 3, e.words);
      break;
    case 'section':
      lines.push(
        Buffer.from(''),
        Buffer.from(`## Added ${e.at % 10}`),
        Buffer.from(''),
        Buffer.from('| code | status | meaning |'),
        Buffer.from('|---|---|---|'),
        Buffer.from(e.row),
      );
      break;
    case 'final':
      return { lines, final: !text.final };
    case 'allCrlf':
      return {
        lines: lines.map((l) => (l.at(-1) === 0x0d ? l : Buffer.concat([l, Buffer.from('\r')]))),
        final: text.final,
      };
    case 'noCrlf':
      return { lines: lines.map((l) => (l.at(-1) === 0x0d ? l.subarray(0, -1) : l)), final: text.final };
    case 'empty':
      return { lines: [], final: false };
    case 'clean':
      // Back to a readable file: no NUL, no bytes that are not UTF-8.
      return {
        lines: lines.map((l) => Buffer.from(l.toString('latin1').replace(/[\0\xe9\xff]/g, ''), 'latin1')),
        final: text.final,
      };
    case 'conflict':
      lines.splice(
        at,
        0,
        Buffer.from('<<<<<<< HEAD'),
        Buffer.from(e.row),
        Buffer.from('======='),
        Buffer.from('>>>>>>> side'),
      );
      break;
  }
  return { lines, final: text.final };
}

function bytesOf(text: Text): Buffer {
  const parts: Buffer[] = [];
  text.lines.forEach((l, i) => parts.push(l, ...(i < text.lines.length - 1 || text.final ? [Buffer.from('\n')] : [])));
  return Buffer.concat(parts);
}

/** A repository whose registry goes through `plan`, one commit a revision, written with one `git fast-import`. */
function historyRepo(first: Text, plan: RevisionPlan[]): string {
  const dir = tempDir();
  execFileSync('git', ['init', '-q', '-b', 'main', dir], { env: cleanEnv() });
  let text = first;
  const chunks: Buffer[] = [];
  [{ edits: [] as Edit[] }, ...plan].forEach((step, r) => {
    const header = `commit refs/heads/main\ncommitter Gen <gen@example.com> ${1700000000 + r * 60} +0000\ndata 4\nr${String(r).padStart(3, '0')}\n`;
    if ('deleteFile' in step) {
      chunks.push(Buffer.from(`${header}D ${REGISTRY}\n\n`));
      return;
    }
    if ('edits' in step) for (const e of step.edits) text = applyEdit(text, e);
    const data = bytesOf(text);
    const mode = 'modeOnly' in step ? '100755' : '100644';
    chunks.push(Buffer.from(`${header}M ${mode} inline ${REGISTRY}\ndata ${data.length}\n`), data, Buffer.from('\n\n'));
  });
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: Buffer.concat(chunks), env: cleanEnv() });
  return dir;
}

describe('audit from patches: the same as from blobs', () => {
  it('gives the findings reading every blob gives, and rebuilds every revision byte for byte, over random histories', async () => {
    const sources: Read['source'][] = [];
    await fc.assert(
      fc.asyncProperty(registryText, fc.array(revision, { minLength: 1, maxLength: 12 }), async (first, plan) => {
        const dir = historyRepo(first, plan);
        sources.push(...(await auditBothWays(dir)).sources);
      }),
      { numRuns: 40 },
    );
    // Most revisions must have come from patches: else this compared blobs with blobs.
    expect(sources.filter((s) => s === 'patch').length).toBeGreaterThan(sources.length / 2);
  }, 120_000);

  it('splits a long history over several diff-tree processes, and still gives what the blobs give', async () => {
    const dir = tempDir();
    generateHistory(dir, { revisions: 450, codes: 60 });
    const { report, sources } = await auditBothWays(dir);
    expect(report.findings.length).toBeGreaterThan(40);
    expect(sources.slice(1).every((s) => s === 'patch')).toBe(true);
  }, 60_000);
});

// ---------------------------------------------------------------------------------- scratch histories

const table = (...rows: string[]) =>
  `# Registry\n\n| code | status | meaning |\n|---|---|---|\n${rows.map((c) => `| ${c} | 400 | ${c.toLowerCase()} failed |`).join('\n')}\n`;

describe('audit from patches: histories git shapes', () => {
  it('reads the revision across a rename (log --follow) as a blob, and patches on both sides of it', async () => {
    const repo = Repo.init();
    repo.write('docs/errors.md', table('A_ONE', 'A_TWO', 'A_THREE')).commit('one');
    repo.write('docs/errors.md', table('A_ONE', 'A_TWO')).commit('drop three');
    mkdirSync(path.join(repo.dir, path.dirname(REGISTRY)), { recursive: true });
    repo.git('mv', 'docs/errors.md', REGISTRY);
    repo.commit('move');
    repo.write(REGISTRY, table('A_ONE')).commit('drop two');
    repo.write(REGISTRY, table('A_ONE', 'A_FOUR')).commit('four');
    const { report, sources } = await auditBothWays(repo.dir);
    expect(report.findings.map((f) => [f.code, f.path])).toEqual([
      ['A_THREE', 'docs/errors.md'],
      ['A_TWO', REGISTRY],
    ]);
    expect(sources).toEqual(['blob', 'patch', 'blob', 'patch', 'patch']);
    expect((await revisions(repo.dir, 'patches')).map((r) => r.bytes)).toEqual(await shown(repo.dir));
  });

  it('a deleted and re-created file: the deletion is an empty revision, the new file a blob', async () => {
    const repo = Repo.init();
    repo.write(REGISTRY, table('A_ONE', 'A_TWO')).commit('two');
    repo.git('rm', '-q', REGISTRY);
    repo.commit('delete the registry');
    repo.write(REGISTRY, table('A_ONE')).commit('back, with one code');
    repo.write(REGISTRY, table('A_ONE', 'A_THREE')).commit('three');
    const { report, sources } = await auditBothWays(repo.dir);
    expect(report.findings.map((f) => [f.rule, f.code])).toEqual([
      ['CODE_REMOVED', 'A_ONE'],
      ['CODE_REMOVED', 'A_TWO'],
    ]);
    expect(sources).toEqual(['blob', 'blob', 'blob', 'patch']);
    expect((await revisions(repo.dir, 'patches')).map((r) => r.bytes)).toEqual(await shown(repo.dir));
  });

  it('follows the first-parent line through merges', async () => {
    const repo = Repo.init();
    repo.write(REGISTRY, table('A_ONE', 'A_TWO')).commit('one');
    repo.git('checkout', '-q', '-b', 'side');
    repo.write(REGISTRY, table('A_ONE', 'A_TWO', 'B_TWO')).commit('side adds B_TWO');
    repo.write(REGISTRY, table('A_TWO', 'B_TWO')).commit('side drops A_ONE');
    repo.git('checkout', '-q', 'main');
    repo.write(REGISTRY, table('A_ONE', 'A_TWO', 'C_THREE')).commit('main adds C_THREE');
    // The merge takes side's removal of A_ONE (a break on the first-parent line) and keeps C_THREE.
    repo.git('merge', '-q', '--no-edit', '-s', 'ours', 'side');
    repo.write(REGISTRY, table('A_TWO', 'B_TWO', 'C_THREE'));
    repo.git('add', '-A');
    repo.git('commit', '-q', '--amend', '--no-edit');
    repo.write(REGISTRY, table('A_TWO', 'B_TWO', 'C_THREE', 'D_FOUR')).commit('four');
    const { report, sources } = await auditBothWays(repo.dir);
    expect(report.findings.map((f) => [f.rule, f.code, f.commit?.subject])).toEqual([
      ['CODE_REMOVED', 'A_ONE', "Merge branch 'side'"],
    ]);
    expect(sources).toEqual(['blob', 'patch', 'patch', 'patch']);
  });

  it('patches a revision git would call binary (a NUL byte), and reports it unreadable', async () => {
    const repo = Repo.init();
    repo.write(REGISTRY, table('A_ONE', 'A_TWO')).commit('one');
    repo.write(REGISTRY, table('A_ONE', 'A_TWO').replace('a_two', 'a\0two')).commit('a NUL');
    repo.write(REGISTRY, table('A_ONE')).commit('fixed, and A_TWO gone');
    const { report, sources } = await auditBothWays(repo.dir);
    expect(report.findings.map((f) => f.rule)).toEqual(['PARSE_ERROR', 'CODE_REMOVED']);
    expect(sources).toEqual(['blob', 'patch', 'patch']);
  });

  it('compares the revision after an unreadable one with the one before it, as it was', async () => {
    const repo = Repo.init();
    const rows = ['A_ONE', 'A_TWO', 'A_THREE'];
    repo.write(REGISTRY, table(...rows)).commit('one');
    repo.write(REGISTRY, table(...rows, 'A_FOUR')).commit('four');
    repo.write(REGISTRY, table(...rows, 'A_FOUR').replace('a_two', 'a\0two')).commit('a NUL');
    repo
      .write(REGISTRY, table(...rows, 'A_FOUR').replace('a_three failed', 'a_three killed'))
      .commit('readable again, A_THREE reworded');
    repo
      .write(
        REGISTRY,
        table(...rows, 'A_FOUR')
          .replace('a_three failed', 'a_three killed')
          .replace('a_one failed', 'a_one killed'),
      )
      .commit('A_ONE reworded');
    const { report, sources } = await auditBothWays(repo.dir);
    expect(report.findings.map((f) => [f.rule, f.code, f.commit?.subject])).toEqual([
      ['PARSE_ERROR', undefined, 'a NUL'],
      ['MEANING_CHANGED', 'A_THREE', 'readable again, A_THREE reworded'],
      ['MEANING_CHANGED', 'A_ONE', 'A_ONE reworded'],
    ]);
    expect(sources).toEqual(['blob', 'patch', 'patch', 'patch', 'patch']);
  });

  /** A history with hunks one, two and three lines apart, blank lines, CRLF, and a last line without '\n'. */
  function editedHistory(repo: Repo, file = REGISTRY, alongside?: string): void {
    const rows = ['A_ONE', 'A_TWO', 'A_THREE', 'A_FOUR', 'A_FIVE', 'A_SIX', 'A_SEVEN', 'A_EIGHT'];
    let text = table(...rows);
    const save = (message: string, next: string) => {
      // Another file changed in every commit (one a pathspec read as a glob would match too).
      if (alongside) repo.write(alongside, `${message}\n`);
      repo.write(file, (text = next)).commit(message);
    };
    save('one', text);
    save(
      'three rows reworded, one and two lines apart',
      text
        .replace('a_one failed', 'a_one broke')
        .replace('a_three failed', 'a_three killed')
        .replace('a_six failed', 'x'),
    );
    save(
      'two rows gone, blank lines and notes',
      `${text.replace(/^\| A_THREE .*\n/m, '').replace(/^\| A_SEVEN .*\n/m, '')}\n\nNotes.\n\n\n`,
    );
    save('CRLF, no final newline', text.replace(/\n/g, '\r\n').replace(/\s+$/, ''));
    save('LF again, one more row gone', `${text.replace(/\r/g, '').replace(/^\| A_TWO .*\n/m, '')}\n`);
  }

  /** What editedHistory breaks, in order. */
  const EDITED_BREAKS = [
    ['MEANING_CHANGED', 'A_ONE', 'three rows reworded, one and two lines apart'],
    ['MEANING_CHANGED', 'A_THREE', 'three rows reworded, one and two lines apart'],
    ['MEANING_CHANGED', 'A_SIX', 'three rows reworded, one and two lines apart'],
    ['CODE_REMOVED', 'A_SEVEN', 'two rows gone, blank lines and notes'],
    ['CODE_REMOVED', 'A_THREE', 'two rows gone, blank lines and notes'],
    ['CODE_REMOVED', 'A_TWO', 'LF again, one more row gone'],
  ];

  it('ignores attributes that would make the patch binary (-diff) or rewrite it (textconv)', async () => {
    const repo = Repo.init();
    const upper = path.join(repo.dir, '.git', 'upper.sh');
    writeFileSync(upper, '#!/bin/sh\ntr a-z A-Z < "$1"\n');
    chmodSync(upper, 0o755);
    repo.git('config', 'diff.upper.textconv', upper);
    repo.write('.gitattributes', '*.md -diff\n');
    editedHistory(repo);
    const binary = await auditBothWays(repo.dir);
    expect(binary.sources.filter((s) => s === 'patch')).toHaveLength(4);
    writeFileSync(path.join(repo.dir, '.git', 'info', 'attributes'), '*.md diff=upper\n');
    const textconv = await auditBothWays(repo.dir);
    expect(textconv.report).toEqual(binary.report);
    expect(textconv.sources).toEqual(binary.sources);
    expect(binary.report.findings.map((f) => [f.rule, f.code, f.commit?.subject])).toEqual(EDITED_BREAKS);
  });

  it('ignores configuration that would change the patch: context, colour, external diff, prefixes, quoted paths', async () => {
    const repo = Repo.init();
    const external = path.join(repo.dir, '.git', 'external.sh');
    writeFileSync(external, '#!/bin/sh\necho "@@ -1 +1 @@"\necho "-not what it was"\n');
    chmodSync(external, 0o755);
    const settings: [string, string][] = [
      ['diff.interHunkContext', '3'],
      ['diff.context', '5'],
      ['color.ui', 'always'],
      ['color.diff', 'always'],
      ['diff.external', external],
      ['diff.noprefix', 'true'],
      ['diff.mnemonicPrefix', 'true'],
      ['core.quotePath', 'true'],
      ['diff.suppressBlankEmpty', 'true'],
      ['diff.algorithm', 'patience'],
    ];
    for (const [key, value] of settings) repo.git('config', key, value);
    // A path git quotes (non-ASCII), with glob characters in it: matched literally, not as
    // docs/errörs.md, which changes in every commit too.
    const file = 'docs/errör[s].md';
    repo.write('error-registry-guard.config.json', JSON.stringify({ registry: file }));
    editedHistory(repo, file, 'docs/errörs.md');
    const { report, sources } = await auditBothWays(repo.dir, file);
    expect(sources).toEqual(['blob', 'patch', 'patch', 'patch', 'patch']);
    expect(report.findings.map((f) => [f.rule, f.code, f.commit?.subject])).toEqual(EDITED_BREAKS);
    expect((await revisions(repo.dir, 'patches', file)).map((r) => r.bytes)).toEqual(await shown(repo.dir, file));
  });
});

// ------------------------------------------------------------------------------- the guard, and fallbacks

/** A diff-tree record of REGISTRY with these hunk lines. */
const record = (...lines: string[]) =>
  Buffer.from([`diff --git a/x b/x`, 'index 1111111..2222222 100644', '--- a/x', '+++ b/x', ...lines, ''].join('\n'));

describe('applyPatch', () => {
  const old = Buffer.from('one\ntwo\nthree\nfour\n');
  const lines = indexLines(old);

  it('rebuilds the new revision and says which lines changed', () => {
    const patched = applyPatch(old, lines, record('@@ -2 +2,2 @@', '-two', '+TWO', '+2b', '@@ -4 +4,0 @@', '-four'));
    expect(patched?.bytes.toString()).toBe('one\nTWO\n2b\nthree\n');
    expect(patched?.lines.count).toBe(4);
    expect(patched?.changes).toEqual([
      { a: 1, oldEnd: 2, oldFrom: 4, oldTo: 8, newFrom: 4, newTo: 11 },
      { a: 3, oldEnd: 4, oldFrom: 14, oldTo: 19, newFrom: 17, newTo: 17 },
    ]);
    expect([...patched!.lines.starts.subarray(0, 5)]).toEqual([0, 4, 8, 11, 17]);
  });

  it('inserts at the top, and at the end', () => {
    expect(applyPatch(old, lines, record('@@ -0,0 +1 @@', '+zero', '@@ -4,0 +6 @@', '+five'))?.bytes.toString()).toBe(
      'zero\none\ntwo\nthree\nfour\nfive\n',
    );
  });

  it('maps "\\ No newline at end of file" exactly, and then leaves finding the changed lines to the parser', () => {
    const dropped = applyPatch(old, lines, record('@@ -4 +4 @@', '-four', '+four', '\\ No newline at end of file'));
    expect(dropped?.bytes.toString()).toBe('one\ntwo\nthree\nfour');
    expect(dropped?.changes).toBeUndefined();
    const unended = Buffer.from('one\ntwo');
    const added = applyPatch(
      unended,
      indexLines(unended),
      record('@@ -2 +2,2 @@', '-two', '\\ No newline at end of file', '+two', '+three'),
    );
    expect(added?.bytes.toString()).toBe('one\ntwo\nthree\n');
  });

  it('a mode change alone (headers, no hunks) is the same content', () => {
    const patched = applyPatch(old, lines, Buffer.from('diff --git a/x b/x\nold mode 100644\nnew mode 100755\n'));
    expect(patched?.bytes).toBe(old);
    expect(patched?.changes).toEqual([]);
  });

  it.each([
    ['a removed line that is not the old one', record('@@ -2 +2 @@', '-TWO', '+2')],
    ['a line past the end', record('@@ -5 +5 @@', '-five', '+5')],
    ['a count that does not add up', record('@@ -2,2 +2 @@', '-two', '+2')],
    ['more lines than counted', record('@@ -2 +2 @@', '-two', '+2', '+3')],
    ['a new position that does not follow', record('@@ -2 +3 @@', '-two', '+2')],
    ['hunks out of order', record('@@ -3 +3 @@', '-three', '+3', '@@ -1 +1 @@', '-one', '+1')],
    ['a line without a marker', record('@@ -2 +2 @@', '-two', '2')],
    [
      'a new line without newline before others',
      record('@@ -2 +2,2 @@', '-two', '+2', '\\ No newline at end of file', '+3'),
    ],
    ['a new line without newline not at the end', record('@@ -2 +2 @@', '-two', '+2', '\\ No newline at end of file')],
    [
      'a removed line marked without newline that has one',
      record('@@ -4 +4 @@', '-four', '\\ No newline at end of file', '+4'),
    ],
    [
      'a binary patch',
      Buffer.from('diff --git a/x b/x\nindex 1111111..2222222 100644\nBinary files a/x and b/x differ\n'),
    ],
    [
      'a new file',
      Buffer.from(
        'diff --git a/x b/x\nnew file mode 100644\nindex 0000000..2222222\n--- /dev/null\n+++ b/x\n@@ -0,0 +1 @@\n+one\n',
      ),
    ],
    [
      'a deleted file',
      Buffer.from(
        'diff --git a/x b/x\ndeleted file mode 100644\nindex 1111111..0000000\n--- a/x\n+++ /dev/null\n@@ -1,4 +0,0 @@\n-one\n-two\n-three\n-four\n',
      ),
    ],
    [
      'a submodule',
      Buffer.from(
        'diff --git a/x b/x\nindex 1111111..2222222 160000\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-Subproject commit 1111111\n+Subproject commit 2222222\n',
      ),
    ],
    ['two files', Buffer.concat([record('@@ -2 +2 @@', '-two', '+2'), record('@@ -2 +2 @@', '-two', '+2')])],
    ['hunks without ---/+++ lines', Buffer.from('diff --git a/x b/x\n@@ -2 +2 @@\n-two\n+2\n')],
    ['a cut record', Buffer.from('diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -2 +2 @@\n-two\n+2')],
    ['not a record', Buffer.from('Some other output\n')],
  ])('declines %s', (_, patch) => {
    expect(applyPatch(old, lines, patch)).toBeUndefined();
  });
});

describe('eachRevision falls back to the blob', () => {
  /** A repository stand-in: blobs by name, and the diff-tree record each commit's pair gets. */
  function fakeRepo(blobs: Map<string, Buffer>, records: Map<string, Buffer | null | undefined>): GitRepo {
    const fake = {
      eachObject: () => Promise.reject(new Error('not used')),
      objectReader: () => ({ read: (name: string) => Promise.resolve(blobs.get(name)), close: () => undefined }),
      diffPairs: (_: string, pairs: { commit: string }[]) => pairs.map((p) => Promise.resolve(records.get(p.commit))),
    };
    return fake as unknown as GitRepo;
  }
  const commit = (sha: string, file = 'r.md') => ({ sha, author: '', email: '', date: '', subject: '', path: file });

  it('when git failed, when a record does not apply, and across a rename or a missing file', async () => {
    const v = ['one\n', 'one\ntwo\n', 'one\n2\n', 'one\n2\nthree\n', 'ONE\n'].map((t) => Buffer.from(t));
    const history = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((sha) =>
      commit(sha, sha === 'g' || sha === 'h' ? 'moved.md' : 'r.md'),
    );
    const blobs = new Map([
      ['a:r.md', v[0]!],
      ['b:r.md', v[1]!],
      ['c:r.md', v[2]!],
      ['d:r.md', v[3]!],
      ['e:r.md', v[3]!],
      ['g:moved.md', v[4]!],
      ['h:moved.md', v[4]!],
    ]);
    const deleted = Buffer.from(
      'diff --git a/x b/x\ndeleted file mode 100644\nindex 1111111..0000000\n--- a/x\n+++ /dev/null\n@@ -1,3 +0,0 @@\n-one\n-2\n-three\n',
    );
    const records = new Map<string, Buffer | null | undefined>([
      ['b', undefined], // git failed: the blob
      ['c', record('@@ -2 +2 @@', '-TWO', '+2')], // does not apply: the blob
      ['d', record('@@ -2,0 +3 @@', '+three')], // applies
      ['e', null], // the same content
      ['f', deleted], // a deleted file: the blob, which is not there
      // g: another path (a rename): the blob
      ['h', null],
    ]);
    const read: Read[] = [];
    await eachRevision(fakeRepo(blobs, records), history, (r) => {
      read.push({ bytes: r.bytes && Buffer.from(r.bytes), source: r.source });
    });
    expect(read.map((r) => [r.bytes?.toString(), r.source])).toEqual([
      ['one\n', 'blob'],
      ['one\ntwo\n', 'blob'],
      ['one\n2\n', 'blob'],
      ['one\n2\nthree\n', 'patch'],
      ['one\n2\nthree\n', 'patch'],
      [undefined, 'blob'],
      ['ONE\n', 'blob'],
      ['ONE\n', 'patch'],
    ]);
  });
});
