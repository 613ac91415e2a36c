import type { ServiceItem } from '@grassroots/contracts';

// the guide's elements and their rules are the contract's: the API validates a body with the same schema
export { Material, ServiceItem } from '@grassroots/contracts';

/** What search reads: the name and code first, then the conditions and the materials. */
export const searchTextOf = (i: ServiceItem) =>
  [i.name, i.code, ...i.conditions, ...i.materials.map((m) => m.name)].join(' ');
