/**
 * SARIF 2.1.0 for code scanning (github/codeql-action/upload-sarif and other SARIF consumers): one
 * run, every rule of the catalog as a reporting descriptor, one result per finding.
 */
import { docsUrl, RULES } from '../checks/catalog.js';
import type { Finding, Severity } from '../model.js';
import { packageVersion } from '../package.js';
import { findingDetails, findingMessage } from './details.js';
import { findingIdentity, fingerprints, hexDigest, occurrences } from './fingerprint.js';
import { jsonText } from './safe-text.js';
import type { Formatter, Report } from './types.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const TOOL_NAME = 'error-registry-guard';
export const INFORMATION_URI = 'https://github.com/error-registry-guard/error-registry-guard';

type Level = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, Level> = { error: 'error', warning: 'warning', info: 'note' };

/** A repository-relative path as a URI reference: each segment percent-encoded, so spaces or `#` in a name stay part of the path. */
function pathUri(p: string): string {
  return p.replace(/\\/g, '/').replace(/^\.\//, '').split('/').map(encodeURIComponent).join('/');
}

function rule(id: string) {
  const info = RULES.get(id);
  // A rule outside the catalog still gets a descriptor, so every result's ruleIndex is valid.
  if (!info) return { id, shortDescription: { text: id } };
  // Code scanning shows the short and full descriptions at the top of an alert, and the help below it.
  return {
    id,
    shortDescription: { text: info.summary },
    fullDescription: { text: info.summary },
    help: { text: `${info.summary} See ${docsUrl(id)}`, markdown: `${info.summary} [${id}](${docsUrl(id)})` },
    helpUri: docsUrl(id),
    defaultConfiguration: { level: LEVEL[info.severity] },
    properties: { tags: ['error-registry', info.kind] },
  };
}

/** The SARIF log as an object; `toolVersion` is the driver's version (the package's in `formatSarif`). */
export function sarifLog(report: Report, toolVersion: string) {
  const ids = [...RULES.keys()];
  for (const f of report.findings) if (!ids.includes(f.rule)) ids.push(f.rule);
  const counts = occurrences(report.findings);
  const ours = fingerprints(report.findings, 'sha256');
  const results = report.findings.map((f: Finding, i) => {
    const physicalLocation = {
      artifactLocation: { uri: pathUri(f.path), uriBaseId: '%SRCROOT%' },
      ...(f.line > 0 ? { region: { startLine: f.line, ...(f.column ? { startColumn: f.column } : {}) } } : {}),
    };
    return {
      ruleId: f.rule,
      ruleIndex: ids.indexOf(f.rule),
      level: LEVEL[f.severity],
      message: { text: [findingMessage(f), ...findingDetails(f)].join('\n') },
      locations: [{ physicalLocation }],
      partialFingerprints: {
        'errorRegistryGuard/v1': ours[i] ?? '',
        // Code scanning matches alerts across commits by this key. Left out, upload-sarif would
        // hash the text at the line: removed codes all sit at their section's table line and would
        // merge into one alert. Same shape as CodeQL's (hash:occurrence), without the line.
        primaryLocationLineHash: `${hexDigest(findingIdentity(f), 'sha256').slice(0, 16)}:${counts[i] ?? 1}`,
      },
      ...(f.allowed
        ? { suppressions: [{ kind: 'external', justification: f.reason ?? 'accepted by an allow entry' }] }
        : {}),
      properties: {
        ...(f.code !== undefined ? { code: f.code } : {}),
        ...(f.against ? { against: f.against } : {}),
      },
    };
  });
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: toolVersion,
            informationUri: INFORMATION_URI,
            rules: ids.map(rule),
          },
        },
        results,
      },
    ],
  };
}

export const formatSarif: Formatter = (report) => jsonText(sarifLog(report, packageVersion()));
