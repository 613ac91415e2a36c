import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, setCsrfToken } from '../shared/api.ts';

export interface Me {
  id: string;
  username: string;
  displayName: string;
  departmentId: string;
  departmentName: string;
  divisionCode: string;
  divisionName: string;
  roles: Array<{ role: string; scope: string }>;
  permissions: string[];
  csrfToken: string;
  secondFactorRequired: boolean;
  /** the server's business date, YYYY-MM-DD */
  today: string;
}

export const ME_KEY = ['me'];

export async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api.get<Me>('/api/v1/auth/me');
    setCsrfToken(me.csrfToken);
    return me;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

/** The signed-in member of staff, or null. Loaded once and kept; a 401 anywhere clears it. */
export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: Infinity, retry: false });
}

export function useCan() {
  const { data } = useMe();
  return (permission: string) => !!data?.permissions.includes(permission);
}

export function useLogout() {
  const qc = useQueryClient();
  return async () => {
    await api.post('/api/v1/auth/logout').catch(() => undefined);
    setCsrfToken('');
    qc.clear();
    window.location.assign('/console/login?reason=loggedOut');
  };
}
