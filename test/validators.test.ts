/**
 * The CLI validates config and snapshots with code generated from schemas/ at build time. These
 * tests hold that code to the published schemas: the committed file is what the build would write,
 * and it gives ajv's own verdicts and first errors on the same inputs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OUTPUT, validatorsSource } from '../scripts/build-validators.js';
import { validateConfig, validateSnapshot } from '../src/schemas.js';
import { ROOT } from './helpers/fixtures.js';

const ajv = new Ajv({ allErrors: false, strict: false });
const schema = (name: string) => JSON.parse(readFileSync(path.join(ROOT, 'schemas', name), 'utf8')) as object;
const reference = {
  config: ajv.compile(schema('config.schema.json')),
  snapshot: ajv.compile(schema('snapshot.schema.json')),
};
const generated = { config: validateConfig, snapshot: validateSnapshot };

/** Verdict and errors of both validators, for one input. */
function both(kind: 'config' | 'snapshot', data: unknown): [unknown, unknown] {
  const ok = reference[kind](data);
  const mine = generated[kind](data);
  const view = (errors: ErrorObject[] | null | undefined) =>
    (errors ?? []).map(({ instancePath, keyword, params, message }) => ({ instancePath, keyword, params, message }));
  return [
    { ok: mine, errors: view(generated[kind].errors) },
    { ok, errors: view(reference[kind].errors) },
  ];
}

const snapshot = JSON.parse(readFileSync(path.join(ROOT, 'snapshots/2.0.0.json'), 'utf8')) as Record<string, unknown>;

describe('generated validators', () => {
  it('are what the build writes from the schemas (run npm run build after editing schemas/)', () => {
    expect(readFileSync(OUTPUT, 'utf8')).toBe(validatorsSource());
  });

  it('accept the committed config and snapshots', () => {
    expect(validateConfig(JSON.parse(readFileSync(path.join(ROOT, 'error-registry-guard.config.json'), 'utf8')))).toBe(
      true,
    );
    for (const file of readdirSync(path.join(ROOT, 'snapshots'))) {
      expect(validateSnapshot(JSON.parse(readFileSync(path.join(ROOT, 'snapshots', file), 'utf8')))).toBe(true);
    }
  });

  it.each([
    [{ allow: [{ rule: 'CODE_REMOVED', code: 'X', reason: '' }] }],
    [{ allow: [{ rule: 'CODE_REMOVED', code: 'X' }] }],
    [{ rules: { CODE_REMOVED: 'fatal' } }],
    [{ rules: { 'lower-case': 'off' } }],
    [{ registy: 'x.md' }],
    [{ registries: [] }],
    [{ registries: ['a.md', { path: '' }] }],
    [{ registries: [{ path: 'a.md', extra: 1 }] }],
    [{ registry: '' }],
    [{ registry: '\u{1F600}' }],
    [[]],
    [null],
    ['text'],
  ])('judge config %j as ajv does', (config) => {
    const [mine, theirs] = both('config', config);
    expect(mine).toEqual(theirs);
  });

  it.each([
    [{ ...snapshot, schemaVersion: 0 }],
    [{ ...snapshot, schemaVersion: 1.5 }],
    [{ ...snapshot, version: 'v1' }],
    [
      {
        ...snapshot,
        entries: [{ code: 'A', status: '400', meaning: 'm', handling: 'h', section: 's', deprecated: false }],
      },
    ],
    [
      {
        ...snapshot,
        entries: [{ code: '', status: 400, meaning: 'm', handling: 'h', section: 's', deprecated: false }],
      },
    ],
    [{ ...snapshot, retired: [{ code: 'A' }] }],
    [{ ...snapshot, accepted: [{ rule: 'CODE_REMOVED' }] }],
    [{ ...snapshot, previous: 3 }],
    [{ ...snapshot, unknown: true }],
  ])('judge snapshot %# as ajv does', (data) => {
    const [mine, theirs] = both('snapshot', data);
    expect(mine).toEqual(theirs);
  });

  it('judge random configs and snapshots as ajv does', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.constantFrom('', ' ', 'CODE_REMOVED', 'A_B', 'error', 'off', 'x.md', '1.2.3'),
    );
    const value = fc.oneof(
      text,
      fc.integer({ min: -2, max: 600 }),
      fc.boolean(),
      fc.constant(null),
      fc.double({ noNaN: true }),
    );
    const keys = [
      'registry',
      'snapshots',
      'registries',
      'baseBranch',
      'rules',
      'allow',
      '$schema',
      'path',
      'rule',
      'code',
      'reason',
      'other',
    ];
    const leaf = fc.oneof(
      value,
      fc.array(value, { maxLength: 3 }),
      fc.dictionary(fc.constantFrom(...keys, 'CODE_ADDED', 'bad key'), value, { maxKeys: 3 }),
    );
    const config = fc.dictionary(
      fc.constantFrom(...keys),
      fc.oneof(leaf, fc.array(fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: 4 }), { maxLength: 2 })),
      { maxKeys: 4 },
    );
    fc.assert(
      fc.property(config, (data) => {
        const [mine, theirs] = both('config', data);
        expect(mine).toEqual(theirs);
      }),
      { numRuns: 500 },
    );
    const entry = fc.record(
      {
        code: text,
        status: fc.oneof(fc.integer({ min: 100, max: 599 }), fc.constant(null), text),
        meaning: text,
        handling: text,
        section: text,
        deprecated: fc.oneof(fc.boolean(), text),
      },
      { requiredKeys: ['code', 'status'] },
    );
    const snapshots = fc.record(
      {
        schemaVersion: fc.oneof(fc.integer({ min: 0, max: 3 }), text),
        version: text,
        previous: fc.oneof(text, fc.constant(null)),
        registry: text,
        entries: fc.array(entry, { maxLength: 3 }),
        accepted: fc.array(fc.record({ rule: text, code: text, reason: text }, { requiredKeys: ['rule'] }), {
          maxLength: 2,
        }),
        retired: fc.array(fc.record({ code: text, version: text, reason: text }, { requiredKeys: ['code'] }), {
          maxLength: 2,
        }),
      },
      { requiredKeys: ['schemaVersion', 'version', 'entries'] },
    );
    fc.assert(
      fc.property(snapshots, (data) => {
        const [mine, theirs] = both('snapshot', data);
        expect(mine).toEqual(theirs);
      }),
      { numRuns: 500 },
    );
  });
});
