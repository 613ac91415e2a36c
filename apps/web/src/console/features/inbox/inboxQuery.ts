import type { QueryClient } from '@tanstack/react-query';
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

/** One page of an inbox list. */
export const inboxQuery = (params: InboxParams, cursor?: string) => ({
  queryKey: ['inbox', params, cursor],
  queryFn: () => call(cases.list, { query: { ...params, cursor, limit: 20 } }),
});

let prefetched = false;

/**
 * The router's loader asks for the list's first page as soon as the inbox is navigated to, beside the page's own code
 * (this module is small, so it sits in the console's first chunk).
 */
export function prefetchInbox(client: QueryClient, list: InboxParams['list']) {
  prefetched = true;
  void client.prefetchQuery(inboxQuery({ list, sort: 'due' }));
}

/**
 * How long the page mounting next takes what is cached as fresh: the loader's answer, just asked for, for up to ten
 * seconds (asking again would put a spinner over the rows it already has); any later mount asks again, as before.
 * Given once per prefetch: read it in a state initialiser.
 */
export function takePrefetchedStaleTime() {
  const staleTime = prefetched ? 10_000 : 0;
  prefetched = false;
  return staleTime;
}
