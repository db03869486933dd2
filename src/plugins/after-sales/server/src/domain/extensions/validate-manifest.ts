import Ajv, { type ErrorObject } from 'ajv';
import semver from 'semver';
import { MANIFEST_SCHEMA } from './contribution-points';
import { validateWorkflowDefinition } from '../workflow/validate-definition';
import { approvalSettingsOf } from '../workflow/configured-approvers';
import { itemKindProblems } from '../item-kinds/item-kind';
import type { ConfigurationProperty, ExtensionCandidate, ExtensionManifest, ManifestProblem } from './types';

const ajv = new Ajv({ allErrors: false, strict: false });
const validateSchema = ajv.compile(MANIFEST_SCHEMA);

/**
 * The JSON schema a setting's value is checked against: the property without what only the form
 * reads (label, description, enumLabels: per-language objects, which JSON schema does not allow)
 * and without its default.
 */
export const valueSchemaOf = (property: ConfigurationProperty): Record<string, unknown> => {
  const { label: _label, description: _description, enumLabels: _enumLabels, default: _default, ...schema } = property;
  return schema;
};

/** `/contributes/workflows/0/transitions/2/to` → `contributes.workflows[0].transitions[2].to` */
const toFieldPath = (pointer: string): string =>
  pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');

const describe = (error: ErrorObject): { field: string; message: string } => {
  const base = toFieldPath(error.instancePath);
  if (error.keyword === 'additionalProperties') {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    const field = base ? `${base}.${extra}` : extra;
    return { field, message: base === 'contributes' ? `unknown contribution point "${extra}"` : `unknown property "${extra}"` };
  }
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    return { field: base ? `${base}.${missing}` : missing, message: 'is required' };
  }
  return { field: base || '(manifest)', message: error.message ?? 'is invalid' };
};

export type ManifestValidation = { ok: true; manifest: ExtensionManifest } | { ok: false; problem: ManifestProblem };

/**
 * Validates one manifest on its own: JSON shape, engine range, and what each contribution must
 * satisfy internally (e.g. a transition naming an unknown state). Cross-extension checks
 * (dependencies, references to other extensions' workflows) are in `resolveExtensions`.
 */
export const validateManifest = (candidate: ExtensionCandidate, engineVersion: string): ManifestValidation => {
  const fail = (field: string, message: string): ManifestValidation => ({ ok: false, problem: { file: candidate.manifestFile, field, message } });
  if (candidate.readError) return fail('(file)', candidate.readError);
  if (!candidate.manifest || typeof candidate.manifest !== 'object') return fail('afterSales', 'the package.json has no "afterSales" manifest object');
  if (!validateSchema(candidate.manifest)) {
    const { field, message } = describe(validateSchema.errors![0]);
    return fail(`afterSales.${field}`.replace(/\.$/, ''), message);
  }
  const manifest = { ...(candidate.manifest as unknown as ExtensionManifest) };
  manifest.version = manifest.version ?? candidate.packageVersion ?? '0.0.0';
  if (!semver.validRange(manifest.engines.afterSales)) return fail('afterSales.engines.afterSales', `"${manifest.engines.afterSales}" is not a semver range`);
  if (!semver.satisfies(engineVersion, manifest.engines.afterSales)) {
    return fail('afterSales.engines.afterSales', `requires after-sales engine ${manifest.engines.afterSales}, this is ${engineVersion}`);
  }
  for (const [i, workflow] of (manifest.contributes?.workflows ?? []).entries()) {
    let first: { path: string; message: string } | undefined;
    try {
      [first] = validateWorkflowDefinition(workflow);
    } catch (error) {
      first = { path: '(workflow)', message: `cannot be checked: ${(error as Error).message}` };
    }
    if (first) return fail(`afterSales.contributes.workflows[${i}].${first.path}`, first.message);
    for (const { transition, key } of approvalSettingsOf(workflow)) {
      if (manifest.contributes?.configuration?.properties?.[key]?.type !== 'array') {
        return fail(
          `afterSales.contributes.workflows[${i}].transitions[${transition}].approval.departmentsSetting`,
          `names no list setting of this manifest ("${key}" under contributes.configuration)`
        );
      }
    }
  }
  const kinds = manifest.contributes?.itemKinds ?? [];
  for (const [i, kind] of kinds.entries()) {
    const workflow = (manifest.contributes?.workflows ?? []).find((w) => w.id === kind.id);
    if (!workflow) return fail(`afterSales.contributes.itemKinds[${i}].id`, `names no workflow of this manifest ("${kind.id}"): an item kind is declared beside its workflow`);
    if (workflow.contentType !== kind.contentType) return fail(`afterSales.contributes.itemKinds[${i}].contentType`, `must be ${workflow.contentType}, the content type of workflow "${kind.id}"`);
    const [problem] = itemKindProblems(kind, kinds);
    if (problem) return fail(`afterSales.contributes.itemKinds[${i}].${problem.field}`, problem.message);
  }
  const configuration = manifest.contributes?.configuration;
  for (const [key, property] of Object.entries(configuration?.properties ?? {})) {
    let check;
    try {
      check = ajv.compile(valueSchemaOf(property));
    } catch (error) {
      return fail(`afterSales.contributes.configuration.properties.${key}`, `is not a valid JSON schema: ${(error as Error).message}`);
    }
    if (!check(property.default)) {
      return fail(`afterSales.contributes.configuration.properties.${key}.default`, `does not match its own schema (${check.errors?.[0]?.message})`);
    }
  }
  return { ok: true, manifest };
};
