/** The usage matrix in the markdown PR comment and the GitHub job summary. */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model.js';
import { renderGithubSummary } from '../../src/report/github.js';
import { formatMarkdown } from '../../src/report/markdown.js';
import { makeReport, type Report } from '../../src/report/types.js';

const added: Finding = {
  rule: 'CODE_ADDED',
  severity: 'info',
  code: 'AUTH_NEW',
  message: 'AUTH_NEW (401) was added',
  path: 'docs/errors.md',
  line: 9,
};

function checkReport(): Report {
  return {
    ...makeReport('check', [{ path: 'docs/errors.md', entries: 2, baselines: [] }], [added], 'error'),
    usage: [
      { code: 'AUTH_OLD', raisedBy: [{ path: 'api/a.py', line: 3 }], handledBy: [] },
      { code: 'AUTH_NEW', raisedBy: [{ path: 'api/b.py', line: 7 }], handledBy: [{ path: 'web/src/x.ts', line: 2 }] },
    ],
  };
}

describe('usage matrix', () => {
  it('shows in the markdown comment the codes the change adds, with who raises and handles them', () => {
    const comment = formatMarkdown(checkReport(), { color: false, cwd: '/' });
    expect(comment).toContain('#### Usage of the codes this change adds or changes');
    expect(comment).toContain('| `AUTH_NEW` | `api/b.py:7` | `web/src/x.ts:2` |');
    // A code the change does not touch is not in the comment.
    expect(comment).not.toContain('AUTH_OLD');
  });

  it('shows the same rows in the job summary', () => {
    const summary = renderGithubSummary(checkReport());
    expect(summary).toContain('| `AUTH_NEW` | `api/b.py:7` | `web/src/x.ts:2` |');
    expect(summary).not.toContain('AUTH_OLD');
  });

  it('shows every code for a scan, with — where nobody raises or handles it', () => {
    const scan = { ...checkReport(), ...makeReport('scan', [], [], 'error'), usage: checkReport().usage };
    const comment = formatMarkdown(scan, { color: false, cwd: '/' });
    expect(comment).toContain('#### Usage of the registry codes');
    expect(comment).toContain('| `AUTH_OLD` | `api/a.py:3` | — |');
  });

  it('is absent without usage (a check without sources)', () => {
    const { usage: _, ...plain } = checkReport();
    expect(formatMarkdown(plain, { color: false, cwd: '/' })).not.toContain('Usage of');
    expect(renderGithubSummary(plain)).not.toContain('Usage of');
  });
});
