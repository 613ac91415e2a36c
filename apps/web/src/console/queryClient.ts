import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from '../shared/api.ts';

/**
 * A 401 anywhere means the session ended (idle, logged out elsewhere, password changed): back to the login page, saying
 * so. Several queries fail at once when it happens; only the first navigates, because each further `assign` would abort
 * the one already under way and leave the page half-loaded.
 */
let leavingForLogin = false;
function onError(error: unknown) {
  if (
    error instanceof ApiError &&
    error.status === 401 &&
    !leavingForLogin &&
    !window.location.pathname.startsWith('/console/login')
  ) {
    leavingForLogin = true;
    window.location.assign(
      `/console/login?reason=expired&next=${encodeURIComponent(window.location.pathname + window.location.search)}`,
    );
  }
}

/** The console's one query cache: the app renders from it and the router's loaders fill it ahead of the pages. */
export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: { queries: { retry: (n, e) => !(e instanceof ApiError) && n < 2, refetchOnWindowFocus: false } },
});
