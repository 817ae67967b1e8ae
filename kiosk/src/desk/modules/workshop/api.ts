import { ApiClient } from '$lib/api/client.ts';
import { workshopApi } from '$lib/api/workshop-api.ts';
import { session } from '../../session.svelte.ts';

/** The workshop screens' API; a 401 (the session ended) sends the desk back to its start. */
export const wapi = workshopApi(
  new ApiClient({
    onUnauthenticated: () => {
      if (session.phase === 'ready') void session.start();
    },
  }),
);
