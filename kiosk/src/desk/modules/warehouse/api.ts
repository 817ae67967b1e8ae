import { ApiClient } from '$lib/api/client.ts';
import { warehouseApi } from '$lib/api/warehouse-api.ts';
import { session } from '../../session.svelte.ts';

/** The warehouse screens' API; a 401 (the session ended) sends the desk back to its start. */
export const wh = warehouseApi(
  new ApiClient({
    onUnauthenticated: () => {
      if (session.phase === 'ready') void session.start();
    },
  }),
);
