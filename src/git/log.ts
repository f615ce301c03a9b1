/**
 * A file's history as `git log --follow` gives it (see `GitRepo.fileHistory`): the argv, and the
 * parsing of its output into commits.
 */

export interface Commit {
  sha: string;
  author: string;
  email: string;
  date: string;
  subject: string;
  /** Path of the file at this commit (differs from today's path before a rename). */
  path: string;
}

const SEP = '\u001f';

/** The `git log` argv listing the commits that touched PATH, newest first, following renames. */
export function fileHistoryArgs(path: string): string[] {
  return [
    'log',
    '--follow',
    // The line of history that became HEAD: consecutive entries are then parent and child, and a
    // merge is compared with the branch it was merged into (not with a commit of the other branch).
    '--first-parent',
    '--diff-merges=first-parent',
    '--name-only',
    // NUL-terminated names, as they are: without -z git quotes a name with non-ASCII characters,
    // quotes or backslashes ("docs/err\303\266r.md"), and the quoted name is no object.
    '-z',
    `--format=%x1e%H${SEP}%an${SEP}%ae${SEP}%aI${SEP}%s`,
    '--end-of-options',
    'HEAD',
    '--',
    path,
  ];
}

/** The commits in the output of `fileHistoryArgs(path)`, with the path each had then. */
export function parseFileHistory(out: string, path: string): Commit[] {
  const commits: Commit[] = [];
  // Each record: "\x1e" header "\0" "\n"? name "\0".
  for (const record of out.split('\u001e')) {
    if (record.trim() === '' || record.replace(/\0/g, '').trim() === '') continue;
    const [header = '', ...rest] = record.split('\0');
    const [sha = '', author = '', email = '', date = '', subject = ''] = header.split(SEP);
    const file = rest.map((l) => l.replace(/^\n/, '')).find((l) => l !== '') ?? path;
    commits.push({ sha, author, email, date, subject, path: file });
  }
  return commits;
}
