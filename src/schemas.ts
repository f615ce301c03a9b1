/**
 * JSON-schema validators for the files users write or commit (config, snapshots). The schemas in
 * `schemas/` are the published contract; `npm run build` compiles them ahead of time into
 * `src/generated/validators.ts` (ajv standalone code, same options), so a run does not load and
 * compile ajv. A test holds the generated file to the schemas and to ajv's own verdicts.
 */
import type { ErrorObject } from 'ajv';
import { validateConfig as configValidator, validateSnapshot as snapshotValidator } from './generated/validators.js';

/** A compiled validator: ajv's calling convention, errors left on the function after a call. */
type Compiled = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

function wrap(compiled: Compiled) {
  const validate = Object.assign(
    (data: unknown): boolean => {
      const ok = compiled(data);
      validate.errors = compiled.errors;
      return ok;
    },
    { errors: null as ErrorObject[] | null | undefined },
  );
  return validate;
}

export const validateConfig = wrap(configValidator as Compiled);

export const validateSnapshot = wrap(snapshotValidator as Compiled);

/** One line describing the first schema error, e.g. `allow[0].reason: must match pattern "\S"`. */
export function schemaErrorText(errors: ErrorObject[] | null | undefined): string {
  const error = errors?.[0];
  if (!error) return 'does not match its schema';
  const where =
    error.instancePath
      .replace(/^\//, '')
      .replace(/\/(\d+)/g, '[$1]')
      .replace(/\//g, '.') || '(top level)';
  const extra =
    error.keyword === 'additionalProperties'
      ? ` '${String((error.params as { additionalProperty?: string }).additionalProperty)}'`
      : '';
  const allowed =
    error.keyword === 'enum'
      ? ` (${((error.params as { allowedValues?: unknown[] }).allowedValues ?? []).join(', ')})`
      : '';
  return `${where}: ${error.message ?? 'is invalid'}${extra}${allowed}`;
}
