import { type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { auth, type ResponseOf } from '@grassroots/contracts';
import { ApiError, setCsrfToken } from '../shared/api.ts';
import { call } from '../shared/client.ts';

/** The signed-in member of staff as the server describes them (the contract's wire side). */
export type Me = ResponseOf<typeof auth.me>;

export const ME_KEY = ['me'];

export async function fetchMe(): Promise<Me | null> {
  try {
    const me = await call(auth.me);
    setCsrfToken(me.csrfToken ?? '');
    return me;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

const meQuery = { queryKey: ME_KEY, queryFn: fetchMe, staleTime: Infinity, retry: false } as const;

/** The signed-in member of staff, or null. Loaded once and kept; a 401 anywhere clears it. */
export function useMe() {
  return useQuery(meQuery);
}

/**
 * Asks for /me now, unless it is known or on its way: called as the console's code starts and before each page inside
 * the layout, so the question runs beside the page's code and data instead of after the layout's first render.
 */
export function prefetchMe(client: QueryClient) {
  void client.prefetchQuery(meQuery);
}

export function useCan() {
  const { data } = useMe();
  return (permission: string) => !!data?.permissions.includes(permission);
}

export function useLogout() {
  const qc = useQueryClient();
  return async () => {
    await call(auth.logout).catch(() => undefined);
    setCsrfToken('');
    qc.clear();
    window.location.assign('/console/login?reason=loggedOut');
  };
}
