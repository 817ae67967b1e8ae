import { ApiClient } from '$lib/api/client.ts';
import { shopfloorApi } from '$lib/api/shopfloor-api.ts';
import { session } from '../../session.svelte.ts';

/** The shop-floor screens' API; a 401 (the session ended) sends the desk back to its start. */
export const sf = shopfloorApi(
  new ApiClient({
    onUnauthenticated: () => {
      if (session.phase === 'ready') void session.start();
    },
  }),
);
