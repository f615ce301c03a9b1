/**
 * JSON-schema validators for the files users write or commit (config, snapshots). The schemas are
 * published in `schemas/` and read from there, so the documentation and the check are one file.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { packageRoot } from './package-root.js';

const ajv = new Ajv({ allErrors: false, strict: false });

function load(name: string): ValidateFunction {
  const file = path.join(packageRoot(), 'schemas', name);
  return ajv.compile(JSON.parse(readFileSync(file, 'utf8')) as object);
}

let configValidator: ValidateFunction | undefined;
let snapshotValidator: ValidateFunction | undefined;

export const validateConfig = Object.assign(
  (data: unknown): boolean => {
    configValidator ??= load('config.schema.json');
    const ok = configValidator(data);
    validateConfig.errors = configValidator.errors;
    return ok;
  },
  { errors: null as ErrorObject[] | null | undefined },
);

export const validateSnapshot = Object.assign(
  (data: unknown): boolean => {
    snapshotValidator ??= load('snapshot.schema.json');
    const ok = snapshotValidator(data);
    validateSnapshot.errors = snapshotValidator.errors;
    return ok;
  },
  { errors: null as ErrorObject[] | null | undefined },
);

/** One line describing the first schema error, e.g. `allow[0].reason: must match pattern "\S"`. */
export function schemaErrorText(errors: ErrorObject[] | null | undefined): string {
  const error = errors?.[0];
  if (!error) return 'does not match its schema';
  const where = error.instancePath.replace(/^\//, '').replace(/\/(\d+)/g, '[$1]').replace(/\//g, '.') || '(top level)';
  const extra = error.keyword === 'additionalProperties' ? ` '${String((error.params as { additionalProperty?: string }).additionalProperty)}'` : '';
  const allowed = error.keyword === 'enum' ? ` (${((error.params as { allowedValues?: unknown[] }).allowedValues ?? []).join(', ')})` : '';
  return `${where}: ${error.message ?? 'is invalid'}${extra}${allowed}`;
}
