/**
 * The official SARIF 2.1.0 JSON schema (OASIS, tests/fixtures/sarif/: from
 * github.com/oasis-tcs/sarif-spec, sarif-2.1/schema/sarif-schema-2.1.0.json, with its licence),
 * a draft-04 schema, compiled with Ajv's draft-04 build and the standard formats.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

export function sarifValidator() {
  const schema = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return (document: unknown) => (validate(document) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
}
