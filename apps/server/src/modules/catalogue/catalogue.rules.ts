import { ServiceItem } from '@grassroots/contracts';
import { badInput } from '../../core/errors.ts';

// the guide's elements and their rules are the contract's: the API validates a body with the same schema
export { Material, ServiceItem } from '@grassroots/contracts';

/** What search reads: the name and code first, then the conditions and the materials. */
export const searchTextOf = (i: ServiceItem) =>
  [i.name, i.code, ...i.conditions, ...i.materials.map((m) => m.name)].join(' ');

/**
 * A guide from what is not a parsed body (an imported sheet's row, the demo's and the tests' plain objects),
 * checked with the contract's schema: a 400 naming the first wrong field, its defaults filled in.
 */
export function parseServiceItem(input: unknown, fieldPrefix = ''): ServiceItem {
  const parsed = ServiceItem.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = `${fieldPrefix}${issue.path.join('.')}` || 'item';
    throw badInput(
      field,
      `办事指南有误：${issue.path.join('.')} ${issue.message}`,
      `Invalid guide: ${issue.path.join('.')} ${issue.message}`,
    );
  }
  return parsed.data;
}
