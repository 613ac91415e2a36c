import type { Problem } from '../shared/api.ts';

/**
 * Which of a form's fields a problem+json names, and the message for each. The server names
 * fields by their path in the request (body.fields.days, fields.toDepartmentId, opinion);
 * the console's forms name them by the contract's field name (days, toDepartmentId, opinion).
 */
export function fieldErrors(
  problem: Problem,
  formFields: string[],
  english: boolean,
): Array<{ name: string; text: string }> {
  const issues = problem.errors?.length
    ? problem.errors
    : problem.field
      ? [{ field: problem.field, message: problem.message, messageEn: problem.messageEn }]
      : [];
  const names = new Set(formFields);
  return issues
    .map((i) => ({
      name: i.field
        .replace(/^body\./, '')
        .replace(/^fields\./, '')
        .split('.')[0]!,
      text: english ? (i.messageEn ?? i.message) : i.message,
    }))
    .filter((i) => names.has(i.name));
}
