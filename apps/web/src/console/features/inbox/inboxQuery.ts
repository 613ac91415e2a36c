import { cases } from '@grassroots/contracts';
import { call } from '../../../shared/client.ts';

export const LISTS = ['mine', 'department', 'dueSoon', 'overdue', 'all'] as const;

/** The list a search names, or the department's (the inbox's first view). */
export const listOf = (search: { list?: string }) => LISTS.find((l) => l === search.list) ?? 'department';

export interface InboxParams {
  list: (typeof LISTS)[number];
  type?: string;
  status?: string;
  division?: string;
  sort: 'due' | 'opened';
  openedFrom?: string;
  openedTo?: string;
}

/**
 * One page of an inbox list: the page reads it and the router asks for the first page as soon as the inbox is
 * navigated to, beside the page's own code (small, so it sits in the console's first chunk). A page fetched less than
 * ten seconds ago is fresh: the page mounting just after the router's fetch does not ask again (its table would show
 * a spinner over the rows it already has); a case's actions invalidate the lists (CasePage).
 */
export const inboxQuery = (params: InboxParams, cursor?: string) => ({
  queryKey: ['inbox', params, cursor],
  queryFn: () => call(cases.list, { query: { ...params, cursor, limit: 20 } }),
  staleTime: 10_000,
});
