import { CaseTypeSpec, type CaseType } from '../core/cases/case-type.ts';
import { MODULES } from '../modules.ts';

/** A case type as docs/WORKFLOWS.md shows it: parsed as the registry parses it, with the module that declares it. */
export type DocumentedCaseType = CaseType & { module?: string };

/**
 * Every case type of the product, from the module list of the composition root, in module order: a new
 * module's types appear in the document without a line here. Defaults are filled in; no deployment's own limits.
 */
export function allCaseTypes(): DocumentedCaseType[] {
  return MODULES.flatMap((m) => (m.caseTypes ?? []).map((t) => ({ ...CaseTypeSpec.parse(t), module: m.name })));
}
