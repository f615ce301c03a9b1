/**
 * Golden files: every format's exact output for the real v1 → v2 history, as it fails and after a
 * reviewer accepted the rewording. Regenerate with `UPDATE_GOLDEN=1 npx vitest run test/report`
 * and review the diff before committing it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { formatGithub, renderGithubSummary } from '../../src/report/github.js';
import { formatGitlab } from '../../src/report/gitlab.js';
import { formatJunit } from '../../src/report/junit.js';
import { formatMarkdown } from '../../src/report/markdown.js';
import { packageVersion } from '../../src/package.js';
import { formatSarif, sarifLog } from '../../src/report/sarif.js';
import type { Report } from '../../src/report/types.js';
import { OPTIONS, realReport, realReportWithAllowed } from './real-report.js';

const GOLDEN = new URL('./golden/', import.meta.url);

function expectGolden(name: string, actual: string): void {
  const file = new URL(name, GOLDEN);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) throw new Error(`golden file ${name} is missing: run with UPDATE_GOLDEN=1 and review it`);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

// The SARIF driver carries the package version; the golden files must not change with each release.
const sarifGolden = (report: Report) => `${JSON.stringify(sarifLog(report, '0.0.0-golden'), null, 2)}\n`;

const FORMATS: [string, (report: Report) => string][] = [
  ['github.txt', (r) => formatGithub(r, OPTIONS)],
  ['github-summary.md', (r) => renderGithubSummary(r)],
  ['sarif.json', sarifGolden],
  ['comment.md', (r) => formatMarkdown(r, OPTIONS)],
  ['junit.xml', (r) => formatJunit(r, OPTIONS)],
  ['gitlab.json', (r) => formatGitlab(r, OPTIONS)],
];

describe.each([
  ['v1-v2', realReport],
  ['v1-v2-allowed', realReportWithAllowed],
])('%s', (prefix, build) => {
  test.each(FORMATS)('%s', (suffix, render) => {
    expectGolden(`${prefix}.${suffix}`, render(build()));
  });
});

test('the real report is the one the golden files describe', () => {
  // Guards the fixture itself: if parsing or the rules change, the goldens must be reviewed again.
  const report = realReport();
  expect(report.summary).toEqual({ errors: 2, warnings: 1, infos: 28, allowed: 0, failing: 2 });
  expect(report.findings.filter((f) => f.severity !== 'info').map((f) => [f.rule, f.code, f.line])).toEqual([
    ['NON_ERROR_STATUS', 'TOOL_PENDING_APPROVAL', 99],
    ['CODE_REMOVED', 'AGENT_OUTPUT_DIVINATION_INVALID', 25],
    ['MEANING_CHANGED', 'AGENT_SESSION_RUN_LIMIT_EXCEEDED', 27],
  ]);
  expect(realReportWithAllowed().summary).toEqual({ errors: 1, warnings: 1, infos: 28, allowed: 1, failing: 1 });
});

test('formatSarif is the golden SARIF with the package version as the driver version', () => {
  const report = realReport();
  const log = JSON.parse(formatSarif(report, OPTIONS)) as ReturnType<typeof sarifLog>;
  const version = (
    JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  ).version;
  expect(packageVersion()).toBe(version);
  expect(log.runs[0]?.tool.driver.version).toBe(version);
  expect(log).toEqual(sarifLog(report, version));
});
