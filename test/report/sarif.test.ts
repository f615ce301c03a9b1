import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, test } from 'vitest';
import { RULES, docsUrl } from '../../src/checks/catalog.js';
import type { Finding } from '../../src/model.js';
import type { sarifLog } from '../../src/report/sarif.js';
import { formatSarif } from '../../src/report/sarif.js';
import { OPTIONS, finding, realReport, realReportWithAllowed, reportWith } from './real-report.js';

type Log = ReturnType<typeof sarifLog>;
type Result = Log['runs'][number]['results'][number];

/**
 * The OASIS SARIF 2.1.0 schema (draft-07), vendored. ajv has no formats built in: the two the
 * results rely on are checked here, `uri` (absolute) and `uri-reference` (relative paths too).
 */
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addFormat('uri', (s: string) => URL.canParse(s) && /^[a-z][a-z0-9+.-]*:/i.test(s) && !/\s/.test(s));
ajv.addFormat(
  'uri-reference',
  (s: string) => /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/.test(s) && !/%(?![0-9A-Fa-f]{2})/.test(s),
);
ajv.addFormat('date-time', () => true);
const validate = ajv.compile(
  JSON.parse(readFileSync(new URL('../fixtures/sarif/sarif-schema-2.1.0.json', import.meta.url), 'utf8')) as object,
);

function expectValid(log: unknown): void {
  const ok = validate(log);
  expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
  expect(ok).toBe(true);
}

const logOf = (findings: Finding[]) => JSON.parse(formatSarif(reportWith(findings), OPTIONS)) as Log;
const resultsOf = (findings: Finding[]): Result[] => logOf(findings).runs[0]!.results;

describe('schema validity', () => {
  test('the real v1 to v2 report, failing and with an accepted finding, is valid SARIF 2.1.0', () => {
    expectValid(JSON.parse(formatSarif(realReport(), OPTIONS)));
    expectValid(JSON.parse(formatSarif(realReportWithAllowed(), OPTIONS)));
  });

  test('edge cases stay valid: no findings, a whole-file finding, odd paths, an unknown rule', () => {
    expectValid(logOf([]));
    expectValid(
      logOf([
        finding({ line: 0 }),
        finding({ path: 'docs/my errors #1/%x.md' }),
        finding({ rule: 'FUTURE_RULE', code: undefined }),
      ]),
    );
  });

  test('the vendored schema rejects what SARIF forbids (the validation can fail)', () => {
    const log = JSON.parse(formatSarif(realReport(), OPTIONS)) as { runs: { results: { level: string }[] }[] };
    log.runs[0]!.results[0]!.level = 'fatal';
    expect(validate(log)).toBe(false);
    expect(validate({ version: '2.0.0', runs: [] })).toBe(false);
    // The format checks bite too: a raw space in a URI reference, a relative helpUri.
    const spaced = JSON.parse(formatSarif(realReport(), OPTIONS)) as Log;
    spaced.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri = 'my errors.md';
    expect(validate(spaced)).toBe(false);
    const relative = JSON.parse(formatSarif(realReport(), OPTIONS)) as {
      runs: { tool: { driver: { rules: { helpUri: string }[] } } }[];
    };
    relative.runs[0]!.tool.driver.rules[0]!.helpUri = 'docs/rules/PARSE_ERROR.md';
    expect(validate(relative)).toBe(false);
  });
});

describe('driver and rules', () => {
  test('one rule per catalog entry, in catalog order, with its documentation and default level', () => {
    const driver = logOf([]).runs[0]!.tool.driver;
    expect(driver.name).toBe('error-registry-guard');
    expect(driver.rules.map((r) => r.id)).toEqual([...RULES.keys()]);
    const removed = driver.rules.find((r) => r.id === 'CODE_REMOVED');
    expect(removed).toMatchObject({
      helpUri: docsUrl('CODE_REMOVED'),
      defaultConfiguration: { level: 'error' },
      shortDescription: { text: RULES.get('CODE_REMOVED')!.summary },
    });
    expect(driver.rules.find((r) => r.id === 'CODE_ADDED')).toMatchObject({ defaultConfiguration: { level: 'note' } });
  });

  test('ruleIndex points at the result’s rule, including a rule outside the catalog', () => {
    const log = logOf([finding({ rule: 'MEANING_CHANGED' }), finding({ rule: 'FUTURE_RULE' })]);
    const rules = log.runs[0]!.tool.driver.rules;
    for (const r of log.runs[0]!.results) expect(rules[r.ruleIndex]?.id).toBe(r.ruleId);
  });
});

describe('results', () => {
  test('levels: error, warning, note', () => {
    const levels = resultsOf([finding(), finding({ severity: 'warning' }), finding({ severity: 'info' })]).map(
      (r) => r.level,
    );
    expect(levels).toEqual(['error', 'warning', 'note']);
  });

  test('location is the registry path relative to %SRCROOT%, with the line', () => {
    const [r] = resultsOf([finding({ line: 25 })]);
    expect(r?.locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: finding().path, uriBaseId: '%SRCROOT%' },
          region: { startLine: 25 },
        },
      },
    ]);
  });

  test('paths become URI references; a whole-file finding has no region', () => {
    const [r] = resultsOf([finding({ path: './docs/my errors #1.md', line: 0 })]);
    expect(r?.locations[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: 'docs/my%20errors%20%231.md', uriBaseId: '%SRCROOT%' },
    });
  });

  test('accepted findings carry an external suppression with the reason', () => {
    const [accepted, open] = resultsOf([
      finding({ allowed: true, reason: 'renamed with care' }),
      finding({ code: 'OTHER' }),
    ]);
    expect(accepted?.suppressions).toEqual([{ kind: 'external', justification: 'renamed with care' }]);
    expect(open).not.toHaveProperty('suppressions');
  });

  test('the message names the code and says what changed', () => {
    const report = realReport();
    const results = JSON.parse(formatSarif(report, OPTIONS)) as Log;
    const meaning = results.runs[0]!.results.find((r) => r.ruleId === 'MEANING_CHANGED');
    expect(meaning?.message.text).toBe(
      'AGENT_SESSION_RUN_LIMIT_EXCEEDED: meaning was reworded; confirm it keeps the semantics (allow it with a reason) or add a new code\n' +
        'before: Session already reached max run count (start + 1 follow-up)\n' +
        'after: Session already reached max message count (2 user messages per session: initial divination + 1 follow-up)\n' +
        'against: git:origin/main@abc1234',
    );
  });
});

describe('partial fingerprints', () => {
  test('do not change when the line moves, and differ by rule, code and path', () => {
    const at = (overrides: Partial<Finding>) => resultsOf([finding(overrides)])[0]!.partialFingerprints;
    const base = at({ line: 10 });
    expect(at({ line: 200, message: 'other wording' })).toEqual(base);
    expect(at({ code: 'OTHER' })).not.toEqual(base);
    expect(at({ rule: 'STATUS_CHANGED' })).not.toEqual(base);
    expect(at({ path: 'other.md' })).not.toEqual(base);
  });

  test('are unique within a run even for repeated rule and code (else code scanning merges the alerts)', () => {
    const dup = (line: number) => finding({ rule: 'DUPLICATE_CODE', code: 'TWICE', line });
    const results = resultsOf([dup(3), dup(9), dup(12)]);
    const lineHashes = results.map((r) => r.partialFingerprints.primaryLocationLineHash);
    const ours = results.map((r) => r.partialFingerprints['errorRegistryGuard/v1']);
    expect(new Set(lineHashes).size).toBe(3);
    expect(new Set(ours).size).toBe(3);
    // Same shape as CodeQL's line hash: 16 hex digits and the occurrence number.
    expect(lineHashes.map((h) => h.replace(/^[0-9a-f]{16}:/, ''))).toEqual(['1', '2', '3']);
  });

  test('all results of the real report have distinct fingerprints', () => {
    const results = (JSON.parse(formatSarif(realReport(), OPTIONS)) as Log).runs[0]!.results;
    expect(new Set(results.map((r) => r.partialFingerprints.primaryLocationLineHash)).size).toBe(results.length);
  });
});
