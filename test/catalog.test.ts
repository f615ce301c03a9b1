import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { docsUrl, RULES } from '../src/index.js';
import { ROOT } from './helpers/fixtures.js';

describe('rule catalog', () => {
  it('has a doc page for every rule, naming its default severity', () => {
    for (const rule of RULES.values()) {
      const page = path.join(ROOT, 'docs/rules', `${rule.id}.md`);
      expect(existsSync(page), page).toBe(true);
      const text = readFileSync(page, 'utf8');
      expect(text.startsWith(`# ${rule.id}\n`)).toBe(true);
      expect(text).toContain(`Default severity: **${rule.severity}**`);
      expect(docsUrl(rule.id)).toMatch(new RegExp(`/docs/rules/${rule.id}\\.md$`));
    }
  });

  it('lists the contract rule ids with their default severities', () => {
    expect(Object.fromEntries([...RULES.values()].map((r) => [r.id, r.severity]))).toEqual({
      PARSE_ERROR: 'error',
      DUPLICATE_CODE: 'error',
      INVALID_CODE_FORMAT: 'error',
      INVALID_STATUS: 'error',
      NON_ERROR_STATUS: 'warning',
      EMPTY_MEANING: 'error',
      EMPTY_HANDLING: 'warning',
      CODE_REMOVED: 'error',
      CODE_RENAMED: 'error',
      STATUS_CHANGED: 'error',
      MEANING_CHANGED: 'error',
      HANDLING_CHANGED: 'warning',
      CODE_MOVED: 'info',
      CODE_DEPRECATED: 'info',
      CODE_ADDED: 'info',
      CODE_REINTRODUCED: 'error',
      UNUSED_ALLOW: 'warning',
      SNAPSHOT_CHANGED: 'error',
      SNAPSHOT_INVALID: 'error',
      POLICY_CHANGED: 'error',
      DETAIL_BRANCHING: 'error',
      UNKNOWN_CODE: 'error',
      UNREGISTERED_CODE: 'error',
      DEPRECATED_CODE_USED: 'warning',
      CODE_UNHANDLED: 'warning',
      CODE_NOT_RAISED: 'info',
      GENERATED_STALE: 'error',
    });
  });
});
